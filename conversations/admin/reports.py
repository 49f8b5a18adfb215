"""Admins' reports: /statistik (progress against the target, the funnel, vouchers, channels,
OPD and top tutors, and a PNG chart) and /ekspor (the tables as an XLSX workbook, one sheet
each, or as CSV files: conversations/reporting/exports.py).

Both answer at once ("sedang disiapkan…") and are prepared in the background by
`build_stats` and `build_export` (the feature's `reports`), on a read-only snapshot outside
any write transaction, so a resident's reply never waits for an admin's report.

The engine lets only admins reach these commands and the "ad." buttons; the steps check the
role again (a role taken away mid-flow ends there).
"""

from __future__ import annotations

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import Translator, format_number, format_share
from conversations.core.models import Document, ExportFile, Reply, ReportRequest, Screen
from conversations.core.reports import ReportContext
from conversations.core.roles import Role, staff_names
from conversations.reporting import exports, stats

ADMIN = "admin"
MENU = "menu"
CSV_MIME = "text/csv"
FORMATS = ("csv", "xlsx")


async def cmd_stats(ctx: Context, args: str) -> Go:
    if ctx.role < Role.ADMIN:
        return Go(MENU, "main")
    ctx.emit("admin_stats")
    return Go(MENU, "main", say=[_preparing(ctx, ReportRequest(kind="stats"))])


def _preparing(ctx: Context, request: ReportRequest) -> Reply:
    """"Being prepared" at once; the report itself follows when it is ready (a background job
    on a read-only snapshot: conversations/core/reports.py)."""
    request = request.model_copy(update={"lang": ctx.t.lang})
    return Reply(text=ctx.t("report-preparing"), report=request)


async def build_stats(rc: ReportContext) -> list[Reply]:
    """/statistik's texts and chart (the application draws the chart in a thread)."""
    figures = await stats.gather(rc.tx, rc.campaign, rc.today)
    say = [Reply(text=text) for text in stats.texts(figures, rc.campaign, rc.t)]
    say.append(Reply(text=rc.t("stats-chart-caption",
                               share=format_share(rc.campaign.target.share, rc.t.lang)),
                     image_render=stats.chart(figures, rc.campaign, rc.t)))
    return say


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
    return Go(MENU, "main", say=[export_request(ctx, names, fmt)])


def export_request(ctx: Context, names: list[str], fmt: str = "xlsx") -> Reply:
    return _preparing(ctx, ReportRequest(kind="export", tables=names, fmt=fmt))


async def build_export(rc: ReportContext) -> list[Reply]:
    """The tables as one XLSX workbook (a sheet each, empty ones with their header only), or
    as CSV files (tables without rows left out); a clear answer when none of them has data
    yet. The application streams the rows into the files (split into parts over the
    platform's upload limit) and the replies carry the files by reference."""
    names, fmt, t = rc.request.tables, rc.request.fmt, rc.t
    tables = await exports.tables(rc.tx, names, rc.campaign, rc.today, rc.config.staff_names)
    day = rc.today.isoformat()
    replies = []
    if fmt == "csv":
        for table in tables:
            for file in await rc.files.write([table], "csv",
                                             f"tutor-sensus-{table.name}-{day}.csv"):
                text = t("export-file", table=t(f"export-{table.name}-label"),
                         count=format_number(sum(file.rows.values()), t.lang))
                replies.append(_file_reply(t, text, file, CSV_MIME))
    else:
        if len(tables) == 1:
            file_name = f"tutor-sensus-{names[0]}-{day}.xlsx"
        else:
            file_name = f"tutor-sensus-{day}.xlsx"
        for file in await rc.files.write(tables, "xlsx", file_name):
            count = format_number(sum(file.rows.values()), t.lang)
            if len(tables) == 1:
                text = t("export-file", table=t(f"export-{names[0]}-label"), count=count)
            else:
                text = t("export-file-many", sheets=len(tables), count=count)
            replies.append(_file_reply(t, text, file, exports.XLSX_MIME))
    if replies:  # the audit log records exports that gave a file (not its own content)
        rc.emit("admin_export", ", ".join(names) + (" (xlsx)" if fmt == "xlsx" else ""))
        return replies
    if len(tables) == 1:
        return [Reply(text=t("export-empty", table=t(f"export-{names[0]}-label")))]
    return [Reply(text=t("export-empty-all"))]


def _file_reply(t: Translator, text: str, file: ExportFile, mime: str) -> Reply:
    if file.parts > 1:
        text += "\n" + t("export-part", part=file.part, parts=file.parts)
    return Reply(text=text, document=Document(file_name=file.file_name, path=file.path,
                                              mime_type=mime))


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
    return Go(ADMIN, "export", say=[export_request(ctx, exports.resolve(name))])


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

REPORTS = {"stats": build_stats, "export": build_export}
