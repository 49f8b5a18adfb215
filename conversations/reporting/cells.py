"""How an export table's rows become cells: XLSX (Indonesian headers and values, dates as
dates, number formats) and CSV (the column keys, machine-friendly values, formula-safe text).
Pure; bot/renderers/tables.py and xlsx.py write the files."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from conversations.reporting import leaderboard

Rows = list[dict[str, Any]]

# XLSX headers (CSV keeps the column keys).
HEADERS = {
    "no": "No", "tanggal": "Tanggal", "dicatat_pada": "Dicatat pada", "kecamatan": "Kecamatan",
    "kk_wilayah_ini": "KK wilayah ini", "kk_tersamar": "No. KK (tersamar)",
    "jumlah_orang": "Jumlah orang", "kanal": "Kanal", "dibantu_tutor": "Dibantu tutor",
    "keluarga_tutor_sendiri": "Keluarga tutor sendiri", "kode_tutor": "Kode tutor",
    "acara": "Acara", "bukti": "Bukti", "voucher": "Voucher", "voucher_ditukar": "Voucher ditukar",
    "desa": "Desa/Kelurahan", "rt_rw": "RT/RW", "kontak": "Kontak",
    "kode": "Kode voucher", "suvenir": "Suvenir", "diterbitkan": "Diterbitkan",
    "berlaku_sampai": "Berlaku sampai", "ditukar_pada": "Ditukar pada",
    "ditukar_oleh": "Ditukar oleh", "waktu": "Waktu", "oleh": "Oleh", "tindakan": "Tindakan",
    "rincian": "Rincian",
    "penduduk": "Penduduk", "target_orang": "Target", "mulai_panduan": "Mulai panduan",
    "jumlah_kk": "Jumlah KK", "kk_dibantu_tutor": "KK dibantu tutor",
    "orang_dibantu_tutor": "Orang dibantu tutor", "capaian_persen": "Capaian (%)",
    "catatan": "Catatan",
    "langkah": "Langkah", "judul": "Judul langkah", "mencapai": "Warga yang sampai",
    "berhenti_di_sini": "Berhenti di sini",
    # conversations/reporting/leaderboard.py
    "rank": "Peringkat", "name": "Nama", "nip": "NIP", "opd": "OPD", "code": "Kode tutor",
    "status": "Status", "registered": "Terdaftar", "own_census_done": "Keluarga sendiri lapor",
    "residents_reached": "Warga dijangkau", "residents_started": "Warga mulai panduan",
    "completed_households": "Jumlah KK", "completed_persons": "Jumlah orang",
    "assisted_households": "KK dibantu langsung", "assisted_persons": "Orang dibantu langsung",
    "tutors_registered": "ASN terdaftar", "tutors_own_census_done": "ASN keluarga sendiri lapor",
}
# The leaderboard's English values, in Indonesian in the workbook.
VALUES = {
    "status": {"active": "aktif", "deleted": "data dihapus", "revoked": "dicabut"},
    "own_census_done": {"yes": "ya", "no": "tidak"},
}
NUMBER_FORMATS = {"capaian_persen": "0.00"}
# Columns written to XLSX as real dates (sortable, filterable; CSV keeps ISO text).
DATE_FORMATS = {
    "tanggal": "dd/mm/yyyy", "berlaku_sampai": "dd/mm/yyyy", "dicatat_pada": "dd/mm/yyyy hh:mm",
    "diterbitkan": "dd/mm/yyyy hh:mm", "ditukar_pada": "dd/mm/yyyy hh:mm",
    "waktu": "dd/mm/yyyy hh:mm", "registered": "dd/mm/yyyy", "created": "dd/mm/yyyy hh:mm",
}


def as_date(value: str) -> date | datetime | str:
    """"2020-03-02" -> a date, "2020-03-02 10:00" -> a datetime; anything else unchanged."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        if len(value) >= 16 and value[10] in " T":
            return datetime.strptime(value[:16].replace("T", " "), "%Y-%m-%d %H:%M")
    except ValueError:
        pass
    return value


def sheet_headers(columns: tuple[str, ...]) -> list[str]:
    """The XLSX header row (Indonesian)."""
    return [HEADERS.get(k, k) for k in columns]


def sheet_formats(columns: tuple[str, ...]) -> dict[int, str]:
    """Column index -> Excel number format (dates, numbers)."""
    return {col: DATE_FORMATS.get(key) or NUMBER_FORMATS[key]
            for col, key in enumerate(columns)
            if key in NUMBER_FORMATS or key in DATE_FORMATS}


def sheet_cells(columns: tuple[str, ...], rows: Rows) -> list[list[Any]]:
    """Rows as XLSX cells: dates as dates, Indonesian values."""
    return [[_cell(key, row.get(key, "")) for key in columns] for row in rows]


def csv_cells(columns: tuple[str, ...], rows: Rows) -> list[list[Any]]:
    """Rows as CSV cells (machine-friendly values, formula-safe text)."""
    return [[leaderboard.csv_safe(row.get(c, "")) for c in columns] for row in rows]


def _cell(key: str, value: Any) -> Any:
    if key in DATE_FORMATS and isinstance(value, str) and value:
        value = as_date(value)
    return VALUES.get(key, {}).get(value, value) if isinstance(value, str) else value
