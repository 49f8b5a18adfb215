"""One unit for progress, said out loud, in every output (issue 15): /statistik's text, its PNG
chart (read back from the matplotlib figure the renderer draws) and the dashboard's Ringkasan
(its table and its SVG chart) all show progress against the target, name it "dari target",
label every bar with its value, and never let a bar with progress vanish. The share of the
whole population is shown apart, named as such."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import RecordingConsole
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from test_admin_stats import CAMPAIGN, T, seeded
from web_harness import page, serving, signed_in, web_settings

from bot.app import App
from bot.renderers import charts
from bot.settings import Settings
from conversations.reporting import stats

BAR_TEXT = re.compile(r'<text x="[\d.]+" y="[\d.]+" text-anchor="start" class="value">([^<]*)'
                      r"</text>")
BAR = re.compile(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="16" class="bar[^"]*">'
                 r"<title>([^:<]+):")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path)


@pytest.fixture
async def server(app: App, console: RecordingConsole) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


async def test_the_telegram_chart_labels_every_bar_in_the_texts_unit(app: App) -> None:
    await seeded(app)  # Blado 12 persons, Batang 2 (of 22.735 target persons), the rest none
    async with app.store.transaction() as tx:
        figures = await stats.gather(tx, CAMPAIGN, app.clock.today())
    request = stats.chart(figures, CAMPAIGN, T)
    figure = charts.draw(**request.model_dump(exclude={"kind"}))
    FigureCanvasAgg(figure).draw()  # lay it out as the PNG is: pixel sizes are real
    top = figure.axes[0]
    names = [label.get_text() for label in top.get_yticklabels()]
    values = dict(zip(request.names, (t.get_text() for t in top.texts), strict=True))

    # The value beside each bar, in the unit of the text: "% dari target" and persons.
    assert values["Blado"] == T("chart-value", percent="0,15%", persons="12")
    assert values["Batang"] == T("chart-value", percent="<0,01%", persons="2")
    assert values["Bandar"] == T("chart-value", percent="0%", persons="0")
    assert all("dari target" in value for value in values.values())
    assert not any("0,0%" in value for value in values.values())
    assert top.get_xlabel() == T("chart-progress-axis", share="17%")
    target = [line for line in top.lines if isinstance(line, Line2D)
              and list(line.get_xdata()) == [1.0, 1.0]]
    assert target, "the target is the 100% line"
    assert T("chart-target-line", share="17%") in [
        t.get_text() for t in top.get_legend().get_texts()]

    # The same numbers as the /statistik text, kecamatan by kecamatan.
    text = stats.progress_text(figures, CAMPAIGN, T)
    for name, value in values.items():
        percent = value.split(" ", 1)[0]
        assert re.search(rf"^{name}\*?: \S+ {re.escape(percent)} · ", text, re.M), name

    # 2 persons of 22.735 is a visible sliver (at least 2 pixels); nobody yet: no bar.
    own = top.patches[: len(names)]
    width = {name: bar.get_window_extent().width for name, bar in zip(names, own, strict=True)}
    assert width["Batang"] >= 2 and width["Blado"] >= 2
    assert width["Bandar"] == 0


async def test_ringkasan_table_and_chart_share_the_unit_and_say_it(
    app: App, console: RecordingConsole, server: str
) -> None:
    await seeded(app)
    async with await signed_in(app, console, server) as http:
        status, body = await page(http, f"{server}/admin/")
    assert status == 200
    svg = body[body.index('<svg xmlns="http://www.w3.org/2000/svg"'):]
    svg = svg[: svg.index("</svg>")]
    shown = [html.unescape(v) for v in BAR_TEXT.findall(svg)]
    bars = {name.rstrip("*"): float(width) for width, name in BAR.findall(svg)}
    assert len(shown) == len(bars) == len(CAMPAIGN.region.kecamatan)
    # Every bar's value says its unit; the chart's values are the PNG chart's, word for word.
    async with app.store.transaction() as tx:
        figures = await stats.gather(tx, CAMPAIGN, app.clock.today())
    assert shown == list(stats.chart(figures, CAMPAIGN, T).values)
    assert T("chart-value", percent="<0,01%", persons="2") in shown  # Batang
    assert bars["Batang"] >= 2 and bars["Bandar"] == 0  # early progress does not vanish
    assert html.escape(T("chart-progress-axis", share="17%")) in svg
    assert html.escape(T("chart-target-line", share="17%")) in svg

    # The table: "% dari target" in its header and the chart's percent on each row; the
    # population share in its own column, named.
    assert html.escape(T("web-col-progress")) in body and "dari target" in T("web-col-progress")
    assert html.escape(T("web-col-population")) in body
    row = re.search(r'<tr data-kecamatan="batang">(.*?)</tr>', body, re.S)
    assert row is not None
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                     row.group(1), re.S)]
    assert html.unescape(cells[4]) == "<0,01%"  # against the target, as the chart
    assert html.unescape(cells[5]) == "<0,01%"  # 2 of 133.735 residents
    assert 'style="--w: max(2px' in row.group(1)  # the meter does not vanish either
    assert html.escape(T("web-total-population", percent="<0,01%")) in body
