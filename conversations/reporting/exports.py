"""Tables for admins as CSV or XLSX: completions, visit requests, vouchers (bot/store/stats.py),
the statistics per kecamatan and the tutorial funnel (conversations/reporting/stats.py),
the tutors' tables (conversations/reporting/leaderboard.py) and the audit log. `tables` reads
them in the caller's transaction; the rest is pure: rows in, CSV text or a workbook request
out (bot/renderers/xlsx.py writes the XLSX file).

CSV keeps the machine-friendly column names ("kk_tersamar"); the XLSX workbook has one sheet
per table with Indonesian headers ("No. KK (tersamar)"), a bold frozen header row, filters and
column widths that fit. Text cells are always text there: a desa or a name typed as "=..." is
never a formula.

Never a KK number or NIK: a completion shows the KK's mask only ("•••• 8901"). Assisted
completions (a tutor helped a household without a phone) are marked in every table. The
visit list (desa, RT/RW, phone) is for admins, for the officers of the field stage; its phone
numbers are in the +62 form everywhere (CSV, XLSX, the dashboard), ready to dial.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from conversations.core.campaign import Campaign
from conversations.core.i18n import Translator
from conversations.core.models import Sheet, Workbook
from conversations.core.ports import Stores
from conversations.core.roles import staff_names as named
from conversations.core.roles import who_by_name
from conversations.reporting import leaderboard, stats

# In the order of a workbook with everything: the overview first.
TABLES = ("stats", "funnel", "completions", "visits", "vouchers", "tutors", "opd", "audit")
ALL = "all"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Admin and staff actions (events of these kinds): the audit log (/audit, export "audit").
AUDIT_KINDS = (
    "broadcast", "broadcast_pause", "broadcast_resume", "broadcast_cancel", "admin_stats",
    "admin_export", "voucher_redeemed", "tutor_revoked", "tutor_code_changed", "event_created",
    "handoff_answered", "visit_state", "web_signin",
)
AUDIT_COLUMNS = ("no", "waktu", "kanal", "oleh", "tindakan", "rincian")

COMPLETION_COLUMNS = (
    "no", "tanggal", "dicatat_pada", "kecamatan", "kk_wilayah_ini", "kk_tersamar",
    "jumlah_orang", "kanal", "dibantu_tutor", "keluarga_tutor_sendiri", "kode_tutor", "acara",
    "bukti", "voucher", "voucher_ditukar",
)
VISIT_COLUMNS = ("no", "dicatat_pada", "kecamatan", "desa", "rt_rw", "kontak", "kanal")
VOUCHER_COLUMNS = (
    "kode", "suvenir", "diterbitkan", "berlaku_sampai", "ditukar_pada", "ditukar_oleh",
    "kk_tersamar", "kecamatan", "dibantu_tutor",
)


STATS_COLUMNS = (
    "kecamatan", "penduduk", "target_orang", "mulai_panduan", "jumlah_kk", "jumlah_orang",
    "kk_dibantu_tutor", "orang_dibantu_tutor", "capaian_persen", "catatan",
)
FUNNEL_COLUMNS = ("langkah", "judul", "mencapai", "berhenti_di_sini")

SHEET_TITLES = {
    "stats": "Statistik", "funnel": "Panduan", "completions": "Keluarga selesai",
    "visits": "Minta didatangi", "vouchers": "Voucher", "tutors": "Tutor",
    "opd": "Peringkat OPD", "audit": "Catatan audit",
}
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


def phone_display(number: str | None) -> str:
    """A contact number in the +62 form ("081234567890" or "6281234567890" ->
    "+6281234567890"); anything that does not look like an Indonesian phone stays as typed."""
    raw = (number or "").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if digits.startswith("62") and 10 <= len(digits) <= 15 and not raw.startswith("+0"):
        return "+" + digits
    return raw


@dataclass(frozen=True)
class Table:
    name: str
    rows: list[dict[str, Any]]
    columns: tuple[str, ...]

    @property
    def title(self) -> str:
        return SHEET_TITLES.get(self.name, self.name)


def resolve(what: str | Iterable[str]) -> list[str]:
    """Table names from `--what`/`/ekspor` words ("all", repeats, commas), in TABLES order;
    ValueError for an unknown name."""
    words = [what] if isinstance(what, str) else list(what)
    names = {n.strip().casefold() for w in words for n in w.split(",") if n.strip()}
    unknown = sorted(names - {*TABLES, ALL})
    if unknown:
        raise ValueError(f"unknown table {', '.join(unknown)}: choose from "
                         f"{', '.join((*TABLES, ALL))}")
    if not names:
        raise ValueError("no table chosen")
    return [n for n in TABLES if ALL in names or n in names]


def _yes(value: Any) -> str:
    return "ya" if value else "tidak"


def _kecamatan(campaign: Campaign) -> Callable[[str | None], str]:
    def name(kecamatan_id: str | None) -> str:
        found = campaign.region.kecamatan_by_id(kecamatan_id or "")
        return found.name if found else (kecamatan_id or "")
    return name


def _moment(value: str | None) -> str:
    return (value or "")[:16].replace("T", " ")


def completion_rows(rows: list[dict[str, Any]], campaign: Campaign) -> list[dict[str, Any]]:
    name = _kecamatan(campaign)
    return [{
        "no": r["id"], "tanggal": r["day"], "dicatat_pada": _moment(r["created_at"]),
        "kecamatan": name(r["kecamatan"]), "kk_wilayah_ini": _yes(r["in_region"]),
        "kk_tersamar": r["kk_mask"], "jumlah_orang": r["persons"], "kanal": r["channel"],
        "dibantu_tutor": _yes(r["assisted"]), "keluarga_tutor_sendiri": _yes(r["own_household"]),
        "kode_tutor": r["tutor_code"] or "", "acara": r["event"] or "",
        "bukti": _yes(r["proof"]), "voucher": _yes(r["voucher"]),
        "voucher_ditukar": _yes(r["redeemed"]),
    } for r in rows]


def visit_rows(rows: list[dict[str, Any]], campaign: Campaign) -> list[dict[str, Any]]:
    name = _kecamatan(campaign)
    return [{
        "no": r["id"], "dicatat_pada": _moment(r["created_at"]), "kecamatan": name(r["kecamatan"]),
        "desa": r["desa"], "rt_rw": r["rt_rw"], "kontak": phone_display(r["contact"]),
        "kanal": r["channel"],
    } for r in rows]


def voucher_rows(rows: list[dict[str, Any]], campaign: Campaign,
                 people: dict[str, str] | None = None) -> list[dict[str, Any]]:
    name = _kecamatan(campaign)
    out = []
    for r in rows:
        souvenir = campaign.souvenir(r["souvenir"])
        out.append({
            "kode": r["code"], "suvenir": souvenir.name if souvenir else r["souvenir"],
            "diterbitkan": _moment(r["issued_at"]), "berlaku_sampai": r["expires_on"] or "",
            "ditukar_pada": _moment(r["redeemed_at"]),
            "ditukar_oleh": who_by_name(r["redeemed_by"] or "", people or {}),
            "kk_tersamar": r["kk_mask"], "kecamatan": name(r["kecamatan"]),
            "dibantu_tutor": _yes(r["assisted"]),
        })
    return out


def audit_rows(
    rows: list[dict[str, Any]], t: Translator | None = None,
    names: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """With a translator: the action in words ("siaran dimulai") and its detail readable
    ("#1 · Belum lapor selesai"); with names: who by name ("Budi Santoso (telegram:7001)").
    Each row keeps the event's kind under "jenis" (not a column: pages filter by it)."""
    out = []
    for r in rows:
        kind, detail = r["kind"], r["detail"] or ""
        out.append({
            "no": r["id"], "waktu": _moment(r["at"]), "kanal": r["channel"],
            "oleh": who_by_name(f"{r['channel']}:{r['user_id']}", names or {}),
            "tindakan": t(f"audit-{kind.replace('_', '-')}") if t is not None else kind,
            "rincian": audit_detail(kind, detail, t) if t is not None else detail,
            "jenis": kind,
        })
    return out


