"""The admins' statistics: progress against the target per kecamatan, the tutorial funnel,
vouchers, channels, OPD and top tutors. `gather` reads the figures in the caller's
transaction (bot/store/stats.py); the rest is pure and formats them (`/statistik` and
`tutor-sensus stats` show the same text).

Progress is persons completed (online) against the target: the campaign's target share of
each kecamatan's population. Kecamatan whose population the campaign marks uncertain are
flagged (*) with their target called an estimate. Completions recorded by a tutor for a
household without a phone are counted and marked "dibantu".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.numbers import format_percent

from conversations.core.campaign import Campaign
from conversations.core.i18n import Translator, format_day, format_number, format_share
from conversations.core.models import ProgressChart
from conversations.core.ports import Stores
from conversations.reporting import leaderboard

BAR_WIDTH = 10
TOP = 5  # OPD and tutors listed


@dataclass
class KecamatanRow:
    id: str | None
    name: str
    population: int = 0
    uncertain: bool = False
    started: int = 0
    households: int = 0
    persons: int = 0
    assisted: int = 0
    assisted_persons: int = 0
    target: float = 0.0

    @property
    def progress(self) -> float:
        return self.persons / self.target if self.target else 0.0


@dataclass
class Figures:
    today: date
    kecamatan: list[KecamatanRow]
    total: KecamatanRow
    unknown: KecamatanRow  # completions without a kecamatan
    outside: KecamatanRow  # KK of another regency
    by_day: list[tuple[str, int, int, int]] = field(default_factory=list)
    funnel: dict[str, Any] = field(default_factory=dict)
    vouchers: dict[str, int] = field(default_factory=dict)
    stock: list[tuple[str, int, int]] = field(default_factory=list)
    channels: dict[str, dict[str, int]] = field(default_factory=dict)
    opd: list[dict[str, Any]] = field(default_factory=list)
    tutors: list[dict[str, Any]] = field(default_factory=list)
    visits: int = 0


async def gather(tx: Stores, campaign: Campaign, today: date) -> Figures:
    share = campaign.target.share
    region = campaign.region
    rows = {k.id: KecamatanRow(k.id, k.name, k.population, k.population_uncertain,
                               target=share * k.population) for k in region.kecamatan}
    unknown = KecamatanRow(None, "")
    outside = KecamatanRow(None, "")
    started = await tx.stats.started_by_kecamatan()
    for kecamatan_id, count in started.items():
        (rows.get(kecamatan_id or "") or unknown).started += count
    for item in await tx.stats.completions_by_kecamatan():
        row = rows.get(item["kecamatan"] or "") if item["in_region"] else outside
        row = row or unknown
        for name in ("households", "persons", "assisted", "assisted_persons"):
            setattr(row, name, getattr(row, name) + item[name])
    population = region.population_total or sum(k.population for k in region.kecamatan)
    total = KecamatanRow(None, "", population, target=share * population)
    for row in [*rows.values(), unknown]:  # KK of other regencies are not Batang's progress
        total.started += row.started
        total.households += row.households
        total.persons += row.persons
        total.assisted += row.assisted
        total.assisted_persons += row.assisted_persons
    figures = await tx.tutors.tutor_figures()
    channels = await tx.stats.people_by_channel()
    for channel, (households, persons) in (await tx.stats.completions_by_channel()).items():
        channels.setdefault(channel, {}).update(households=households, persons=persons)
    return Figures(
        today=today,
        kecamatan=list(rows.values()),
        total=total,
        unknown=unknown,
        outside=outside,
        by_day=await tx.stats.completions_by_day(),
        funnel=await tx.stats.funnel(),
        vouchers=await tx.stats.voucher_counts(),
        stock=await tx.stats.stock_rows(),
        channels=channels,
        opd=leaderboard.opd_rows(figures)[:TOP],
        tutors=[t for t in leaderboard.tutor_rows(figures, campaign) if t["rank"] != ""][:TOP],
        visits=await tx.stats.visit_count(),
    )


def bar(ratio: float, width: int = BAR_WIDTH) -> str:
    filled = max(0, min(width, round(ratio * width)))
    return "▓" * filled + "░" * (width - filled)


def _n(value: float, t: Translator) -> str:
    return format_number(round(value), t.lang)


def percent(ratio: float, lang: str) -> str:
    """18% from 10% up, 2,5% from 1%, 0,02% below (early progress is never "0%"), and
    "<0,01%" for less: /statistik, the chart and the dashboard say the same."""
    if 0 < ratio < 0.0001:
        return "<" + format_percent(0.0001, "#,##0.00%", locale=lang)
    pattern = "#,##0%" if ratio >= 0.1 else "#,##0.0%" if ratio >= 0.01 else "#,##0.##%"
    return format_percent(ratio, pattern, locale=lang)


def _pct(ratio: float, t: Translator) -> str:
    return percent(ratio, t.lang)


def population_share(row: KecamatanRow) -> float:
    """Persons completed as a share of the population (the target is a share of it too)."""
    return row.persons / row.population if row.population else 0.0


def _line(t: Translator, key: str, row: KecamatanRow, name: str) -> str:
    assisted = " " + t("stats-assisted", count=_n(row.assisted, t)) if row.assisted else ""
    return t(key, name=name, mark="*" if row.uncertain else "", bar=bar(row.progress),
             percent=_pct(row.progress, t), persons=_n(row.persons, t),
             target=_n(row.target, t), households=_n(row.households, t), assisted=assisted,
             started=_n(row.started, t))


def progress_text(figures: Figures, campaign: Campaign, t: Translator) -> str:
    lines = [t("stats-header", date=format_day(figures.today, t.lang)),
             t("stats-target", share=format_share(campaign.target.share, t.lang))]
    ranked = sorted(figures.kecamatan, key=lambda r: (-r.progress, r.name))
    lines += [_line(t, "stats-kecamatan-line", row, row.name) for row in ranked]
    lines.append(_line(t, "stats-total-line", figures.total, ""))
    lines.append(t("stats-total-population", percent=_pct(population_share(figures.total), t),
                   share=format_share(campaign.target.share, t.lang)))
    if figures.unknown.households or figures.unknown.started:
        lines.append(t("stats-unknown-line", households=_n(figures.unknown.households, t),
                       persons=_n(figures.unknown.persons, t),
                       started=_n(figures.unknown.started, t)))
    if figures.outside.households:
        lines.append(t("stats-outside-line", households=_n(figures.outside.households, t),
                       persons=_n(figures.outside.persons, t)))
    uncertain = [r.name for r in figures.kecamatan if r.uncertain]
    if uncertain:
        lines.append(t("stats-uncertain", names=", ".join(uncertain)))
    return "\n".join(lines)


def funnel_text(figures: Figures, campaign: Campaign, t: Translator) -> str:
    funnel = figures.funnel
    tops: dict[int, tuple[int, int]] = funnel.get("tops", {})
    lines = [t("stats-funnel-header", started=_n(funnel.get("started", 0), t))]
    for index, step in enumerate(campaign.tutorial.steps):
        reached = sum(count for top, (count, _) in tops.items() if top >= index)
        stopped = tops.get(index, (0, 0))[1]
        lines.append(t("stats-funnel-line", n=index + 1, title=t(f"step-{step.id}-title"),
                       reached=_n(reached, t), stopped=_n(stopped, t)))
    lines.append(t("stats-funnel-done", done=_n(funnel.get("tutorial_done", 0), t),
                   completed=_n(figures.total.households, t)))
    return "\n".join(lines)


def other_text(figures: Figures, campaign: Campaign, t: Translator) -> str:
    left = sum(total - taken for _, total, taken in figures.stock)
    lines = [t("stats-vouchers", issued=_n(figures.vouchers.get("issued", 0), t),
               redeemed=_n(figures.vouchers.get("redeemed", 0), t), left=_n(left, t))]
    for souvenir_id, total, taken in figures.stock:
        souvenir = campaign.souvenir(souvenir_id)
        lines.append(t("stats-stock-line", souvenir=souvenir.name if souvenir else souvenir_id,
                       left=_n(total - taken, t), total=_n(total, t)))
    lines.append(t("stats-visits", count=_n(figures.visits, t)))
    lines.append(t("stats-channels-header"))
    for channel in sorted(figures.channels):
        c = figures.channels[channel]
        lines.append(t(
            "stats-channel-line", channel=t(f"channel-{channel}") if channel in (
                "telegram", "whatsapp", "console") else channel,
            people=_n(c.get("people", 0), t), started=_n(c.get("started", 0), t),
            households=_n(c.get("households", 0), t), persons=_n(c.get("persons", 0), t),
            opted=_n(c.get("opted_out", 0), t), blocked=_n(c.get("blocked", 0), t)))
    lines.append(t("stats-opd-header"))
    if not figures.opd:
        lines.append(t("stats-none"))
    for row in figures.opd:
        lines.append(t("stats-opd-line", rank=row["rank"], opd=row["opd"],
                       households=_n(row["completed_households"], t),
                       persons=_n(row["completed_persons"], t),
                       assisted=_n(row["assisted_households"], t),
                       tutors=_n(row["tutors_registered"], t)))
    lines.append(t("stats-tutors-header"))
    if not figures.tutors:
        lines.append(t("stats-none"))
    for row in figures.tutors:
        lines.append(t("stats-tutor-line", rank=row["rank"], name=row["name"] or "-",
                       opd=row["opd"], households=_n(row["completed_households"], t),
                       assisted=_n(row["assisted_households"], t)))
    return "\n".join(lines)


def texts(figures: Figures, campaign: Campaign, t: Translator) -> list[str]:
    """The statistics as a few messages, each within a chat message's limits."""
    return [progress_text(figures, campaign, t), funnel_text(figures, campaign, t),
            other_text(figures, campaign, t)]


