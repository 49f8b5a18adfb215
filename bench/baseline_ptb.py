"""The conventional PTB bot the project is compared with, and an in-process comparison.

The end-to-end comparison over HTTP (webhook in, Bot API out) is bench/e2e.py; it starts this
file with `--serve` (the baseline as a webhook bot) in a child process. Without `--serve`
this file runs the comparison below, in process, without HTTP.

Baseline: a `telegram.ext.Application` with a `ConversationHandler` (states for the menu, the
kecamatan question, a tutorial step, the problem list and one problem, with
CallbackQueryHandlers) and `PicklePersistence`, fed `Update` objects through
`application.process_update()` one at a time (what PTB's own update fetcher does with
`concurrent_updates=False`). Its texts come from the same Fluent catalogue as ours, so both
sides format the same messages.

Ours: bench/engine.py's pipeline (the real App, a SQLite file, inbox -> engine -> outbox ->
sender) with the real Telegram adapter, fed the same Bot API updates through `accept()`.

Both sides talk to a Bot API that answers at once (a `BaseRequest` subclass returning canned
results), so neither pays for a network. Same residents, same seed, same scripted sessions.

Crash safety (`--persistence`):
  update   (default) the baseline writes its pickle after every update
           (`await application.update_persistence()` after each `process_update`; with
           `on_flush=False` PicklePersistence rewrites the whole file). A killed process loses
           nothing it has answered, which is what our SQLite commit before sending guarantees
           (WAL, synchronous=NORMAL: survives a killed process, not a power cut; the pickle
           is not fsynced either).
  interval the baseline writes every `--interval` seconds (PTB's `update_interval`): a crash
           loses up to that much conversation state, a weaker guarantee than ours.
  both     run both baselines.

Throughput is measured in closed loop (`--concurrency` residents send as soon as answered);
latency p50/p99 in open loop at one rate for every side: `--rate`, or by default half the
slowest side's ceiling, so every side can sustain it and p99 is not just queue growth.

    python bench/baseline_ptb.py
    python bench/baseline_ptb.py --persistence both --seconds 8
    python bench/baseline_ptb.py --serve --port 8081 --api http://127.0.0.1:9000/bot

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import pickle
import signal
import subprocess
import sys
import tempfile
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)
from telegram.warnings import PTBUserWarning

try:  # `python bench/baseline_ptb.py` puts bench/ on sys.path
    import engine as ours
except ImportError:  # `python -m bench.baseline_ptb`
    from bench import engine as ours

from conversations.core.campaign import Campaign, load_campaign
from conversations.core.i18n import Translator
from conversations.core.text import normalise

MENU, KECAMATAN, STEP, PROBLEMS, PROBLEM, DONE = range(6)
PAGE_ITEMS = 7  # the same paging as ours: 10 rows minus the two paging buttons and "Lewati"


# --- the conventional bot ----------------------------------------------------------------------
class TutorBot:
    """Menu -> kecamatan -> tutorial steps -> problems, the way a PTB tutorial would write it."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.t = Translator("id", campaign)
        self.steps = campaign.tutorial.steps
        self.kecamatan = {k.id: k.name for k in campaign.region.kecamatan}
        self.phase = campaign.on(ours.CAMPAIGN_DAY).phase

    def handler(self) -> ConversationHandler[Any]:
        cb = CallbackQueryHandler
        return ConversationHandler(
            entry_points=[CommandHandler("start", self.start)],
            states={
                MENU: [cb(self.tutorial_start, pattern=r"^tut\.(start|resume)$")],
                KECAMATAN: [
                    cb(self.kecamatan_chosen, pattern=r"^(kec\..+|skip)$"),
                    cb(self.kecamatan_page, pattern=r"^page\.\d+$"),
                    MessageHandler(filters.TEXT & ~filters.COMMAND, self.kecamatan_typed),
                ],
                STEP: [
                    cb(self.step_move, pattern=r"^(next|back)$"),
                    cb(self.problems, pattern=r"^problems$"),
                ],
                PROBLEMS: [
                    cb(self.problem, pattern=r"^pr\..+$"),
                    cb(self.back_to_step, pattern=r"^step$"),
                ],
                PROBLEM: [
                    cb(self.back_to_step, pattern=r"^step$"),
                    cb(self.problems, pattern=r"^problems$"),
                ],
                DONE: [cb(self.tutorial_start, pattern=r"^tut\.start$")],
            },
            fallbacks=[
                CommandHandler("start", self.start),
                CommandHandler("menu", self.menu_command),
                cb(self.menu_button, pattern=r"^menu$"),
            ],
            name="tutor",
            persistent=True,
            allow_reentry=True,
        )

    # --- helpers ---
    @staticmethod
    def markup(buttons: list[tuple[str, str]]) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]
                                     for data, label in buttons])

    async def say(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
                  buttons: list[tuple[str, str]] | None = None) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id, text, reply_markup=self.markup(buttons) if buttons else None
        )

    @staticmethod
    async def answer(update: Update) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()

    @staticmethod
    def data(update: Update) -> str:
        assert update.callback_query is not None
        return update.callback_query.data or ""

    @staticmethod
    def user(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
        assert context.user_data is not None
        return context.user_data

    # --- menu ---
    async def show_menu(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                        welcome: bool = False) -> int:
        t, user = self.t, self.user(context)
        lines = [t("welcome")] if welcome else []
        lines += [t(f"phase-{self.phase.id}"), t("menu-prompt")]
        buttons = []
        if user.get("index") is not None and not user.get("done"):
            buttons.append(("tut.resume", t("menu-resume", step=user["index"] + 1)))
        started = user.get("index") is not None
        buttons += [
            ("tut.start", t("menu-restart" if started else "menu-start")),
            ("checklist", t("menu-checklist")), ("faq", t("menu-faq")),
            ("help", t("menu-help")), ("lang", t("menu-language")),
        ]
        await self.say(update, context, "\n\n".join(lines), buttons)
        return MENU

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        return await self.show_menu(update, context, welcome=True)

    async def menu_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        return await self.show_menu(update, context)

    async def menu_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        return await self.show_menu(update, context)

    # --- tutorial ---
    async def tutorial_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        user = self.user(context)
        if self.data(update) == "tut.start" or user.get("index") is None:
            user["index"], user["done"] = 0, False
        if not user.get("kecamatan_asked"):
            user["page"] = 0
            return await self.show_kecamatan(update, context)
        return await self.show_step(update, context, user["index"])

    async def show_kecamatan(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        t, page = self.t, self.user(context).get("page", 0)
        items = list(self.kecamatan.items())
        pages = -(-len(items) // PAGE_ITEMS)
        buttons = [(f"kec.{k}", name)
                   for k, name in items[page * PAGE_ITEMS:(page + 1) * PAGE_ITEMS]]
        if page > 0:
            buttons.append((f"page.{page - 1}", t("nav-previous")))
        if page < pages - 1:
            buttons.append((f"page.{page + 1}", t("nav-more")))
        buttons.append(("skip", t("nav-skip")))
        await self.say(update, context, t("ask-kecamatan"), buttons)
        return KECAMATAN

    async def kecamatan_page(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        self.user(context)["page"] = int(self.data(update).removeprefix("page."))
        return await self.show_kecamatan(update, context)

    async def save_kecamatan(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                             kec: str | None) -> int:
        user = self.user(context)
        user["kecamatan_asked"] = True
        if kec is not None:
            user["kecamatan"] = kec
            await self.say(update, context,
                           self.t("kecamatan-saved", name=self.kecamatan[kec]))
        return await self.show_step(update, context, user.get("index") or 0)

    async def kecamatan_chosen(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        data = self.data(update)
        return await self.save_kecamatan(
            update, context, None if data == "skip" else data.removeprefix("kec.")
        )

    async def kecamatan_typed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.message is not None
        typed = normalise(update.message.text or "")
        names = {k: normalise(name) for k, name in self.kecamatan.items()}
        best = process.extractOne(typed, names, scorer=fuzz.ratio, score_cutoff=85)
        if best is None:
            await self.say(update, context, self.t("kecamatan-unknown", hint=""))
            return await self.show_kecamatan(update, context)
        return await self.save_kecamatan(update, context, best[2])

    async def show_step(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                        index: int) -> int:
        t, user = self.t, self.user(context)
        user["index"] = index
        user["max"] = max(user.get("max", -1), index)
        step = self.steps[index]
        header = t("step-header", n=index + 1, total=len(self.steps))
        text = f"{header} — {t(f'step-{step.id}-title')}\n\n{t(f'step-{step.id}-body')}"
        buttons = [("next", t("nav-next"))]
        if index > 0:
            buttons.append(("back", t("nav-back")))
        if step.problems:
            buttons.append(("problems", t("nav-problems")))
        buttons.append(("menu", t("nav-menu")))
        await self.say(update, context, text, buttons)
        return STEP

    async def step_move(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        user = self.user(context)
        index = user.get("index") or 0
        if self.data(update) == "back":
            return await self.show_step(update, context, max(0, index - 1))
        if index + 1 >= len(self.steps):
            user["done"] = True
            await self.say(update, context, self.t("tutorial-done"),
                           [("menu", self.t("nav-menu")), ("tut.start", self.t("menu-restart"))])
            return DONE
        return await self.show_step(update, context, index + 1)

    async def problems(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        t, index = self.t, self.user(context).get("index") or 0
        buttons = [(f"pr.{p}", t(f"problem-{p}-label")) for p in self.steps[index].problems]
        buttons += [("step", t("nav-back-to-step", n=index + 1)), ("menu", t("nav-menu"))]
        await self.say(update, context, t("problems-prompt", n=index + 1), buttons)
        return PROBLEMS

    async def problem(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        t, user = self.t, self.user(context)
        index, problem = user.get("index") or 0, self.data(update).removeprefix("pr.")
        user["problem"] = problem
        buttons = [("step", t("nav-back-to-step", n=index + 1))]
        if len(self.steps[index].problems) > 1:
            buttons.append(("problems", t("nav-other-problems")))
        buttons.append(("menu", t("nav-menu")))
        await self.say(update, context, t(f"problem-{problem}-body"), buttons)
        return PROBLEM

    async def back_to_step(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await self.answer(update)
        return await self.show_step(update, context, self.user(context).get("index") or 0)


# --- the baseline as a system the load generator drives ----------------------------------------
class PtbBaseline:
    def __init__(self, campaign: Campaign, persistence: str, interval: float,
                 known: list[int] | None = None) -> None:
        self.persistence_kind = persistence
        self.interval = interval
        setting = ("update_persistence() after every update" if persistence == "update"
                   else f"update_interval={interval:g}s")
        self.label = f"baseline PTB ConversationHandler + PicklePersistence ({setting})"
        self.tmp = tempfile.TemporaryDirectory(prefix="tutor-sensus-ptb-")
        self.path = Path(self.tmp.name) / "bot.pickle"
        self.campaign = campaign
        self.queue: asyncio.Queue[tuple[ours.Resident, dict[str, Any]]] = asyncio.Queue()
        self.buttons: dict[int, list[str]] = defaultdict(list)
        self.on_done: Any = lambda r, b: None
        self.errors = 0
        self._tasks: list[asyncio.Task[Any]] = []
        if known:  # people who talked to the bot before, at the menu (as for ours)
            with self.path.open("wb") as file:
                pickle.dump({
                    "conversations": {"tutor": {(u, u): MENU for u in known}},
                    "user_data": {u: {} for u in known}, "chat_data": {u: {} for u in known},
                    "bot_data": {}, "callback_data": None,
                }, file)

    def _record(self, endpoint: str, params: dict[str, Any]) -> None:
        if endpoint == "sendMessage" and params.get("reply_markup"):
            rows = params["reply_markup"]["inline_keyboard"]
            self.buttons[int(params["chat_id"])] = [b["callback_data"] for r in rows for b in r]

    async def start(self) -> None:
        persistence = PicklePersistence(
            self.path, single_file=True, on_flush=False,
            update_interval=self.interval if self.persistence_kind == "interval" else 60,
        )
        self.app = (
            Application.builder().token("123456:bench")
            .request(ours.null_request(self._record))
            .get_updates_request(ours.null_request())
            .persistence(persistence).updater(None).build()
        )
        with warnings.catch_warnings():  # per_message=False with CallbackQueryHandlers
            warnings.simplefilter("ignore", PTBUserWarning)
            self.app.add_handler(TutorBot(self.campaign).handler())
        self.app.add_error_handler(self._error)
        await self.app.initialize()
        self._tasks.append(asyncio.create_task(self._consume()))
        if self.persistence_kind == "interval":  # what Application.start() would run
            self._tasks.append(asyncio.create_task(self._flush_every()))

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.errors += 1
        if self.errors <= 3:
            logging.getLogger(__name__).error("baseline handler failed: %r", context.error)

    def submit(self, resident: ours.Resident, update_id: int, action: tuple[str, str]) -> None:
        self.queue.put_nowait(
            (resident, ours.telegram_update(update_id, resident.user_id, action))
        )

    async def _consume(self) -> None:
        while True:
            resident, data = await self.queue.get()
            update = Update.de_json(data, self.app.bot)
            await self.app.process_update(update)
            if self.persistence_kind == "update":
                await self.app.update_persistence()
            buttons = self.buttons.get(resident.user_id, [])
            self.on_done(resident, buttons)

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.app.update_persistence()

    def file_bytes(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.app.shutdown()
        self.tmp.cleanup()


# --- the baseline as a webhook bot (bench/e2e.py starts it in a child process) -------------------
async def serve(args: argparse.Namespace) -> None:
    """PTB's "custom webhook" pattern: our aiohttp handler checks the secret, puts the update
    in `application.update_queue` and answers 200; PTB handles the queue one update at a time
    (`concurrent_updates=False`, the default) and calls the Bot API with its httpx client.

    --persistence interval: `application.start()` as a PTB bot runs it, PicklePersistence
    saved every `--interval` s (PTB's default is 60 s: a crash loses up to that much).
    --persistence update: the pickle is written after every update (crash-safe like ours).
    """
    import importlib.util

    from aiohttp import web

    # The same one-line fix our adapter applies (bot/channels/telegram.py): without sniffio
    # installed, httpcore retries a failing import on every request. Both sides get it, so the
    # comparison is about the designs, not about that.
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]
    campaign = load_campaign()
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    persistence = PicklePersistence(
        data / "bot.pickle", single_file=True, on_flush=False, update_interval=args.interval,
    )
    application = (
        Application.builder().token(args.token).base_url(args.api)
        .persistence(persistence).updater(None).build()
    )
    with warnings.catch_warnings():  # per_message=False with CallbackQueryHandlers
        warnings.simplefilter("ignore", PTBUserWarning)
        application.add_handler(TutorBot(campaign).handler())

    async def webhook(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != args.secret:
            return web.Response(status=403, text="forbidden")
        update = Update.de_json(await request.json(), application.bot)
        await application.update_queue.put(update)
        return web.Response(text="ok")

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def consume() -> None:  # --persistence update: what start() does, plus a flush
        while True:
            update = await application.update_queue.get()
            await application.process_update(update)
            await application.update_persistence()

    http = web.Application()
    http.router.add_post("/telegram", webhook)
    http.router.add_get("/healthz", healthz)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with application:  # initialize() ... shutdown() (which saves the pickle)
        consumer = None
        if args.persistence == "interval":
            await application.start()
        else:
            consumer = asyncio.create_task(consume())
        runner = web.AppRunner(http, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", args.port).start()
        await stop.wait()
        await runner.cleanup()
        if consumer is not None:
            consumer.cancel()
            await asyncio.gather(consumer, return_exceptions=True)
        else:
            await application.stop()


# --- running and printing ----------------------------------------------------------------------
SIDES = ("ours", "ptb-update", "ptb-interval")


def side_name(side: str, args: argparse.Namespace) -> str:
    if side == "ours":
        return f"ours ({args.ours_channel} adapter)"
    return "PTB, flush per update" if side == "ptb-update" else (
        f"PTB, flush every {args.interval:g} s")


async def measure_one(args: argparse.Namespace) -> dict[str, Any]:
    """One side, one run, in this process (the parent runs each in a fresh process)."""
    campaign = load_campaign()
    residents = ours.make_residents(args.residents, campaign, args.seed)
    known = [r.user_id for r in residents]
    system: Any
    if args.one == "ours":
        system = ours.Pipeline(args.ours_channel, known=known)
    else:
        system = PtbBaseline(campaign, args.one.removeprefix("ptb-"), args.interval, known)
    await system.start()
    try:
        active = ours.active_residents(residents, args.rate, args)
        result = await ours.drive(system, active, rate=args.rate, seconds=args.seconds,
                                  concurrency=args.concurrency)
        if isinstance(system, PtbBaseline):
            state = f"pickle {system.file_bytes() / 1e6:.2f} MB"
            if system.errors:
                state += f", {system.errors} handler errors"
        else:
            state = f"SQLite {sum(system.db_bytes().values()) / 1e6:.1f} MB incl. WAL"
    finally:
        await system.close()
    return {
        "throughput": result.throughput, "p50": result.pct(50), "p99": result.pct(99),
        "offered": result.offered, "handled": result.handled,
        "sustained": result.rate is None or ours.sustained(result),
        "state": state, "rss_mb": ours.peak_rss_mb(),
        "mix": dict(result.mix.most_common()), "active": len(active),
    }


def run_child(args: argparse.Namespace, side: str, rate: float | None) -> dict[str, Any]:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--one", side,
        "--residents", str(args.residents), "--seconds", str(args.seconds),
        "--concurrency", str(args.concurrency), "--interval", str(args.interval),
        "--ours-channel", args.ours_channel, "--seed", str(args.seed),
    ]
    if rate is not None:
        command += ["--rate", str(rate)]
    command += ["--think", str(args.think)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{side} failed (exit {done.returncode})")
    return json.loads(lines[-1].removeprefix("RESULT "))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each run")
    parser.add_argument("--concurrency", type=int, default=200,
                        help="closed loop: updates in flight at once")
    parser.add_argument("--rate", type=float, default=None,
                        help="open-loop rate for the latency runs (default: half the slowest"
                             " side's ceiling)")
    parser.add_argument("--persistence", choices=("update", "interval", "both"),
                        default="update", help="the baseline's crash-safety setting")
    parser.add_argument("--interval", type=float, default=1.0,
                        help="--persistence interval: seconds between pickle writes")
    parser.add_argument("--ours-channel", choices=("telegram", "console"), default="telegram",
                        help="our adapter: telegram (the same Bot API updates as the "
                             "baseline) or console")
    parser.add_argument("--think", type=float, default=2.0,
                        help="open loop: seconds between one resident's updates (sets how"
                             " many residents are active: rate x think)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--one", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true",
                        help="run the baseline as a webhook bot (used by bench/e2e.py)")
    parser.add_argument("--port", type=int, default=8081, help="--serve: HTTP port")
    parser.add_argument("--api", default="https://api.telegram.org/bot",
                        help="--serve: Bot API base URL")
    parser.add_argument("--token", default="123:ABC", help="--serve: bot token")
    parser.add_argument("--secret", default="", help="--serve: webhook secret token")
    parser.add_argument("--data", default="ptb-data", help="--serve: folder for the pickle")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.serve:
        asyncio.run(serve(args))
        return
    if args.one:
        print("RESULT " + json.dumps(asyncio.run(measure_one(args))))
        return
    sides = ["ours"] + {"update": ["ptb-update"], "interval": ["ptb-interval"],
                        "both": ["ptb-update", "ptb-interval"]}[args.persistence]
    ceilings = {}
    for side in sides:
        print(f"  ... {side_name(side, args)}: closed loop, {args.seconds:g} s", flush=True)
        ceilings[side] = run_child(args, side, None)
    rate = args.rate or max(10.0, round(min(c["throughput"] for c in ceilings.values()) / 2, -1))
    latencies = {}
    for side in sides:
        print(f"  ... {side_name(side, args)}: open loop at {rate:g}/s, {args.seconds:g} s",
              flush=True)
        latencies[side] = run_child(args, side, rate)
    report(args, sides, ceilings, latencies, rate)


def report(args: argparse.Namespace, sides: list[str], ceilings: dict[str, Any],
           latencies: dict[str, Any], rate: float) -> None:
    import telegram

    print()
    print("Tutor Sensus vs a conventional python-telegram-bot design (no network on either side)")
    print(f"  Python {sys.version.split()[0]}, python-telegram-bot {telegram.__version__},"
          f" {args.residents} known residents, {args.seconds:g} s per run, each run in a fresh"
          " process")
    print(f"  closed loop: {args.concurrency} residents who never pause; open loop: rate x"
          f" {args.think:g} s = {latencies['ours']['active']} active residents")
    print("  ours: SQLite WAL, synchronous=NORMAL, each update committed before its replies go"
          " out (batches share a commit); latency ends when"
          " the last reply is marked sent")
    print("  baseline: PicklePersistence(single_file=True, on_flush=False); latency ends when"
          " process_update() and, per update, update_persistence() return")
    print()
    print(f"  {'side':<24} {'max upd/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'RSS MB':>7}"
          f"   p50/p99 at {rate:g} updates/s (open loop)")
    for side in sides:
        c, lat = ceilings[side], latencies[side]
        note = "" if lat["sustained"] else "  RATE NOT SUSTAINED"
        print(f"  {side_name(side, args):<24} {c['throughput']:>10,.0f} {lat['p50']:>8.1f}"
              f" {lat['p99']:>8.1f} {c['rss_mb']:>7.0f}   {c['state']}{note}")
    print(f"  measured mix: {latencies['ours']['mix']}")
    print()
    mine, mine_lat = ceilings["ours"], latencies["ours"]
    for side in sides[1:]:
        c, lat = ceilings[side], latencies[side]
        tp = mine["throughput"] / c["throughput"] if c["throughput"] else float("inf")
        p99 = mine_lat["p99"] / lat["p99"] if lat["p99"] else float("inf")
        print(f"  vs {side_name(side, args)}: throughput x{tp:.2f} (target >= 2:"
              f" {ours.verdict(tp >= 2)}), p99 x{p99:.2f} (target <= 0.5:"
              f" {ours.verdict(p99 <= 0.5)})")


if __name__ == "__main__":
    main()