def audit_detail(kind: str, detail: str, t: Translator) -> str:
    """An event's detail as an admin reads it: "1:not_completed" -> "#1 · Belum lapor
    selesai", "visits, stats (xlsx)" -> "Minta didatangi, Statistik per kecamatan · XLSX",
    "3:baru>dijadwalkan" -> "#3 · baru → dijadwalkan", a question or broadcast number -> "#3"."""
    if not detail:
        return ""
    if kind == "broadcast":
        number, _, segment = detail.partition(":")
        name, _, argument = segment.partition(":")
        label = t(f"segment-{name}-label") if t.has(f"segment-{name}-label") else name
        return f"#{number} · {label}" + (f" ({argument})" if argument else "")
    if kind in ("broadcast_pause", "broadcast_resume", "broadcast_cancel", "handoff_answered",
                "tutor_revoked", "event_created"):
        return f"#{detail}"
    if kind == "admin_export":
        return _export_detail(detail, t)
    if kind == "visit_state":
        number, _, move = detail.partition(":")
        old, _, new = move.partition(">")
        states = [_label(t, "web-visit-state", state) for state in (old, new)]
        return f"#{number} · {' → '.join(states)}"
    if kind == "web_signin":
        return _label(t, "audit-as", detail)
    return detail  # a voucher's code


