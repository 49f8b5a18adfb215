"""The `tutor-sensus` command (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot import logs
from bot.secret_key import KeyProblem, generate_key
from bot.settings import Settings, SettingsError, load_settings
from bot.store import StoreMissing
from conversations.core.campaign import CampaignError
from conversations.core.i18n import CatalogueError

log = logging.getLogger("tutor_sensus")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # A burst of identical warnings (a flood of bad requests) becomes one summary line.
    for handler in logging.getLogger().handlers:
        logs.install(handler)
    # The bot token is part of every Bot API URL: keep the HTTP client loggers quiet.
    # pywa logs request bodies (what people are sent) at DEBUG: quiet as well.
    for name in ("httpx", "httpcore", "telegram", "telegram.ext", "aiohttp.access", "pywa",
                 "pywa_async"):
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor-sensus",
        description="Tutor Sensus: a chatbot that walks residents through the online census.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="chat with the bot in the terminal (the default channel)")
    chat.add_argument("--user", default="1", help="who is talking (console user id)")
    chat.add_argument("--name", default=None,
                      help="the name a platform would show for them (kept for staff and "
                           "admins: the audit log says who by name)")
    sub.add_parser("run", help="start every configured channel and the HTTP server")
    sub.add_parser("migrate", help="apply database migrations and exit")
    faq = sub.add_parser(
        "faq", help="answer questions from stdin, one per line, as JSON lines (evaluation)"
    )
    faq.add_argument("--lang", default="id", help="language of the questions (id, en)")
    sub.add_parser("keygen", help="print a new secret key for TUTOR_SENSUS_SECRET_KEY")
    voucher = sub.add_parser("voucher", help="look up or redeem a souvenir voucher")
    action = voucher.add_subparsers(dest="action", required=True)
    show = action.add_parser("show", help="show a voucher: valid, redeemed, household")
    show.add_argument("code")
    redeem = action.add_parser("redeem", help="redeem a voucher (exit 0 only if this call did)")
    redeem.add_argument("code")
    redeem.add_argument("--by", required=True, help="who hands over the souvenir")
    tutors = sub.add_parser("tutors", help="ASN tutors: leaderboards and the tutor table")
    tutors_action = tutors.add_subparsers(dest="action", required=True)
    tutors_report = tutors_action.add_parser(
        "report", help="one table as CSV on standard output (or --out FILE)"
    )
    tutors_report.add_argument("--format", choices=["csv"], default="csv")
    tutors_report.add_argument(
        "--table", choices=["opd", "tutors", "events"], required=True,
        help="opd: per work unit; tutors: every tutor with name and NIP; events: per event",
    )
    tutors_report.add_argument("--out", type=Path, help="write the table to this file")
    stats = sub.add_parser(
        "stats", help="progress against the target per kecamatan, the funnel, vouchers (text)"
    )
    stats.add_argument("--chart", type=Path, help="also write the PNG chart to this file")
    stats.add_argument("--lang", default="id", help="language of the text (id, en)")
    stats.add_argument("--recount", action="store_true",
                       help="rebuild the statistics' counters from the raw rows and say whether"
                       " they agreed (exit 1 if not); a short write, safe while the bot runs")
    export = sub.add_parser(
        "export", help="tables as an XLSX workbook (one sheet each) or CSV, as /ekspor"
    )
    export.add_argument(
        "--what", "--table", dest="what", nargs="+", action="extend", required=True,
        choices=["completions", "tutors", "stats", "funnel", "visits", "vouchers", "opd",
                 "audit", "all"], metavar="TABLE",
        help="one or more of: completions (KK masked), tutors (name, NIP), stats (per"
        " kecamatan and total against the target), funnel (tutorial steps), visits (officer"
        " visit requests: desa, RT/RW, contact), vouchers, opd, audit (admin and staff"
        " actions), or all",
    )
    export.add_argument("--format", choices=["xlsx", "csv"], default="xlsx",
                        help="xlsx (default): one workbook; csv: one file per table (a single"
                        " table without --out: standard output)")
    export.add_argument("--out", type=Path, help="the file (or folder) to write; default: the"
                        " current folder, tutor-sensus[-TABLE]-YYYY-MM-DD.xlsx")
    campaign = sub.add_parser("campaign", help="review a campaign file before launch")
    campaign_action = campaign.add_subparsers(dest="action", required=True)
    campaign_check = campaign_action.add_parser(
        "check", help="validate a campaign file (dates, texts in every language); exit 1 if not"
    )
    campaign_check.add_argument("file", nargs="?", help="default: TUTOR_SENSUS_CAMPAIGN or the"
                                " packaged campaign")
    campaign_preview = campaign_action.add_parser(
        "preview", help="what a resident sees on a day: welcome, menu, deadline, actions"
    )
    campaign_preview.add_argument("--date", required=True, type=date.fromisoformat,
                                  help="the day, YYYY-MM-DD")
    campaign_preview.add_argument("--lang", default="id", choices=["id", "en"])
    campaign_preview.add_argument("--file", help="the campaign file (default: as `run` uses)")
    backup = sub.add_parser("backup", help="a consistent copy of the live database")
    backup.add_argument("file", type=Path, help="the new file (it must not exist)")
    prune = sub.add_parser(
        "prune", help="delete what retention deletes now (TUTOR_SENSUS_RETENTION_DAYS)"
    )
    prune.add_argument("--days", type=int, help="older than this many days (default: the"
                       " setting TUTOR_SENSUS_RETENTION_DAYS)")
    prune.add_argument("--vacuum", action="store_true", help="then give the free space back"
                       " to the file system (SQLite: VACUUM; outside busy hours)")
    copy_data = sub.add_parser(
        "copy-data", help="copy the SQLite database into an empty PostgreSQL database"
    )
    copy_data.add_argument("--to", required=True, metavar="URL",
                           help="postgresql://user:pass@host:port/db (migrated, then filled)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "campaign" and args.action == "check" and args.file:
        from bot.campaign_cli import check

        return check(args.file)  # a file under review: the deployment's settings do not matter
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"tutor-sensus: setting error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level if args.command != "chat" else "WARNING")
    try:
        if args.command == "chat":
            return asyncio.run(chat(settings, args.user, args.name))
        if args.command == "run":
            from bot.runner import run

            return asyncio.run(run(settings))
        if args.command == "migrate":
            return asyncio.run(migrate(settings))
        if args.command == "faq":
            from bot.faq_cli import run as run_faq

            return run_faq(sys.stdin, sys.stdout, lang=args.lang, campaign_path=settings.campaign)
        if args.command == "keygen":
            print(generate_key())
            return 0
        if args.command == "voucher":
            from bot.voucher_cli import run as run_voucher

            by = getattr(args, "by", None)
            return asyncio.run(run_voucher(settings, args.action, args.code, by))
        if args.command == "tutors":
            from bot.tutors_cli import report as tutors_report

            return asyncio.run(tutors_report(settings, args.table, args.out))
        if args.command == "stats":
            from bot.admin_cli import recount, stats_report

            if args.recount:
                return asyncio.run(recount(settings))
            return asyncio.run(stats_report(settings, args.chart, args.lang))
        if args.command == "export":
            from bot.admin_cli import export

            return asyncio.run(export(settings, args.what, args.out, fmt=args.format))
        if args.command == "prune":
            from bot import prune_cli

            if args.days is not None and args.days < 1:
                print("tutor-sensus: prune --days needs 1 or more", file=sys.stderr)
                return 2
            return asyncio.run(prune_cli.run(settings, args.days, args.vacuum))
        if args.command == "copy-data":
            return copy_data(settings, args.to)
        if args.command == "campaign":
            from bot import campaign_cli

            if args.action == "check":
                return campaign_cli.check(settings.campaign)
            return campaign_cli.preview(args.file or settings.campaign, args.date, args.lang)
        if args.command == "backup":
            from bot.admin_cli import backup

            return backup(settings, args.file)
    except (CampaignError, CatalogueError, KeyProblem) as exc:
        print(f"tutor-sensus: {exc}", file=sys.stderr)
        return 2
    except StoreMissing as exc:
        print(f"tutor-sensus: {exc}. Start the bot once, or check TUTOR_SENSUS_DATA_DIR.",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2


async def chat(settings: Settings, user: str, name: str | None = None) -> int:
    from bot.app import build_app
    from bot.channels.console import ConsoleChannel, payload_for, read_lines
    from conversations.core.i18n import DEFAULT_LANGUAGE, Translator

    app = await build_app(settings)
    console = ConsoleChannel(user=user, data_dir=settings.data_dir)
    app.add_channel(console)
    # A byte that is not UTF-8 (a pasted Latin-1 text, a broken terminal) becomes U+FFFD and
    # the line is answered like any other, instead of ending the chat with a traceback.
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")
    interactive = sys.stdin.isatty()
    if interactive:
        print(
            f"Tutor Sensus (konsol) · data: {settings.database_label}\n"
            "Ketik pesan atau nomor pilihan. Ketik /start untuk mulai. Ctrl+D untuk keluar.",
            file=sys.stderr,
        )
    try:
        await app.step()  # anything left from an interrupted session
        # What others sent this person while they were away (a broadcast, a staff answer).
        t = Translator(DEFAULT_LANGUAGE, app.campaign, app.clock.today())
        console.show_inbox(lambda n: t("console-inbox", count=n))
        async for line in read_lines(sys.stdin):
            update_id, payload = payload_for(user, line, name)
            await app.processor.receive("console", update_id, payload)
            await app.step()
    finally:
        await app.close()
    return 0


async def migrate(settings: Settings) -> int:
    from bot.store import open_store

    store = await open_store(settings, migrate=False)
    try:
        applied = await store.migrate()
    finally:
        await store.close()
    print(f"database: {settings.database_label}")
    print(f"applied: {', '.join(applied) if applied else 'nothing (up to date)'}")
    return 0


def copy_data(settings: Settings, url: str) -> int:
    """The SQLite file of the data folder into PostgreSQL (bot/store/copy_data.py)."""
    from bot.store.copy_data import copy, migrate_source, prepare
    from bot.store.postgres import is_postgres_url

    if not is_postgres_url(url):
        print("tutor-sensus: copy-data --to needs postgresql://user:pass@host:port/db",
              file=sys.stderr)
        return 2
    asyncio.run(migrate_source(settings.database_path))
    asyncio.run(prepare(url))
    return copy(settings.database_path, url, sys.stdout)
