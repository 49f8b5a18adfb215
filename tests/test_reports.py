"""Admins' reports off the residents' path (issue 14): /statistik and /ekspor answer "being
prepared" at once and are prepared in the background on a read-only snapshot; a resident is
answered while a slow report holds its snapshot open; the command line's export and stats
run beside a report and the bot's writes; exports go through the outbox as a file reference
(0600, deleted once sent), split into parts under the platform's upload limit."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import seed
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.admin_cli import export, stats_report
from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.reporting import stats

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())


async def say(app: App, user: str, text: str, n: int) -> None:
    """What a webhook handler does before its 200: the update committed to the inbox."""
    update_id = f"{user}-{n}"
    payload = json.dumps({"user": user, "update_id": update_id, "text": text})
    await app.processor.receive("console", update_id, payload)


async def until(check: Any, seconds: float = 10.0) -> None:
    for _ in range(int(seconds * 100)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"not within {seconds} s")


async def test_a_resident_is_answered_while_a_slow_report_holds_its_snapshot(
    app: App, console: RecordingConsole, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed.person(app, "a", kecamatan="blado", step=2)
    await seed.completion(app, "a", kecamatan="blado", persons=4)
    opened, release = asyncio.Event(), asyncio.Event()
    reader = app.store.reader

    @asynccontextmanager
    async def slow_reader() -> AsyncIterator[Any]:
        async with reader() as rx:
            await rx.stats.funnel()  # the read transaction is open (its snapshot taken)
            opened.set()
            await release.wait()  # ...and stays open, as a report reading for minutes
            yield rx

    monkeypatch.setattr(app.store, "reader", slow_reader)
    assert app.reports is not None
    app.reports.children = None  # in this process, where the stand-in reader is
    app.start_workers()
    await say(app, "900", "/statistik", 1)
    await asyncio.wait_for(opened.wait(), 10)
    await until(lambda: console.sent["900"])
    assert console.sent["900"][0].text == T("report-preparing")  # at once
    for n in range(3):  # residents write and are answered while the report is held
        before = len(console.sent["1"])
        loop = asyncio.get_running_loop()
        began = loop.time()
        await say(app, "1", "/start" if n == 0 else "/menu", n)
        assert loop.time() - began < 2  # the inbox commit (a webhook's 200) did not wait
        await until(lambda b=before: len(console.sent["1"]) > b, 5)
    assert not release.is_set()
    assert not any(r.image for r in console.sent["900"])  # the report is still being made
    release.set()
    await until(lambda: any(r.image for r in console.sent["900"]), 30)
    texts = "\n".join(r.text for r in console.sent["900"])
    assert "4/7.792 orang · 1 KK · mulai 1" in texts  # Blado


async def test_cli_export_and_stats_run_beside_a_report_and_the_bot_writing(
    app: App, console: RecordingConsole, settings: Settings, tmp_path: Path
) -> None:
    for n in range(5):
        await seed.person(app, f"r{n}", kecamatan="blado", step=n)
        await seed.completion(app, f"r{n}", kecamatan="blado", persons=3)
    stop = asyncio.Event()
    sent = 0

    async def the_bot_writes() -> None:
        nonlocal sent
        resident = Chat(app, console, user="77")
        while not stop.is_set():
            await resident.send("/menu")  # one committed update after another
            sent += 1
            await asyncio.sleep(0)

    async with app.store.reader() as rx:  # a report in progress: its snapshot is open
        await stats.gather(rx, CAMPAIGN, app.clock.today())
        bot = asyncio.create_task(the_bot_writes())
        try:
            out, err = io.StringIO(), io.StringIO()
            target = tmp_path / "all.xlsx"
            assert await export(settings, "all", target, stdout=out, stderr=err,
                                fmt="xlsx") == 0, err.getvalue()
            assert "completions (Keluarga selesai): 5 rows" in out.getvalue()
            out, err = io.StringIO(), io.StringIO()
            assert await stats_report(settings, stdout=out, stderr=err) == 0, err.getvalue()
            assert "15/7.792 orang · 5 KK" in out.getvalue()
        finally:
            stop.set()
            await bot
    assert sent > 0
    book = openpyxl.load_workbook(target)
    assert book["Keluarga selesai"].max_row == 6  # header + 5


async def many_completions(app: App, count: int) -> None:
    for n in range(count):
        await seed.completion(app, f"p{n}", kecamatan="blado", persons=1 + n % 7,
                              voucher=f"V{n:04d}-AAAA-B")


async def test_an_export_is_queued_as_a_private_file_and_deleted_once_sent(
    app: App, console: RecordingConsole, settings: Settings
) -> None:
    await many_completions(app, 3)
    await say(app, "900", "/ekspor completions", 1)
    while await app.processor.process_pending():
        pass
    assert app.reports is not None
    await app.reports.drain()  # ready and queued, not yet sent
    rows = await app.store.fetch_all(
        "SELECT payload FROM outbox WHERE chat_id = '900' AND status = 'pending'")
    documents = [json.loads(r[0])["document"] for r in rows if json.loads(r[0])["document"]]
    assert len(documents) == 1
    document = documents[0]
    assert document["content"] == "" and len(rows[-1][0]) < 2000  # a reference, no bytes
    path = Path(document["path"])
    assert path.parent == settings.data_dir / "reports"
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(path.parent).st_mode & 0o777 == 0o700
    await app.step()
    sent = next(r.document for r in console.sent["900"] if r.document)
    assert sent.file_name == "tutor-sensus-completions-2020-03-02.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(sent.content))
    assert book["Keluarga selesai"].max_row == 4
    assert not path.exists()  # sent: gone from the data folder


async def test_a_csv_export_over_the_upload_limit_comes_in_parts_with_every_row(
    app: App, console: RecordingConsole
) -> None:
    await many_completions(app, 120)
    console.upload_limit = 6_000  # type: ignore[attr-defined]  (Telegram's is 50 MB)
    chat = Chat(app, console, user="900")
    await chat.send("/ekspor completions csv")
    documents = [r for r in chat.last if r.document]
    assert len(documents) >= 3
    numbers: list[str] = []
    for n, reply in enumerate(documents, start=1):
        assert reply.document is not None
        assert len(reply.document.content) <= 6_000
        assert reply.document.file_name == (
            f"tutor-sensus-completions-2020-03-02-{n}of{len(documents)}.csv")
        assert T("export-part", part=n, parts=len(documents)) in reply.text
        rows = list(csv.DictReader(io.StringIO(reply.document.content.decode("utf-8-sig"))))
        numbers += [r["no"] for r in rows]  # every part opens alone, with its header
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 121)]


async def test_an_xlsx_export_over_the_upload_limit_comes_in_parts_with_every_row(
    app: App, console: RecordingConsole
) -> None:
    await many_completions(app, 300)
    console.upload_limit = 14_000  # type: ignore[attr-defined]
    chat = Chat(app, console, user="900")
    await chat.send("/ekspor completions vouchers")
    documents = [r.document for r in chat.last if r.document]
    assert len(documents) >= 2
    completions, vouchers = [], []
    for document in documents:
        assert document is not None and len(document.content) <= 14_000
        book = openpyxl.load_workbook(io.BytesIO(document.content))
        assert book.sheetnames == ["Keluarga selesai", "Voucher"]  # every part: every sheet
        completions += [r[0] for r in book["Keluarga selesai"].iter_rows(min_row=2,
                                                                         values_only=True)]
        vouchers += [r[0] for r in book["Voucher"].iter_rows(min_row=2, values_only=True)]
    assert sorted(completions) == list(range(1, 301))
    assert sorted(vouchers) == sorted(f"V{n:04d}-AAAA-B" for n in range(300))


async def test_statistik_is_not_kept_waiting_behind_a_long_export(
    app: App, console: RecordingConsole, monkeypatch: pytest.MonkeyPatch
) -> None:
    await many_completions(app, 3)
    release = asyncio.Event()
    reader = app.store.reader
    calls = 0

    @asynccontextmanager
    async def first_one_slow() -> AsyncIterator[Any]:
        nonlocal calls
        calls += 1
        async with reader() as rx:
            if calls == 1:  # the export: reads for a long time
                await release.wait()
            yield rx

    monkeypatch.setattr(app.store, "reader", first_one_slow)
    assert app.reports is not None and app.bulk is not None
    # (the reminders' scheduler reads on snapshots too: here only the reports open one)
    monkeypatch.setattr(app.bulk, "campaign",
                        app.bulk.campaign.model_copy(update={"reminders": []}))
    app.reports.children = None  # in this process, where the stand-in reader is
    app.start_workers()
    await say(app, "900", "/ekspor all", 1)
    await until(lambda: calls == 1)
    await say(app, "900", "/statistik", 2)
    await until(lambda: any(r.image for r in console.sent["900"]), 30)  # the figures came
    assert not any(r.document for r in console.sent["900"])  # the export is still held
    release.set()
    await until(lambda: any(r.document for r in console.sent["900"]), 30)


async def test_a_report_that_fails_says_so_instead_of_silence(
    app: App, console: RecordingConsole, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(rc: Any) -> list[Any]:
        raise RuntimeError("a bug in a report")

    monkeypatch.setitem(app.engine.reports, "stats", broken)
    chat = Chat(app, console, user="900")
    await chat.send("/statistik")
    assert chat.last[0].text == T("report-preparing")
    assert chat.last[-1].text == T("report-failed")
    assert "report stats failed" in caplog.text
    await chat.send("/menu")  # the bot goes on
    assert T("menu-prompt") in chat.text
