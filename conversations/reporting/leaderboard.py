"""Leaderboards of tutors and work units (OPD), and their CSV form. Pure: takes the figures
of `tx.tutors.tutor_figures()` / `event_figures()` (bot/store/tutors.py) and returns rows.

Who counts: every tutor an admin did not revoke, including tutors who deleted their data
(their row stays without NIP and name, so what they did still counts for their OPD).

Ranking: households helped (every completion credited to the tutor except their own:
residents who came through their code and households they recorded as assisted), then
residents reached. Equal figures share a rank.

Only the tutors table (for admins) has names and NIP. No table has a resident's id.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from conversations.core.campaign import Campaign
from conversations.core.nip import grouped

OTHER_OPD = "lainnya"

OPD_COLUMNS = (
    "rank", "opd", "tutors_registered", "tutors_own_census_done", "residents_reached",
    "residents_started", "completed_households", "completed_persons", "assisted_households",
    "assisted_persons",
)
TUTOR_COLUMNS = (
    "rank", "name", "nip", "opd", "kecamatan", "code", "status", "registered",
    "own_census_done", "residents_reached", "residents_started", "completed_households",
    "completed_persons", "assisted_households", "assisted_persons",
)
EVENT_COLUMNS = (
    "event", "code", "created", "residents_reached", "residents_started",
    "completed_households", "completed_persons",
)


def opd_name(tutor: dict[str, Any]) -> str:
    if tutor["opd"] == OTHER_OPD:
        return " ".join((tutor.get("opd_other") or "").split()) or "Lainnya"
    return str(tutor["opd"])


def _opd_key(tutor: dict[str, Any]) -> str:
    return " ".join(opd_name(tutor).casefold().split())


def counted(tutor: dict[str, Any]) -> bool:
    return tutor["revoked_at"] is None


def status(tutor: dict[str, Any]) -> str:
    if tutor["revoked_at"] is not None:
        return "revoked"
    return "deleted" if tutor["nip"] is None else "active"


def _score(tutor: dict[str, Any]) -> tuple[int, int]:
    return (int(tutor["households"]), int(tutor["reached"]))


def _ranks(scores: Sequence[tuple[int, ...]]) -> list[int]:
    """Competition ranking ("1, 2, 2, 4") of scores sorted best first."""
    ranks: list[int] = []
    for i, score in enumerate(scores):
        ranks.append(ranks[-1] if i and score == scores[i - 1] else i + 1)
    return ranks


def rank_in_opd(tutors: Iterable[dict[str, Any]], tutor_id: int) -> tuple[int, int]:
    """(rank, number of tutors) of one tutor within their OPD."""
    everyone = list(tutors)
    me = next(t for t in everyone if t["id"] == tutor_id)
    peers = [t for t in everyone if counted(t) and _opd_key(t) == _opd_key(me)]
    better = sum(_score(p) > _score(me) for p in peers)
    return better + 1, max(len(peers), 1)


def opd_rows(tutors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for tutor in filter(counted, tutors):
        row = groups.setdefault(_opd_key(tutor), {
            "opd": opd_name(tutor), "tutors_registered": 0, "tutors_own_census_done": 0,
            "residents_reached": 0, "residents_started": 0, "completed_households": 0,
            "completed_persons": 0, "assisted_households": 0, "assisted_persons": 0,
        })
        row["tutors_registered"] += 1
        row["tutors_own_census_done"] += int(tutor["own_household"])
        row["residents_reached"] += tutor["reached"]
        row["residents_started"] += tutor["started"]
        row["completed_households"] += tutor["households"]
        row["completed_persons"] += tutor["persons"]
        row["assisted_households"] += tutor["assisted"]
        row["assisted_persons"] += tutor["assisted_persons"]

    def order(row: dict[str, Any]) -> tuple[Any, ...]:
        return (-row["completed_households"], -row["residents_reached"],
                -row["tutors_own_census_done"], row["opd"].casefold())

    rows = sorted(groups.values(), key=order)
    scores = [(r["completed_households"], r["residents_reached"]) for r in rows]
    return [{"rank": rank, **row} for rank, row in zip(_ranks(scores), rows, strict=True)]


def tutor_rows(tutors: Iterable[dict[str, Any]], campaign: Campaign) -> list[dict[str, Any]]:
    """Every tutor, best first; revoked tutors last and without a rank."""
    everyone = sorted(tutors, key=lambda t: (not counted(t), [-x for x in _score(t)], t["id"]))
    ranked = [t for t in everyone if counted(t)]
    ranks = dict(zip((t["id"] for t in ranked), _ranks([_score(t) for t in ranked]),
                     strict=True))
    rows = []
    for tutor in everyone:
        kecamatan = campaign.region.kecamatan_by_id(tutor["kecamatan"] or "")
        rows.append({
            "rank": ranks.get(tutor["id"], ""),
            "name": tutor["name"] or "",
            "nip": grouped(tutor["nip"]) if tutor["nip"] else "",
            "opd": opd_name(tutor),
            "kecamatan": kecamatan.name if kecamatan else "",
            "code": tutor["code"],
            "status": status(tutor),
            "registered": str(tutor["registered_at"])[:10],
            "own_census_done": "yes" if tutor["own_household"] else "no",
            "residents_reached": tutor["reached"],
            "residents_started": tutor["started"],
            "completed_households": tutor["households"],
            "completed_persons": tutor["persons"],
            "assisted_households": tutor["assisted"],
            "assisted_persons": tutor["assisted_persons"],
        })
    return rows


def event_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "event": e["name"], "code": e["code"], "created": str(e["created_at"])[:10],
            "residents_reached": e["reached"], "residents_started": e["started"],
            "completed_households": e["households"], "completed_persons": e["persons"],
        }
        for e in events
    ]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE = re.compile(r"\+[0-9]{8,15}")


def csv_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)" typed as a desa or a
    name) gets a leading apostrophe, the usual guard; numbers stay numbers, and so does a
    phone number in the +62 form (a plus and digits only can run nothing)."""
    if (isinstance(value, str) and value.startswith(FORMULA_START)
            and not PHONE.fullmatch(value)):
        return "'" + value
    return value


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: csv_safe(row.get(c, "")) for c in columns})
    return out.getvalue()
