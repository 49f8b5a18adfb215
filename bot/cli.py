"""The `tutor-sensus` command (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.settings import Settings, SettingsError, load_settings
from conversations.campaign import CampaignError
from conversations.i18n import CatalogueError

log = logging.getLogger("tutor_sensus")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # The bot token is part of every Bot API URL: keep the HTTP client loggers quiet.
    for name in ("httpx", "httpcore", "telegram", "telegram.ext", "aiohttp.access"):
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor-sensus",
        description="Tutor Sensus: a chatbot that walks residents through the online census.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="chat with the bot in the terminal (the default channel)")
    chat.add_argument("--user", default="1", help="who is talking (console user id)")
    sub.add_parser("run", help="start every configured channel and the HTTP server")
    sub.add_parser("migrate", help="apply database migrations and exit")
    faq = sub.add_parser(
        "faq", help="answer questions from stdin, one per line, as JSON lines (evaluation)"
    )
    faq.add_argument("--lang", default="id", help="language of the questions (id, en)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"tutor-sensus: setting error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level if args.command != "chat" else "WARNING")
    try:
        if args.command == "chat":
            return asyncio.run(chat(settings, args.user))
        if args.command == "run":
            from bot.runner import run

            return asyncio.run(run(settings))
        if args.command == "migrate":
            return asyncio.run(migrate(settings))
        if args.command == "faq":
            from bot.faq_cli import run as run_faq

            return run_faq(sys.stdin, sys.stdout, lang=args.lang, campaign_path=settings.campaign)
    except (CampaignError, CatalogueError) as exc:
        print(f"tutor-sensus: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2


async def chat(settings: Settings, user: str) -> int:
    from bot.app import build_app
    from bot.channels.console import ConsoleChannel, payload_for, read_lines

    app = await build_app(settings)
    app.add_channel(ConsoleChannel())
    interactive = sys.stdin.isatty()
    if interactive:
        print(
            f"Tutor Sensus (konsol) · data: {settings.database_path}\n"
            "Ketik pesan atau nomor pilihan. Ketik /start untuk mulai. Ctrl+D untuk keluar.",
            file=sys.stderr,
        )
    try:
        await app.step()  # anything left from an interrupted session
        async for line in read_lines(sys.stdin):
            update_id, payload = payload_for(user, line)
            await app.processor.receive("console", update_id, payload)
            await app.step()
    finally:
        await app.close()
    return 0


async def migrate(settings: Settings) -> int:
    from bot.store import Store

    store = await Store.open(settings.database_path, migrate=False)
    try:
        applied = await store.migrate()
    finally:
        await store.close()
    print(f"database: {settings.database_path}")
    print(f"applied: {', '.join(applied) if applied else 'nothing (up to date)'}")
    return 0