def chart(figures: Figures, campaign: Campaign, t: Translator) -> ProgressChart:
    """The chart to draw (bot/renderers/charts.py renders it as a PNG)."""
    rows = sorted(figures.kecamatan, key=lambda r: r.name)
    # The text's unit: progress against the target (persons / target persons), target = 100%.
    return ProgressChart(
        names=[r.name + ("*" if r.uncertain else "") for r in rows],
        shares=[r.progress for r in rows],
        assisted_shares=[r.assisted_persons / r.target if r.target else 0.0 for r in rows],
        target=1.0,
        values=[t("chart-value", percent=_pct(r.progress, t), persons=_n(r.persons, t))
                for r in rows],
        days=[(date.fromisoformat(d), households) for d, households, _, _ in figures.by_day],
        first_day=campaign.timeline.final.opens,
        last_day=min(max(figures.today, campaign.timeline.final.opens),
                     campaign.timeline.final.closes),
        labels={
            "title": t("chart-title", region=campaign.region.name),
            "share": t("chart-progress-axis",
                       share=format_share(campaign.target.share, t.lang)),
            "target": t("chart-target-line", share=format_share(campaign.target.share, t.lang)),
            "assisted": t("chart-assisted"),
            "online": t("chart-online"),
            "per_day": t("chart-per-day"),
            "households": t("chart-households-axis"),
        },
    )
