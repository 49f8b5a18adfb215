"""The statistics chart as a PNG (matplotlib, Agg: no display, no GUI toolkit).

Top: per kecamatan, progress against the target (persons completed / target persons, the
unit of the /statistik text; assisted ones marked), the target at 100%, each bar labelled
with its value ("0,2% dari target · 12 orang"): a bar too short to see still has its label,
and is drawn at least a sliver wide. Bottom: households completed per day.
Pure: takes numbers and already translated labels, returns PNG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot: render to memory only, in any process

import matplotlib.dates as mdates
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator, PercentFormatter

ONLINE = "#2b6cb0"
ASSISTED = "#90cdf4"
TARGET = "#c53030"


def progress_chart(**request: Any) -> bytes:
    out = io.BytesIO()
    draw(**request).savefig(out, format="png")
    return out.getvalue()


def draw(
    *,
    names: Sequence[str],
    shares: Sequence[float],
    assisted_shares: Sequence[float],
    target: float,
    days: Sequence[tuple[date, int]],
    first_day: date,
    last_day: date,
    labels: dict[str, str],
    values: Sequence[str] = (),
) -> Figure:
    """The chart as a matplotlib Figure (tests read its bars and texts back)."""
    # Figure (not pyplot): no global state, safe to call from any task or thread.
    figure = Figure(figsize=(8, 9), dpi=100)
    top, bottom = figure.subplots(2, 1, height_ratios=(3, 1.3))
    positions = list(range(len(names)))
    right = max([target * 1.3, *[s * 1.3 for s in shares]])
    sliver = right * 0.004  # early progress (0,1%) is still a visible bar
    own = [max(0.0, s - a) for s, a in zip(shares, assisted_shares, strict=True)]
    own = [max(o, sliver) if s > 0 and o > 0 else o for o, s in zip(own, shares, strict=True)]
    top.barh(positions, own, color=ONLINE, label=labels["online"])
    top.barh(positions, list(assisted_shares), left=own, color=ASSISTED,
             label=labels["assisted"])
    top.axvline(target, color=TARGET, linewidth=2, linestyle="--", label=labels["target"])
    for position, share, text in zip(positions, shares, values, strict=False):
        top.text(max(share, sliver) + right * 0.01, position, text, va="center", fontsize=7)
    top.set_yticks(positions, list(names))
    top.invert_yaxis()
    top.set_xlim(0, right)
    top.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
    top.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    top.set_xlabel(labels["share"])
    top.set_title(labels["title"])
    top.legend(loc="lower right", fontsize=8)
    top.grid(axis="x", alpha=0.3)

    counts = dict(days)
    span = max(0, (last_day - first_day).days)
    every = [first_day + timedelta(days=i) for i in range(span + 1)]
    bottom.bar(every, [counts.get(d, 0) for d in every], color=ONLINE, width=0.8)
    bottom.set_title(labels["per_day"], fontsize=10)
    bottom.set_ylabel(labels["households"])
    bottom.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-span // 7))))
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.grid(axis="y", alpha=0.3)
    bottom.set_ylim(0, max([4, *counts.values()]) * 1.1)
    _make_room(figure, names, bottom.get_ylim()[1])
    return figure


def _make_room(figure: Figure, names: Sequence[str], most: float) -> None:
    """Margins measured from the texts that need room: the kecamatan names (or the daily
    counts and their axis label) on the left, titles, tick labels and axis labels above,
    between and below the two charts. matplotlib's constrained layout finds the same by
    drawing every text twice more: about 40% of the chart's time (issue 14, /statistik)."""
    renderer = FigureCanvasAgg(figure).get_renderer()

    def size(text: str, points: Any) -> tuple[float, float]:
        width, height, _ = renderer.get_text_width_height_descent(
            text, FontProperties(size=points), ismath=False)
        return width, height

    px = figure.dpi / 72  # pixels a point
    tick = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]) * px
    labelpad, title_pad, pad = rcParams["axes.labelpad"] * px, rcParams["axes.titlepad"] * px, 8
    _, tick_h = size("0/", rcParams["xtick.labelsize"])
    _, label_h = size("Ag", rcParams["axes.labelsize"])
    _, title_h = size("Ag", rcParams["axes.titlesize"])
    _, small_title_h = size("Ag", 10)
    names_w = max([size(name, rcParams["ytick.labelsize"])[0] for name in names] or [0])
    counts_w = size(f"{most:.0f}", rcParams["ytick.labelsize"])[0] + labelpad + label_h
    width, height = figure.get_size_inches() * figure.dpi
    left = pad + tick + max(names_w, counts_w)
    top = pad + title_h + title_pad
    bottom = pad + tick + tick_h
    between = tick + tick_h + labelpad + label_h + 2 * pad + small_title_h + title_pad
    charts = height - top - bottom - between
    figure.subplots_adjust(left=left / width, right=1 - 2 * pad / width, top=1 - top / height,
                           bottom=bottom / height, hspace=between / (charts / 2))
