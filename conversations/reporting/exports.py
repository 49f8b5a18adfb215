"""Tables for admins as CSV or XLSX: completions, visit requests, vouchers (bot/store/stats.py),
the statistics per kecamatan and the tutorial funnel (conversations/reporting/stats.py),
the tutors' tables (conversations/reporting/leaderboard.py) and the audit log. `tables` says
what to read (the large tables as batches read from the store when the file is written);
the rest is pure: rows in, cells out (bot/renderers/tables.py streams them into XLSX or CSV
files).

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

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from conversations.core.campaign import Campaign
from conversations.core.i18n import Translator
from conversations.core.models import Sheet, Workbook
from conversations.core.ports import Stores
from conversations.core.roles import staff_names as named
from conversations.core.roles import who_by_name
from conversations.reporting import cells, leaderboard, stats

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


Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Table:
    """One export table: its rows in memory (small tables), or `source`, which reads them in
    batches from the store each time it is called (a table of any size: the writer streams
    them to the file, bot/renderers/tables.py)."""

    name: str
    rows: Rows = field(default_factory=list)
    columns: tuple[str, ...] = ()
    source: Callable[[], AsyncIterator[Rows]] | None = None

    @property
    def title(self) -> str:
        return SHEET_TITLES.get(self.name, self.name)

    async def batches(self) -> AsyncIterator[Rows]:
        if self.source is None:
            if self.rows:
                yield self.rows
            return
        async for rows in self.source():
            if rows:
                yield rows


def _mapped(read: Callable[[], AsyncIterator[Rows]],
            convert: Callable[[Rows], Rows]) -> Callable[[], AsyncIterator[Rows]]:
    """A source whose every batch goes through `convert` (the store's rows -> the table's)."""
    async def source() -> AsyncIterator[Rows]:
        async for rows in read():
            yield convert(rows)
    return source


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
    """The export tables `names` (statistics read once). The large ones (completions, visits,
    vouchers, audit) are sources read in batches from `tx` when they are written. Staff by
    name: the names their platform gave, `staff_names` (the settings') winning."""
    figures = None
    people = await named(tx, staff_names or {}) if {"audit", "vouchers"} & set(names) else {}
    out = []
    t = Translator("id", campaign, today)  # the exports are in Indonesian, whoever asks
    stats_ = tx.stats
    for name in names:
        if name in ("stats", "funnel"):
            figures = figures or await stats.gather(tx, campaign, today)
            if name == "stats":
                out.append(Table(name, stats_rows(figures), STATS_COLUMNS))
            else:
                out.append(Table(name, funnel_rows(figures, campaign, t), FUNNEL_COLUMNS))
        elif name == "audit":  # in Indonesian, staff by name
            out.append(Table(name, columns=AUDIT_COLUMNS, source=_mapped(
                lambda: stats_.export_audit(AUDIT_KINDS),
                lambda rows: audit_rows(rows, t, people))))
        elif name == "completions":
            out.append(Table(name, columns=COMPLETION_COLUMNS, source=_mapped(
                stats_.export_completions, lambda rows: completion_rows(rows, campaign))))
        elif name == "visits":
            out.append(Table(name, columns=VISIT_COLUMNS, source=_mapped(
                stats_.export_visits, lambda rows: visit_rows(rows, campaign))))
        elif name == "vouchers":
            out.append(Table(name, columns=VOUCHER_COLUMNS, source=_mapped(
                stats_.export_vouchers, lambda rows: voucher_rows(rows, campaign, people))))
        elif name in ("tutors", "opd"):  # a row per tutor or OPD: small
            figures_ = await tx.tutors.tutor_figures()
            if name == "tutors":
                out.append(Table(name, leaderboard.tutor_rows(figures_, campaign),
                                 leaderboard.TUTOR_COLUMNS))
            else:
                out.append(Table(name, leaderboard.opd_rows(figures_), leaderboard.OPD_COLUMNS))
        else:
            raise ValueError(f"unknown table {name!r}")
    return out


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    return leaderboard.to_csv(rows, columns)


def workbook(tables: Sequence[Table]) -> Workbook:
    """One workbook, one sheet per table (a table without rows: its header only), with
    Indonesian headers and values; bot/renderers/xlsx.py writes the XLSX file."""
    sheets = [Sheet(title=item.title, headers=cells.sheet_headers(item.columns),
                    rows=cells.sheet_cells(item.columns, item.rows),
                    number_formats=cells.sheet_formats(item.columns))
              for item in tables]
    return Workbook(sheets=sheets)
