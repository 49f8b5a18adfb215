"""Exports: `tutor-sensus export --what ... --format xlsx|csv` and the chat's /ekspor. The XLSX
opens back with openpyxl and holds the rows of the seeded data (tests/seed.py); never a KK
number or NIK; the statistics sheet has the numbers /statistik shows; an export with no data
gets a clear answer (the CLI: header-only sheets and a "no data yet" line, exit status 0; the
chat: a message and no file)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from test_admin_stats import seeded

from bot.admin_cli import export
from bot.app import App
from bot.cli import build_parser, main
from bot.renderers import xlsx
from bot.settings import Settings
from bot.store import StoreMissing
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator, format_number
from conversations.reporting import exports

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
DAY = "2020-03-02"
SHEETS = ["Statistik", "Panduan", "Keluarga selesai", "Minta didatangi", "Voucher", "Tutor",
          "Peringkat OPD", "Catatan audit"]
LONG_NUMBER = re.compile(r"\d{16}")  # a KK number or NIK has 16 digits


@pytest.fixture
def admin(app: App, console: RecordingConsole) -> Chat:
    return Chat(app, console, user="900")


@pytest.fixture
def dated(settings: Settings) -> Settings:
    """The app's database, with the campaign's first day as today (dated file names)."""
    return Settings(TUTOR_SENSUS_DATA_DIR=settings.data_dir, TUTOR_SENSUS_TODAY=DAY,
                    _env_file=None)


async def seeded_with_visit(app: App) -> None:
    await seeded(app)
    async with app.store.transaction() as tx:
        await tx.completions.visit_add("console", "v1", kecamatan="blado", desa="Kalisari",
                                       rt_rw="003/005", contact="081234567890",
                                       now=app.clock.now())


def sheet_rows(book: Any, title: str) -> tuple[list[str], list[dict[str, Any]]]:
    values = list(book[title].iter_rows(values_only=True))
    header = list(values[0])
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


def every_cell(book: Any) -> list[str]:
    return [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.value is not None]


async def run_export(settings: Settings, *args: Any, **kwargs: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await export(settings, *args, stdout=out, stderr=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


async def test_the_xlsx_of_every_table_opens_back_with_the_seeded_rows(
    app: App, admin: Chat, dated: Settings, tmp_path: Path
) -> None:
    await seeded_with_visit(app)
    here = tmp_path / "here"
    here.mkdir()
    code, out, _ = await run_export(dated, "all", fmt="xlsx", cwd=here)
    assert code == 0
    path = here / f"tutor-sensus-{DAY}.xlsx"
    assert f"database: {dated.database_label}" in out
    assert f"written to {path}" in out
    assert "completions (Keluarga selesai): 5 rows" in out
    assert path.stat().st_mode & 0o777 == 0o600
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:  # a bold, frozen header row; columns wide enough for it
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        width = sheet.column_dimensions["A"].width
        assert width >= min(len(str(sheet["A1"].value)), xlsx.MAX_WIDTH)

    # Completions: masks only, never a KK number or NIK, nor the KK's hash.
    header, rows = sheet_rows(book, "Keluarga selesai")
    assert header[:7] == ["No", "Tanggal", "Dicatat pada", "Kecamatan", "KK wilayah ini",
                          "No. KK (tersamar)", "Jumlah orang"]
    assert len(rows) == 5
    assert all(re.fullmatch(r"•••• \d{4}", r["No. KK (tersamar)"]) for r in rows)
    assert sorted(r["Jumlah orang"] for r in rows) == [2, 3, 4, 5, 6]
    assisted = [r for r in rows if r["Dibantu tutor"] == "ya"]
    assert len(assisted) == 1 and assisted[0]["Kode tutor"] == "K7QM4T"
    cells = every_cell(book)
    assert not [c for c in cells if LONG_NUMBER.search(c)]
    assert not [c for c in cells if c.startswith("hash")]

    # Statistics: per kecamatan (by name), the total, and the other regency apart.
    header, rows = sheet_rows(book, "Statistik")
    assert header == ["Kecamatan", "Penduduk", "Target", "Mulai panduan", "Jumlah KK",
                      "Jumlah orang", "KK dibantu tutor", "Orang dibantu tutor", "Capaian (%)",
                      "Catatan"]
    names = [r["Kecamatan"] for r in rows]
    kecamatan = sorted(k.name for k in CAMPAIGN.region.kecamatan)
    assert names == [*kecamatan, "Tanpa kecamatan", "Total", "KK luar daerah"]
    by_name = {r["Kecamatan"]: r for r in rows}
    blado = by_name["Blado"]
    assert (blado["Target"], blado["Mulai panduan"], blado["Jumlah KK"], blado["Jumlah orang"],
            blado["KK dibantu tutor"], blado["Orang dibantu tutor"]) == (7792, 2, 3, 12, 1, 3)
    assert blado["Capaian (%)"] == 0.15  # 12 of 7,791.95
    assert book["Statistik"].cell(row=2 + names.index("Blado"), column=9).number_format == "0.00"
    assert by_name["Reban"]["Catatan"] == "penduduk belum pasti"
    assert by_name["Tanpa kecamatan"]["Mulai panduan"] == 2  # d and f did not say where
    outside = by_name["KK luar daerah"]
    assert (outside["Jumlah KK"], outside["Jumlah orang"], outside["Target"]) == (1, 6, None)
    total = by_name["Total"]
    assert (total["Target"], total["Mulai panduan"], total["Jumlah KK"], total["Jumlah orang"],
            total["KK dibantu tutor"]) == (136292, 5, 4, 14, 1)
    # ...the same numbers /statistik shows.
    await admin.send("/statistik")
    assert admin.last[0].text == T("report-preparing")  # at once; the figures when ready
    progress = admin.last[-4].text
    for row in (blado, total):
        line = (f"{row['Jumlah orang']}/{format_number(row['Target'], 'id')} orang · "
                f"{row['Jumlah KK']} KK (dibantu tutor {row['KK dibantu tutor']}) · "
                f"mulai {row['Mulai panduan']}")
        assert line in progress, line
    assert (f"KK dari luar daerah: {outside['Jumlah KK']} KK, {outside['Jumlah orang']} orang"
            in progress)

    # Funnel: who started, per step who got that far and who stopped there, who finished.
    header, rows = sheet_rows(book, "Panduan")
    assert header == ["Langkah", "Judul langkah", "Warga yang sampai", "Berhenti di sini"]
    steps = CAMPAIGN.tutorial.steps
    assert len(rows) == len(steps) + 2
    assert (rows[0]["Judul langkah"], rows[0]["Warga yang sampai"]) == ("Mulai panduan", 5)
    assert rows[1] == {"Langkah": 1, "Judul langkah": T(f"step-{steps[0].id}-title"),
                       "Warga yang sampai": 4, "Berhenti di sini": 1}  # a stopped there
    assert (rows[3]["Warga yang sampai"], rows[3]["Berhenti di sini"]) == (3, 1)  # b
    assert (rows[-1]["Judul langkah"], rows[-1]["Warga yang sampai"]) == ("Selesai panduan", 1)

    # Visits: desa, RT/RW and contact for the field stage.
    header, rows = sheet_rows(book, "Minta didatangi")
    assert header == ["No", "Dicatat pada", "Kecamatan", "Desa/Kelurahan", "RT/RW", "Kontak",
                      "Kanal"]
    # Issue 15: the moment as a real date cell, the phone in the +62 form.
    assert rows == [{"No": 1, "Dicatat pada": datetime(2020, 3, 2, 10, 0),
                     "Kecamatan": "Blado", "Desa/Kelurahan": "Kalisari", "RT/RW": "003/005",
                     "Kontak": "+6281234567890", "Kanal": "console"}]

    # Tutors and OPD, in Indonesian; vouchers.
    _, rows = sheet_rows(book, "Tutor")
    assert [(r["Nama"], r["OPD"], r["Status"], r["Jumlah KK"]) for r in rows] == [
        ("Siti Aminah", "Dinas Kesehatan", "aktif", 1)]
    _, rows = sheet_rows(book, "Peringkat OPD")
    assert [(r["Peringkat"], r["OPD"], r["ASN terdaftar"]) for r in rows] == [
        (1, "Dinas Kesehatan", 1)]
    _, rows = sheet_rows(book, "Voucher")
    assert {r["Kode voucher"] for r in rows} == {"AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"}


async def test_chosen_tables_out_paths_and_csv_files(
    app: App, dated: Settings, tmp_path: Path
) -> None:
    await seeded_with_visit(app)
    reports = tmp_path / "reports"
    reports.mkdir()
    # One table into a folder: its dated name; into a file name: that file.
    code, out, _ = await run_export(dated, ["stats"], reports, fmt="xlsx")
    assert code == 0
    path = reports / f"tutor-sensus-stats-{DAY}.xlsx"
    assert f"written to {path}" in out
    assert openpyxl.load_workbook(path).sheetnames == ["Statistik"]
    target = tmp_path / "new" / "laporan.xlsx"
    code, out, _ = await run_export(dated, ["funnel", "visits", "funnel"], target, fmt="xlsx")
    assert code == 0 and f"written to {target}" in out
    assert openpyxl.load_workbook(target).sheetnames == ["Panduan", "Minta didatangi"]

    # CSV, several tables: one file each, dated, in the current folder (or --out).
    code, out, _ = await run_export(dated, ["stats", "completions"], fmt="csv", cwd=reports)
    assert code == 0
    stats_csv = reports / f"tutor-sensus-stats-{DAY}.csv"
    completions_csv = reports / f"tutor-sensus-completions-{DAY}.csv"
    assert f"stats: {len(CAMPAIGN.region.kecamatan) + 3} rows written to {stats_csv}" in out
    assert f"completions: 5 rows written to {completions_csv}" in out
    rows = list(csv.DictReader(io.StringIO(stats_csv.read_text(encoding="utf-8-sig"))))
    total = next(r for r in rows if r["kecamatan"] == "Total")
    assert (total["jumlah_kk"], total["jumlah_orang"], total["target_orang"]) == (
        "4", "14", "136292")
    text = completions_csv.read_text(encoding="utf-8-sig")
    assert text.startswith("no,tanggal,dicatat_pada,kecamatan,kk_wilayah_ini,kk_tersamar,")
    assert not LONG_NUMBER.search(text)
    assert completions_csv.stat().st_mode & 0o777 == 0o600
    # One CSV table without --out: standard output, as before.
    code, out, err = await run_export(dated, "funnel", fmt="csv")
    assert code == 0 and f"database: {dated.database_label}" in err
    assert out.splitlines()[:2] == ["langkah,judul,mencapai,berhenti_di_sini",
                                    ",Mulai panduan,5,"]
    # Several CSV tables need a folder.
    code, _, err = await run_export(dated, ["stats", "funnel"], completions_csv, fmt="csv")
    assert code == 2 and "is a file" in err


def test_the_command_line_takes_what_table_as_an_alias_format_and_out() -> None:
    parser = build_parser()
    args = parser.parse_args(["export", "--table", "visits", "--format", "csv"])
    assert (args.what, args.format, args.out) == (["visits"], "csv", None)
    args = parser.parse_args(["export", "--what", "stats", "funnel", "--what", "visits"])
    assert (args.what, args.format) == (["stats", "funnel", "visits"], "xlsx")
    assert parser.parse_args(["export", "--what", "all"]).what == ["all"]
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--what", "kk_numbers"])
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--what", "stats", "--format", "pdf"])
    assert exports.resolve(["all"]) == list(exports.TABLES)
    assert exports.resolve("visits,stats") == ["stats", "visits"]
    with pytest.raises(ValueError):
        exports.resolve("nik")


async def test_tutor_sensus_export_writes_a_dated_workbook_into_the_current_folder(
    app: App, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await seeded_with_visit(app)
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("TUTOR_SENSUS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TUTOR_SENSUS_TODAY", DAY)
    argv = ["export", "--what", "completions", "tutors", "stats", "funnel", "visits"]
    assert await asyncio.to_thread(main, argv) == 0
    path = here / f"tutor-sensus-{DAY}.xlsx"
    assert f"written to {path}" in capsys.readouterr().out
    assert openpyxl.load_workbook(path).sheetnames == [
        "Statistik", "Panduan", "Keluarga selesai", "Minta didatangi", "Tutor"]
    monkeypatch.setenv("TUTOR_SENSUS_DATA_DIR", str(tmp_path / "nothing"))
    monkeypatch.delenv("TUTOR_SENSUS_DATABASE_URL", raising=False)  # (no database at all)
    assert await asyncio.to_thread(main, ["export", "--what", "all"]) == 2
    assert "No database" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()


async def test_an_export_with_no_data_gets_header_only_sheets_and_says_so(
    app: App, admin: Chat, dated: Settings, tmp_path: Path
) -> None:
    # The chat: a clear message, no file (and nothing in the audit log).
    await admin.send("/ekspor all")
    assert T("export-empty-all") in admin.text
    await admin.send("/ekspor")
    await admin.press(T("export-stats-label"))
    assert T("export-empty", table=T("export-stats-label")) in admin.text
    assert not any(r.document for r in admin.last)
    # The command line: every sheet with its header, and which tables have no data yet.
    code, out, err = await run_export(dated, "all", tmp_path, fmt="xlsx")
    assert code == 0
    assert f"no data yet in {', '.join(exports.TABLES)}: header only" in err
    book = openpyxl.load_workbook(tmp_path / f"tutor-sensus-{DAY}.xlsx")
    assert book.sheetnames == SHEETS
    assert [sheet.max_row for sheet in book.worksheets] == [1] * len(SHEETS)
    assert book["Statistik"]["A1"].value == "Kecamatan"
    code, out, err = await run_export(dated, "visits", fmt="csv")
    assert code == 0 and out == "no,dicatat_pada,kecamatan,desa,rt_rw,kontak,kanal\n"
    assert "no data yet in visits" in err
    missing = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "nothing",
                       TUTOR_SENSUS_DATABASE_URL="", _env_file=None)  # no database
    with pytest.raises(StoreMissing):
        await run_export(missing, "all", fmt="xlsx", cwd=tmp_path)
    assert not (tmp_path / "nothing").exists()


async def test_ekspor_in_the_chat_sends_an_xlsx_document_that_opens_with_openpyxl(
    app: App, admin: Chat, console: RecordingConsole
) -> None:
    await seeded_with_visit(app)
    await admin.send("/ekspor")
    assert T("export-all-label") in admin.labels and T("export-funnel-label") in admin.labels
    await admin.press(T("export-all-label"))
    reply = next(r for r in admin.last if r.document)
    document = reply.document
    assert document.file_name == f"tutor-sensus-{DAY}.xlsx"
    assert document.mime_type == exports.XLSX_MIME
    book = openpyxl.load_workbook(io.BytesIO(document.content))
    assert book.sheetnames == SHEETS
    count = sum(sheet.max_row - 1 for sheet in book.worksheets)
    assert reply.text == T("export-file-many", sheets=len(SHEETS), count=count)
    assert len(sheet_rows(book, "Keluarga selesai")[1]) == 5
    assert not [c for c in every_cell(book) if LONG_NUMBER.search(c)]
    # One table, typed or pressed.
    await admin.send("/ekspor visits")
    document = next(r.document for r in admin.last if r.document)
    assert document.file_name == f"tutor-sensus-visits-{DAY}.xlsx"
    _, rows = sheet_rows(openpyxl.load_workbook(io.BytesIO(document.content)),
                         "Minta didatangi")
    assert [(r["Desa/Kelurahan"], r["RT/RW"], r["Kontak"]) for r in rows] == [
        ("Kalisari", "003/005", "+6281234567890")]  # issue 15: the +62 form
    await admin.send("/ekspor")
    await admin.press(T("export-funnel-label"))
    document = next(r.document for r in admin.last if r.document)
    assert openpyxl.load_workbook(io.BytesIO(document.content)).sheetnames == ["Panduan"]
    await admin.send("/audit")
    # The tables by the names /ekspor shows, in words (issue 15), never the table keys.
    assert f'{T("audit-admin-export")} {T("export-funnel-label")} · XLSX' in admin.text
    assert f'{T("audit-admin-export")} {T("export-all-label")} · XLSX' in admin.text
    assert "funnel" not in admin.text and "xlsx" not in admin.text

    # Not an admin: the unknown-command reply and the menu, never a file.
    for user in ("1", "800"):
        person = Chat(app, console, user=user)
        await person.send("/start")
        for command in ("/ekspor", "/ekspor all", "/ekspor stats csv"):
            await person.send(command)
            assert T("command-unknown") in person.text, (user, command)
            assert not any(r.document for r in person.last)
        for data in ("0|ad.ex.all", "0|ad.ex.stats"):
            await person.press_data(data)
            assert T("menu-prompt") in person.text
            assert not any(r.document for r in person.last)


async def test_text_that_looks_like_a_formula_stays_text(app: App, dated: Settings,
                                                         tmp_path: Path) -> None:
    async with app.store.transaction() as tx:
        await tx.completions.visit_add(
            "console", "v1", kecamatan="blado", desa='=HYPERLINK("http://x")',
            rt_rw="001/002", contact="0812\x07345", now=app.clock.now())
    code, _, _ = await run_export(dated, "visits", tmp_path, fmt="xlsx")
    assert code == 0
    sheet = openpyxl.load_workbook(tmp_path / f"tutor-sensus-visits-{DAY}.xlsx")[
        "Minta didatangi"]
    assert sheet["D2"].value == '=HYPERLINK("http://x")' and sheet["D2"].data_type == "s"
    assert sheet["F2"].value == "0812345"  # a control character Excel refuses: dropped
    code, out, _ = await run_export(dated, "visits", fmt="csv")  # one table: to stdout
    assert code == 0
    assert "'=HYPERLINK" in out  # a spreadsheet opening the CSV shows it, never runs it


async def test_xlsx_cells_are_typed_dates_numbers_and_text(
    app: App, dated: Settings, tmp_path: Path
) -> None:
    """Issue 15: read back with openpyxl, dates are dates, counts are numbers, phones text."""
    await seeded(app)
    async with app.store.transaction() as tx:  # as the visit flow stores it: digits, 62...
        await tx.completions.visit_add("console", "v2", kecamatan="blado", desa="Kalisari",
                           rt_rw="001/002", contact="6281234567890", now=app.clock.now())
    code, _, _ = await run_export(dated, "all", tmp_path, fmt="xlsx")
    assert code == 0
    book = openpyxl.load_workbook(tmp_path / f"tutor-sensus-{DAY}.xlsx")
    _, rows = sheet_rows(book, "Keluarga selesai")
    for row in rows:
        assert isinstance(row["Tanggal"], datetime) and row["Tanggal"].date() <= date(2020, 3, 2)
        assert isinstance(row["Dicatat pada"], datetime)
        assert isinstance(row["Jumlah orang"], int)
    sheet = book["Keluarga selesai"]
    assert sheet["B2"].is_date and sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].is_date and sheet["C2"].number_format == "dd/mm/yyyy hh:mm"
    _, rows = sheet_rows(book, "Statistik")
    assert all(isinstance(r["Jumlah orang"], int) for r in rows)
    _, rows = sheet_rows(book, "Minta didatangi")
    assert rows and all(str(r["Kontak"]).startswith("+62") for r in rows)
    assert all(book["Minta didatangi"].cell(row=i, column=6).data_type == "s"
               for i in range(2, len(rows) + 2))
    # The CSV says the same number in the same +62 form (issue 15: every output alike).
    code, out, _ = await run_export(dated, "visits", fmt="csv")
    assert code == 0
    phones = [row["kontak"] for row in csv.DictReader(io.StringIO(out))]
    assert "+6281234567890" in phones
    assert all(phone.startswith("+62") for phone in phones), phones


async def test_the_xlsx_audit_sheet_reads_in_words_with_staff_by_name(
    app: App, admin: Chat, dated: Settings, tmp_path: Path
) -> None:
    """Issue 15: the audit sheet said "admin_export" and "console:900"; now the action and
    its detail in Indonesian, the admin by the name their platform gave."""
    await seeded(app)
    await admin._deliver(text="/ekspor completions csv", name="Rahmat Hidayat")
    code, _, _ = await run_export(dated, "audit", tmp_path, fmt="xlsx")
    assert code == 0
    book = openpyxl.load_workbook(tmp_path / f"tutor-sensus-audit-{DAY}.xlsx")
    _, rows = sheet_rows(book, "Catatan audit")
    row = next(r for r in rows if r["Oleh"] == "Rahmat Hidayat (console:900)")
    assert (row["Tindakan"], row["Rincian"]) == (
        T("audit-admin-export"), f'{T("export-completions-label")} · CSV')
    assert isinstance(row["Waktu"], datetime)
    assert not any("admin_export" in str(v) or "_" in str(r["Tindakan"])
                   for r in rows for v in r.values())
