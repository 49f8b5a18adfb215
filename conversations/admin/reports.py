"""Admins' reports: /statistik (progress against the target, the funnel, vouchers, channels,
OPD and top tutors, and a PNG chart) and /ekspor (the tables as an XLSX workbook, one sheet
each, or as CSV files: conversations/reporting/exports.py).

The engine lets only admins reach these commands and the "ad." buttons; the steps check the
role again (a role taken away mid-flow ends there).
"""

from __future__ import annotations

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import format_number, format_share
from conversations.core.models import Document, Reply, Screen
from conversations.core.roles import Role, staff_names
from conversations.reporting import exports, stats

ADMIN = "admin"
MENU = "menu"
CSV_MIME = "text/csv"
FORMATS = ("csv", "xlsx")


async def cmd_stats(ctx: Context, args: str) -> Go:
    if ctx.role < Role.ADMIN:
        return Go(MENU, "main")
    figures = await stats.gather(ctx.tx, ctx.campaign, ctx.today)
    say = [Reply(text=text) for text in stats.texts(figures, ctx.campaign, ctx.t)]
    # The application renders the chart (bot/renderers/, in a thread, so webhooks are still
    # answered meanwhile).
    say.append(Reply(text=ctx.t("stats-chart-caption",
                                share=format_share(ctx.campaign.target.share, ctx.t.lang)),
                    image_render=stats.chart(figures, ctx.campaign, ctx.t)))
    ctx.emit("admin_stats")
    return Go(MENU, "main", say=say)


async def cmd_export(ctx: Context, args: str) -> Go:
    """/ekspor: the buttons; /ekspor TABLE... [csv|xlsx] ("all" for every table): the file."""
    if ctx.role < Role.ADMIN:
        return Go(MENU, "main")
    words = args.casefold().replace(",", " ").split()
    fmt = "csv" if "csv" in words else "xlsx"
    words = [w for w in words if w not in FORMATS]
    try:
        names = exports.resolve(words)
    except ValueError:
        return Go(ADMIN, "export")
    return Go(MENU, "main", say=await export_replies(ctx, names, fmt))


async def export_replies(ctx: Context, names: list[str], fmt: str = "xlsx") -> list[Reply]:
    """The tables as one XLSX workbook (a sheet each, empty ones with their header only), or
    as CSV files; a clear answer when none of them has data yet."""
    tables = await exports.tables(ctx.tx, names, ctx.campaign, ctx.today,
                                  ctx.config.staff_names)
    if not any(t.rows for t in tables):
        if len(tables) == 1:
            return [ctx.reply("export-empty", table=ctx.t(f"export-{names[0]}-label"))]
        return [ctx.reply("export-empty-all")]
    ctx.emit("admin_export", ", ".join(names) + (" (xlsx)" if fmt == "xlsx" else ""))
    day = ctx.today.isoformat()
    if fmt == "csv":
        return [Reply(text=ctx.t("export-file", table=ctx.t(f"export-{t.name}-label"),
                                 count=format_number(len(t.rows), ctx.t.lang)),
                      document=Document(
                          file_name=f"tutor-sensus-{t.name}-{day}.csv",
                          # utf-8-sig: Excel reads the "•" of the KK masks then
                          content=exports.to_csv(t.rows, t.columns).encode("utf-8-sig"),
                          mime_type=CSV_MIME))
                for t in tables if t.rows]
    count = format_number(sum(len(t.rows) for t in tables), ctx.t.lang)
    if len(tables) == 1:
        text = ctx.t("export-file", table=ctx.t(f"export-{names[0]}-label"), count=count)
        file_name = f"tutor-sensus-{names[0]}-{day}.xlsx"
    else:
        text = ctx.t("export-file-many", sheets=len(tables), count=count)
        file_name = f"tutor-sensus-{day}.xlsx"
    return [Reply(text=text, document=Document(file_name=file_name,
                                               render=exports.workbook(tables),
                                               mime_type=exports.XLSX_MIME))]


async def show_export(ctx: Context) -> Screen:
    items = [ctx.choice(f"ad.ex.{exports.ALL}", "export-all-label")]
    items += [ctx.choice(f"ad.ex.{name}", f"export-{name}-label") for name in exports.TABLES]
    return Screen(text=ctx.t("export-prompt"), items=items, nav=[ctx.choice("menu", "nav-menu")])


async def on_export_choice(ctx: Context, choice_id: str) -> Go | None:
    if ctx.role < Role.ADMIN:
        return Go(MENU, "main")
    name = choice_id.removeprefix("ad.ex.")
    if not choice_id.startswith("ad.ex.") or name not in (*exports.TABLES, exports.ALL):
        return None
    return Go(ADMIN, "export", say=await export_replies(ctx, exports.resolve(name)))


AUDIT_LINES = 25


async def cmd_audit(ctx: Context, args: str) -> Go:
    """The latest admin and staff actions: who did what, when (the rest: /ekspor audit)."""
    if ctx.role < Role.ADMIN:
        return Go(MENU, "main")
    rows = await ctx.tx.stats.audit(exports.AUDIT_KINDS, AUDIT_LINES)
    if not rows:
        return Go(MENU, "main", say=[ctx.reply("audit-empty")])
    lines = [ctx.t("audit-header", count=len(rows))]
    names = await staff_names(ctx.tx, ctx.config.staff_names)
    for row in exports.audit_rows(rows, ctx.t, names):
        lines.append(ctx.t("audit-line", at=row["waktu"], who=row["oleh"],
                           what=row["tindakan"], detail=row["rincian"]))
    return Go(MENU, "main", say=[Reply(text="\n".join(lines))])


FLOW = Flow(ADMIN, {"export": Step(show_export, on_choice=on_export_choice)})
