"""The Ringkasan charts as SVG made on the server: no chart library in the browser, readable
without JavaScript, sharp on a phone and on a projector. Every text is escaped."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

ROW = 26
LABEL = 120
WIDTH = 640
VALUE = 170  # room right of a bar for its value ("0,02% dari target · 4 orang")
MIN_BAR = 3  # a bar with any progress is at least this wide


def _text(x: float, y: float, value: str, *, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>'
            f"{escape(value)}</text>")


def progress_bars(rows: list[tuple[str, float, bool, str]], *, title: str, target_label: str,
                  axis: str) -> str:
    """One bar per kecamatan: (name, progress against its target, anyone yet, the value as
    shown: "0,02% dari target · 4 orang"), the target as a line at 100%, the unit below. A bar
    for early progress is never thinner than MIN_BAR, so it does not vanish; every bar has
    its value beside it."""
    plot = WIDTH - LABEL - VALUE
    scale = max([1.25, *(progress for _, progress, _, _ in rows)])
    height = ROW * len(rows) + 48
    x_target = LABEL + plot / scale
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
           f' role="img" aria-labelledby="chart-progress-title" class="chart">',
           f'<title id="chart-progress-title">{escape(title)}</title>']
    for i, (name, progress, anyone, shown) in enumerate(rows):
        y = 10 + i * ROW
        width = plot * min(progress, scale) / scale
        if anyone:
            width = max(width, MIN_BAR)
        reached = progress >= 1.0
        out.append(_text(LABEL - 6, y + 15, name, anchor="end"))
        out.append(f'<rect x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="16"'
                   f' class="{"bar reached" if reached else "bar"}"><title>{escape(name)}:'
                   f" {escape(shown)}</title></rect>")
        out.append(_text(LABEL + width + 4, y + 15, shown, cls="value"))
    bottom = 10 + ROW * len(rows)
    out.append(f'<line x1="{x_target:.1f}" y1="4" x2="{x_target:.1f}" y2="{bottom}"'
               ' class="target"/>')
    out.append(_text(x_target, bottom + 16, target_label, anchor="middle", cls="target-label"))
    out.append(_text(LABEL, bottom + 34, axis, cls="unit"))
    out.append("</svg>")
    return "".join(out)


def per_day(days: list[tuple[date, int]], first: date, last: date, *, title: str,
            axis: str) -> str:
    """Households completed per day from the campaign's first day to `last`."""
    counts = dict(days)
    span = max(1, (last - first).days + 1)
    span = min(span, 120)
    start = last - timedelta(days=span - 1)
    values = [counts.get(start + timedelta(days=i), 0) for i in range(span)]
    top = max([*values, 1])
    plot_w, plot_h, left, base = WIDTH - 60, 140, 40, 160
    step = plot_w / span
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 200" role="img"'
           ' aria-labelledby="chart-days-title" class="chart">',
           f'<title id="chart-days-title">{escape(title)}</title>',
           _text(left - 6, base - plot_h + 4, str(top), anchor="end", cls="value"),
           _text(left - 6, base, "0", anchor="end", cls="value"),
           f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" class="axis"/>']
    for i, value in enumerate(values):
        h = plot_h * value / top
        out.append(f'<rect x="{left + i * step + 1:.1f}" y="{base - h:.1f}"'
                   f' width="{max(step - 2, 1):.1f}" height="{h:.1f}" class="bar">'
                   f"<title>{(start + timedelta(days=i)).isoformat()}: {value}</title></rect>")
    out.append(_text(left, base + 18, start.strftime("%d/%m"), cls="value"))
    out.append(_text(left + plot_w, base + 18, last.strftime("%d/%m"), anchor="end",
                     cls="value"))
    out.append(_text(left + plot_w / 2, base + 34, axis, anchor="middle", cls="value"))
    out.append("</svg>")
    return "".join(out)