def _label(t: Translator, prefix: str, value: str) -> str:
    key = f"{prefix}-{value.replace('_', '-')}"
    return t(key) if t.has(key) else value


def _export_detail(detail: str, t: Translator) -> str:
    """ "completions, visits (xlsx)" (the chat and `tutor-sensus export`) or "visits (csv,
    web)" (the dashboard) -> the tables by the names /ekspor shows, the format, where from."""
    tables, _, how = detail.partition(" (")
    names = [n.strip() for n in tables.split(",") if n.strip()]
    labels = ([t("export-all-label")] if set(TABLES) <= set(names)
              else [t(f"export-{n}-label") if t.has(f"export-{n}-label") else n for n in names])
    parts = [p.strip() for p in how.rstrip(")").split(",") if p.strip()] or ["csv"]
    words = [t("audit-from-web") if p == "web" else p.upper() for p in parts]
    return " · ".join([", ".join(labels), *words])


def _stats_row(row: stats.KecamatanRow, name: str, note: str = "") -> dict[str, Any]:
    return {
        "kecamatan": name, "penduduk": row.population or "",
        "target_orang": round(row.target) if row.target else "",
        "mulai_panduan": row.started, "jumlah_kk": row.households, "jumlah_orang": row.persons,
        "kk_dibantu_tutor": row.assisted, "orang_dibantu_tutor": row.assisted_persons,
        "capaian_persen": round(row.progress * 100, 2) if row.target else "",
        "catatan": note,
    }


def stats_rows(figures: stats.Figures) -> list[dict[str, Any]]:
    """Per kecamatan (by name), the residents without one, the total (the same figures as
    /statistik) and, apart, KK of other regencies (not in the total). No rows while nobody
    has started the tutorial or reported a completion."""
    total, unknown, outside = figures.total, figures.unknown, figures.outside
    if not (total.started or total.households or outside.households):
        return []
    rows = [_stats_row(r, r.name, "penduduk belum pasti" if r.uncertain else "")
            for r in sorted(figures.kecamatan, key=lambda r: r.name.casefold())]
    if unknown.started or unknown.households:
        rows.append(_stats_row(unknown, "Tanpa kecamatan", "kecamatan tidak disebut"))
    rows.append(_stats_row(total, "Total"))
    if outside.households:
        rows.append(_stats_row(outside, "KK luar daerah", "tidak dihitung dalam total"))
    return rows


