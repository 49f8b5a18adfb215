"""Admins: role checks on every admin command and button, /statistik on seeded data (the
numbers a person would check by hand), the PNG chart, /ekspor and the CLI reports."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
import struct
from pathlib import Path
from typing import Any

import pytest
import seed
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.admin_cli import backup, export, stats_report
from bot.app import App
from bot.renderers import render
from bot.settings import Settings
from bot.store import StoreMissing
from bot.store.statements import TransactionError
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.reporting import stats

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
ADMIN_COMMANDS = ("/statistik", "/siaran", "/siaran Halo semua", "/ekspor",
                  "/ekspor completions", "/tutor_daftar")
ADMIN_BUTTONS = ("ad.ex.completions", "ad.ex.visits", "ad.bc.send", "ad.bc.ready.thanks",
                 "bc.pause.1", "bc.resume.1", "bc.cancel.1")


@pytest.fixture
def admin(app: App, console: RecordingConsole) -> Chat:
    return Chat(app, console, user="900")


async def seeded(app: App) -> None:
    """Five residents who started (two in Blado, one in Batang, two who did not say where),
    four completions in the region (one assisted) and one from another regency."""
    await seed.person(app, "a", kecamatan="blado", step=0)
    await seed.person(app, "b", kecamatan="blado", step=2)
    await seed.person(app, "c", kecamatan="batang", step=2, done=True)
    await seed.person(app, "d", step=8)
    await seed.person(app, "e")  # wrote, never started the tutorial
    async with app.store.transaction() as tx:
        await tx.add_event("console", "f", "tutorial_start", app.clock.now())
    tutor_id = await seed.tutor(app, "t1", nip="198001012005011001", name="Siti Aminah")
    await seed.completion(app, "c", kecamatan="blado", persons=4, voucher="AAAA-BBBB-CCCC",
                          redeemed=True)
    await seed.completion(app, "x", kecamatan="blado", persons=5, voucher="DDDD-EEEE-FFFF")
    await seed.completion(app, "t1", kecamatan="blado", persons=3, assisted=True,
                          tutor_id=tutor_id, day="2020-03-01")
    await seed.completion(app, "y", kecamatan="batang", persons=2, day="2020-03-01")
    await seed.completion(app, "z", kecamatan=None, persons=6, in_region=False)


async def test_a_non_admin_gets_the_normal_menu_for_every_admin_command_and_button(
    app: App, console: RecordingConsole
) -> None:
    await seeded(app)
    for user in ("1", "800"):  # a resident, and staff (not admin)
        person = Chat(app, console, user=user)
        await person.send("/start")
        for command in ADMIN_COMMANDS:
            await person.send(command)
            assert T("command-unknown") in person.text, (user, command)
            assert T("menu-prompt") in person.text
            assert not any(r.document or r.image for r in person.last)
            assert "siaran" not in person.text.casefold()
        for data in ADMIN_BUTTONS:
            await person.press_data(f"0|{data}" if data.startswith("ad.") else data)
            assert T("menu-prompt") in person.text, (user, data)
            assert not any(r.document or r.image for r in person.last)
    assert await app.store.fetch_all("SELECT count(*) FROM broadcasts") == [(0,)]
    resident = Chat(app, console, user="1")
    await resident.send("/bantuan")
    assert "/siaran" not in resident.text  # no hint that admin commands exist
    admin = Chat(app, console, user="900")
    await admin.send("/bantuan")
    assert T("help-admin") in admin.text


async def test_statistics_on_seeded_data_show_the_numbers_a_person_would_check(
    app: App, admin: Chat
) -> None:
    await seeded(app)
    await admin.send("/statistik")
    # at once "being prepared" (and the menu); the figures follow when the background
    # report is ready
    preparing, progress, funnel, other, chart = admin.last[0], *admin.last[-4:]
    assert preparing.text == T("report-preparing") and not preparing.image
    assert T("menu-prompt") in admin.last[1].text
    # Blado: 4 + 5 + 3 (assisted) persons of a target of 17% x 45,835 = 7,791.95.
    assert ("Blado: ░░░░░░░░░░ 0,15% · 12/7.792 orang · 3 KK (dibantu tutor 1) · mulai 2"
            in progress.text)
    # Early progress is never "0,0%" (issue 15): 2 of 22.735 is below 0,01%.
    assert "Batang: ░░░░░░░░░░ <0,01% · 2/22.735 orang · 1 KK · mulai 1" in progress.text
    # Total: 14 persons (the other regency's 6 are apart) of 17% x 801,718 = 136,292.
    assert ("Total: ░░░░░░░░░░ 0,01% · 14/136.292 orang · 4 KK (dibantu tutor 1) · mulai 5"
            in progress.text)
    # ...and of the whole population, named as such (the unit is said on every line).
    assert T("stats-total-population", percent="<0,01%", share="17%") in progress.text
    assert "0,0%" not in progress.text
    assert "KK dari luar daerah: 1 KK, 6 orang" in progress.text
    assert "Reban*" in progress.text and "Tersono*" in progress.text
    assert T("stats-uncertain", names="Reban, Tersono") in progress.text
    assert progress.text.index("Blado") < progress.text.index("Bandar")  # most advanced first

    assert "🪜 Panduan: 5 warga mulai" in funnel.text  # a, b, c, d and f
    step1, step3 = CAMPAIGN.tutorial.steps[0].id, CAMPAIGN.tutorial.steps[2].id
    assert f"1. {T(f'step-{step1}-title')}: 4 · berhenti 1" in funnel.text  # a stopped there
    assert f"3. {T(f'step-{step3}-title')}: 3 · berhenti 1" in funnel.text  # b (c finished)
    assert "Selesai panduan: 1 · keluarga lapor selesai: 4" in funnel.text

    assert "🎁 Voucher: 2 diberikan · 1 ditukar · sisa stok 498" in other.text
    assert "• Pulpen: sisa 298 dari 300" in other.text
    assert "1. Dinas Kesehatan: 1 KK (3 orang, dibantu langsung 1) · ASN 1" in other.text
    assert "1. Siti Aminah (Dinas Kesehatan): 1 KK, dibantu langsung 1" in other.text
    assert chart.image is not None and chart.image.startswith(b"\x89PNG\r\n\x1a\n")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


async def test_the_chart_is_a_png_of_plausible_size(app: App) -> None:
    await seeded(app)
    async with app.store.transaction() as tx:
        figures = await stats.gather(tx, CAMPAIGN, app.clock.now().date())
    png = await asyncio.to_thread(render, stats.chart(figures, CAMPAIGN, T))
    assert png is not None
    assert png_size(png) == (800, 900)
    assert 15_000 < len(png) < 500_000
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    image.verify()  # a decoder reads it back whole
    # The Blado bar is drawn in the chart's "online" blue; an empty chart has none.
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(1_000_000) or []
    assert any(rgb == (0x2B, 0x6C, 0xB0) and n > 50 for n, rgb in colours)


async def test_export_in_the_chat_sends_csv_files_with_masked_kk_and_assisted_marked(
    app: App, admin: Chat
) -> None:
    await admin.send("/ekspor visits")
    assert T("export-empty", table=T("export-visits-label")) in admin.text
    await seeded(app)
    await admin.send("/ekspor completions csv")  # the buttons give XLSX: tests/test_exports.py
    document = next(r.document for r in admin.last if r.document)
    assert document.file_name == "tutor-sensus-completions-2020-03-02.csv"
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert {r["kk_tersamar"][:5] for r in rows} == {"•••• "}
    assisted = [r for r in rows if r["dibantu_tutor"] == "ya"]
    assert len(assisted) == 1 and assisted[0]["jumlah_orang"] == "3"
    assert assisted[0]["kode_tutor"] == "K7QM4T"
    assert "user_id" not in rows[0] and not any("x" == v for r in rows for v in r.values())
    await admin.send("/ekspor vouchers csv")
    document = next(r.document for r in admin.last if r.document)
    assert "AAAA-BBBB-CCCC" in document.content.decode("utf-8-sig")


async def test_cli_stats_and_export_print_the_database_and_never_create_one(
    app: App, settings: Settings, tmp_path: Path
) -> None:
    await seeded(app)
    async with app.store.transaction() as tx:
        await tx.completions.visit_add("console", "v1", kecamatan="blado", desa="Kalisari",
                                       rt_rw="003/005", contact="081234567890",
                                       now=app.clock.now())
    out, err = io.StringIO(), io.StringIO()
    assert await stats_report(settings, tmp_path / "chart.png", stdout=out, stderr=err) == 0
    assert "Blado: ░░░░░░░░░░ 0,15%" in out.getvalue()
    assert f"database: {settings.database_label}" in err.getvalue()
    assert png_size((tmp_path / "chart.png").read_bytes()) == (800, 900)
    out, err = io.StringIO(), io.StringIO()
    assert await export(settings, "visits", stdout=out, stderr=err) == 0
    assert out.getvalue().splitlines() == [
        "no,dicatat_pada,kecamatan,desa,rt_rw,kontak,kanal",
        "1,2020-03-02 10:00,Blado,Kalisari,003/005,+6281234567890,console",  # +62 (issue 15)
    ]
    target = tmp_path / "out" / "completions.csv"
    out = io.StringIO()
    assert await export(settings, "completions", target, stdout=out) == 0
    assert "completions: 5 rows written to" in out.getvalue()
    assert target.stat().st_mode & 0o777 == 0o600
    missing = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "nothing",
                       TUTOR_SENSUS_DATABASE_URL="", _env_file=None)  # no database
    with pytest.raises(StoreMissing):
        await export(missing, "completions", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(StoreMissing):
        await stats_report(missing, stdout=io.StringIO(), stderr=io.StringIO())
    assert not (tmp_path / "nothing").exists()


async def test_audit_lists_admin_actions_and_backup_copies_the_live_database(
    app: App, admin: Chat, settings: Settings, tmp_path: Path
) -> None:
    await admin.send("/audit")
    assert T("audit-empty") in admin.text
    await seeded(app)
    await admin.send("/statistik")
    await admin.send("/ekspor completions")
    await export(settings, "visits", stdout=io.StringIO(), stderr=io.StringIO())
    await admin.send("/audit")
    assert T("audit-header", count=3) in admin.text
    lines = admin.last[0].text.splitlines()[1:]
    assert " · cli:" in lines[0]  # the command line's export (real time)
    assert lines[0].endswith(f'{T("audit-admin-export")} {T("export-visits-label")} · CSV')
    assert (f'console:900 · {T("audit-admin-export")} {T("export-completions-label")} · XLSX'
            in lines[1])
    assert "console:900 · " + T("audit-admin-stats") in lines[2]
    out = io.StringIO()
    assert await export(settings, "audit", stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue().splitlines()[0] == "no,waktu,kanal,oleh,tindakan,rincian"

    copy = tmp_path / "backup" / "tutor-sensus.sqlite3"
    if settings.postgres_url:  # the server's files: the command explains pg_dump instead
        said = io.StringIO()
        assert backup(settings, copy, stdout=said) == 1 and not copy.exists()
        assert f"pg_dump --format=custom --file {copy}" in said.getvalue()
        return
    assert backup(settings, copy, stdout=io.StringIO()) == 0
    assert copy.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT count(*) FROM completions").fetchone() == (5,)
    assert backup(settings, copy, stdout=io.StringIO()) == 1  # never overwrites


async def test_cli_stats_reads_beside_a_writer_that_holds_the_lock(
    app: App, settings: Settings
) -> None:
    """`tutor-sensus stats` reads a snapshot (WAL; on PostgreSQL a read-only transaction): a
    long write transaction of the running bot neither blocks it nor shows it half-done, and
    it never writes."""
    await seeded(app)
    writer: Any
    if settings.postgres_url:
        import psycopg

        writer = psycopg.connect(settings.postgres_url, autocommit=True)
        refused: tuple[type[Exception], ...] = (psycopg.Error, TransactionError)
        begin = "BEGIN"
    else:
        writer = sqlite3.connect(settings.database_path, isolation_level=None, timeout=0)
        refused = (sqlite3.OperationalError,)
        begin = "BEGIN IMMEDIATE"
    try:
        writer.execute(begin)  # the bot in the middle of a batch
        writer.execute("UPDATE stock SET taken = taken + 100")
        out = io.StringIO()
        report = stats_report(settings, stdout=out, stderr=io.StringIO())
        assert await asyncio.wait_for(report, timeout=5) == 0
        assert "sisa stok 498" in out.getvalue()  # what was committed, not the batch's
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    async with app.store.reader() as rx:
        with pytest.raises(refused):  # the report connection only reads
            await rx._change("UPDATE stock SET taken = 0")
