"""Fuzzing `tutor-sensus run` (a child process) with malformed updates that carry the right
secret or signature, while real residents talk to it on Telegram and WhatsApp.

Every malformed body gets a clean answer (200 "rejected", or 413 when too big): never a 5xx,
no traceback in the log, the process alive, its memory bounded; every resident gets the
normal reply. Bounded to about a minute (FUZZ_SECONDS); the counts are printed
(`pytest -s tests/test_fuzz.py`).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path

from fake_graph import FakeGraphApi
from fake_telegram import FakeBotApi
from fuzz_updates import telegram_bodies, whatsapp_bodies
from hostile_clients import post_fuzzed, rss_kb
from test_restart import START_TIMEOUT, BotProcess, bot_env

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), date(2020, 3, 2))  # TUTOR_SENSUS_TODAY of bot_env
SECRET = "fuzz-secret-token"
FUZZ_SECONDS = 25.0  # per run; the whole test stays near a minute on a shared machine
CONCURRENCY = 12
RESIDENTS = 12
RSS_GROWTH_MAX_KB = 80_000


async def test_fuzzed_updates_never_hurt_residents_or_the_process(tmp_path: Path) -> None:
    rng = random.Random(13)
    async with FakeBotApi() as api, FakeGraphApi() as graph:
        env = bot_env(
            api, tmp_path,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            WHATSAPP_TOKEN=graph.token, WHATSAPP_PHONE_NUMBER_ID=graph.phone_number_id,
            WHATSAPP_APP_SECRET=graph.app_secret, WHATSAPP_VERIFY_TOKEN="verify-fuzz",
            WHATSAPP_API_BASE_URL=graph.base_url,
        )
        port = env["TUTOR_SENSUS_HTTP_PORT"]
        base = f"http://127.0.0.1:{port}"
        env["TELEGRAM_WEBHOOK_URL"] = base
        graph.connect(f"{base}/whatsapp")
        bot = BotProcess(env, cwd=tmp_path)
        await bot.start()
        try:
            api.user_sends_text(7001, "/start")
            await api.wait_until(lambda: bool(api.messages_to(7001)), within=START_TIMEOUT,
                                 what="the first reply")
            assert bot.proc is not None
            rss_before = rss_kb(bot.proc.pid)

            telegram_counts: Counter[int | str] = Counter()
            whatsapp_counts: Counter[int | str] = Counter()
            until = time.monotonic() + FUZZ_SECONDS
            residents = [8000 + i for i in range(RESIDENTS)]
            wa_residents = [f"6281300000{i:03d}" for i in range(RESIDENTS)]

            async def scripted() -> None:  # real people, interleaved with the fuzz
                step = FUZZ_SECONDS / (RESIDENTS + 1)
                for user, wa_id in zip(residents, wa_residents, strict=True):
                    await asyncio.sleep(step)
                    api.user_sends_text(user, "/start")
                    await graph.user_sends_text(wa_id, "halo")

            await asyncio.gather(
                post_fuzzed(f"{base}/telegram", telegram_bodies(rng, 1), rng,
                            telegram_counts, until=until, concurrency=CONCURRENCY,
                            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}),
                post_fuzzed(f"{base}/whatsapp", whatsapp_bodies(rng, graph.phone_number_id),
                            rng, whatsapp_counts, until=until, concurrency=CONCURRENCY,
                            graph=graph, first_id=1),
                scripted(),
            )
            for user in residents:
                await api.wait_until(lambda u=user: bool(api.messages_to(u)), within=20,
                                     what=f"the reply to resident {user}")
                assert T("menu-start") in api.messages_to(user)[0].buttons
            for wa_id in wa_residents:
                await graph.wait_until(lambda w=wa_id: bool(graph.messages_to(w)), within=20,
                                       what=f"the reply to {wa_id}")
            rss_after = rss_kb(bot.proc.pid)
            assert bot.proc.returncode is None  # alive
        finally:
            code = await bot.terminate()
        log = "\n".join(bot.log)
        print(f"\nfuzz telegram: {dict(sorted(telegram_counts.items(), key=str))}"
              f" = {sum(telegram_counts.values())} posts")
        print(f"fuzz whatsapp: {dict(sorted(whatsapp_counts.items(), key=str))}"
              f" = {sum(whatsapp_counts.values())} posts")
        print(f"RSS {rss_before} kB -> {rss_after} kB; log {len(log.encode())} bytes,"
              f" {len(bot.log)} lines")
        assert code == 0
        assert sum(telegram_counts.values()) > 1000 and sum(whatsapp_counts.values()) > 500
        for counts in (telegram_counts, whatsapp_counts):
            # (a client error, a dropped connection, would be a failure too)
            assert not [s for s in counts if not isinstance(s, int) or s >= 500], counts
        assert "Traceback" not in log, log[-5000:]
        assert rss_after - rss_before < RSS_GROWTH_MAX_KB
        database = tmp_path / "data" / "tutor-sensus.sqlite3"
        with closing(sqlite3.connect(database)) as db:
            rejected = db.execute("SELECT count(*) FROM rejected_updates").fetchone()[0]
            failed = db.execute("SELECT count(*) FROM inbox WHERE status = 'failed'"
                                " AND error NOT LIKE 'rejected:%'").fetchone()[0]
        assert rejected > 0
        assert failed == 0  # no update failed because of a bug