def funnel_rows(figures: stats.Figures, campaign: Campaign, t: Translator) -> list[dict[str, Any]]:
    """The tutorial funnel as /statistik shows it: who started, per step who got at least
    that far and who stopped there, who finished. No rows while nobody started."""
    funnel = figures.funnel
    tops: dict[int, tuple[int, int]] = funnel.get("tops", {})
    if not (funnel.get("started") or tops):
        return []
    rows = [{"langkah": "", "judul": "Mulai panduan", "mencapai": funnel.get("started", 0),
             "berhenti_di_sini": ""}]
    for index, step in enumerate(campaign.tutorial.steps):
        rows.append({
            "langkah": index + 1, "judul": t(f"step-{step.id}-title"),
            "mencapai": sum(count for top, (count, _) in tops.items() if top >= index),
            "berhenti_di_sini": tops.get(index, (0, 0))[1],
        })
    rows.append({"langkah": "", "judul": "Selesai panduan",
                 "mencapai": funnel.get("tutorial_done", 0), "berhenti_di_sini": ""})
    return rows


async def tables(tx: Stores, names: Sequence[str], campaign: Campaign, today: date,
                 staff_names: dict[str, str] | None = None) -> list[Table]:
    """The export tables `names`, read in the caller's transaction (statistics once). Staff
    by name: the names their platform gave, `staff_names` (the settings') winning."""
    figures = None
    people = await named(tx, staff_names or {}) if {"audit", "vouchers"} & set(names) else {}
    out = []
    for name in names:
        if name in ("stats", "funnel"):
            figures = figures or await stats.gather(tx, campaign, today)
            if name == "stats":
                out.append(Table(name, stats_rows(figures), STATS_COLUMNS))
            else:  # the exports are in Indonesian, whoever asks
                t = Translator("id", campaign, today)
                out.append(Table(name, funnel_rows(figures, campaign, t), FUNNEL_COLUMNS))
        elif name == "audit":  # in Indonesian, staff by name
            t = Translator("id", campaign, today)
            rows = audit_rows(await tx.stats.audit(AUDIT_KINDS), t, people)
            out.append(Table(name, rows, AUDIT_COLUMNS))
        else:
            out.append(Table(name, *await table(tx, name, campaign, people)))
    return out


async def table(tx: Stores, name: str, campaign: Campaign, people: dict[str, str] | None = None
                ) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The rows and columns of one export table (not stats or funnel: see `tables`), read in
    the caller's transaction; `people`: staff by name ("channel:id" -> name)."""
    if name == "completions":
        return completion_rows(await tx.stats.export_completions(), campaign), COMPLETION_COLUMNS
    if name == "visits":
        return visit_rows(await tx.stats.export_visits(), campaign), VISIT_COLUMNS
    if name == "vouchers":
        return (voucher_rows(await tx.stats.export_vouchers(), campaign, people),
                VOUCHER_COLUMNS)
    if name == "audit":
        return audit_rows(await tx.stats.audit(AUDIT_KINDS)), AUDIT_COLUMNS
    figures = await tx.tutors.tutor_figures()
    if name == "tutors":
        return leaderboard.tutor_rows(figures, campaign), leaderboard.TUTOR_COLUMNS
    if name == "opd":
        return leaderboard.opd_rows(figures), leaderboard.OPD_COLUMNS
    raise ValueError(f"unknown table {name!r}")


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    return leaderboard.to_csv(rows, columns)


def workbook(tables: Sequence[Table]) -> Workbook:
    """One workbook, one sheet per table (a table without rows: its header only), with
    Indonesian headers and values; bot/renderers/xlsx.py writes the XLSX file."""
    sheets = []
    for item in tables:
        formats = {col: DATE_FORMATS.get(key) or NUMBER_FORMATS[key]
                   for col, key in enumerate(item.columns)
                   if key in NUMBER_FORMATS or key in DATE_FORMATS}
        rows = [[_cell(key, row.get(key, "")) for key in item.columns] for row in item.rows]
        sheets.append(Sheet(title=item.title, headers=[HEADERS.get(k, k) for k in item.columns],
                            rows=rows, number_formats=formats))
    return Workbook(sheets=sheets)


def _cell(key: str, value: Any) -> Any:
    if key in DATE_FORMATS and isinstance(value, str) and value:
        value = as_date(value)
    return VALUES.get(key, {}).get(value, value) if isinstance(value, str) else value
