"""Tables for admins as CSV: completions, visit requests, vouchers (bot/store/stats.py) and
the tutors' tables (conversations/leaderboard.py). Pure: rows in, CSV text out.

Never a KK number or NIK: a completion shows the KK's mask only ("•••• 8901"). Assisted
completions (a tutor helped a household without a phone) are marked in every table. The
visit list (desa, RT/RW, phone) is for admins, for the officers of the field stage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conversations import leaderboard
from conversations.campaign import Campaign

TABLES = ("completions", "visits", "vouchers", "tutors", "opd", "audit")
# Admin and staff actions (events of these kinds): the audit log (/audit, export "audit").
AUDIT_KINDS = (
    "broadcast", "broadcast_pause", "broadcast_resume", "broadcast_cancel", "admin_stats",
    "admin_export", "voucher_redeemed", "tutor_revoked", "tutor_code_changed", "event_created",
    "handoff_answered",
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
        "desa": r["desa"], "rt_rw": r["rt_rw"], "kontak": r["contact"], "kanal": r["channel"],
    } for r in rows]


def voucher_rows(rows: list[dict[str, Any]], campaign: Campaign) -> list[dict[str, Any]]:
    name = _kecamatan(campaign)
    out = []
    for r in rows:
        souvenir = campaign.souvenir(r["souvenir"])
        out.append({
            "kode": r["code"], "suvenir": souvenir.name if souvenir else r["souvenir"],
            "diterbitkan": _moment(r["issued_at"]), "berlaku_sampai": r["expires_on"] or "",
            "ditukar_pada": _moment(r["redeemed_at"]), "ditukar_oleh": r["redeemed_by"] or "",
            "kk_tersamar": r["kk_mask"], "kecamatan": name(r["kecamatan"]),
            "dibantu_tutor": _yes(r["assisted"]),
        })
    return out


def audit_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"no": r["id"], "waktu": _moment(r["at"]), "kanal": r["channel"],
             "oleh": r["user_id"], "tindakan": r["kind"], "rincian": r["detail"] or ""}
            for r in rows]


async def table(tx: Any, name: str, campaign: Campaign) -> tuple[list[dict[str, Any]],
                                                                   tuple[str, ...]]:
    """The rows and columns of one export table, read in the caller's transaction."""
    if name == "completions":
        return completion_rows(await tx.export_completions(), campaign), COMPLETION_COLUMNS
    if name == "visits":
        return visit_rows(await tx.export_visits(), campaign), VISIT_COLUMNS
    if name == "vouchers":
        return voucher_rows(await tx.export_vouchers(), campaign), VOUCHER_COLUMNS
    if name == "audit":
        return audit_rows(await tx.audit(AUDIT_KINDS)), AUDIT_COLUMNS
    figures = await tx.tutor_figures()
    if name == "tutors":
        return leaderboard.tutor_rows(figures, campaign), leaderboard.TUTOR_COLUMNS
    if name == "opd":
        return leaderboard.opd_rows(figures), leaderboard.OPD_COLUMNS
    raise ValueError(f"unknown table {name!r}")


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    return leaderboard.to_csv(rows, columns)
