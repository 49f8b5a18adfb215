"""Who may do what. Admin rights include staff rights; ids are always channel-scoped.

Every admin or staff command and button is checked here by the engine, on every call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conversations.core.ports import Stores


class Role(IntEnum):
    RESIDENT = 0
    STAFF = 1
    ADMIN = 2


def parse_ids(value: str | Iterable[str]) -> frozenset[str]:
    """'telegram:12345, console:1' -> {'telegram:12345', 'console:1'}; malformed pairs raise."""
    items = value.split(",") if isinstance(value, str) else list(value)
    ids = set()
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        channel, sep, user = item.partition(":")
        if not sep or not channel.strip() or not user.strip():
            raise ValueError(f"expected channel:id, got {item!r}")
        ids.add(f"{channel.strip().lower()}:{user.strip()}")
    return frozenset(ids)


def parse_names(value: str) -> dict[str, str]:
    """'telegram:7001=Budi Santoso, console:900=Sari' -> {'telegram:7001': 'Budi Santoso', ...}:
    the display names of staff and admins (the audit log says who, by name)."""
    names: dict[str, str] = {}
    for raw in value.split(","):
        if not raw.strip():
            continue
        who, sep, name = raw.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"expected channel:id=Name, got {raw.strip()!r}")
        (key,) = parse_ids(who)
        names[key] = name.strip()
    return names


async def staff_names(tx: Stores, overrides: Mapping[str, str]) -> dict[str, str]:
    """Staff and admins by name: the names their platform gave (kept by the engine, see
    PrivacyStore), with `TUTOR_SENSUS_STAFF_NAMES` (`overrides`) winning: no setup needed,
    and an office can still say "Sari Wulandari" for "Sari 🌸" or name a console user."""
    return {**await tx.personal.staff_names(), **overrides}


def who_by_name(key: str, names: Mapping[str, str]) -> str:
    """"telegram:7001" -> "Budi Santoso (telegram:7001)"; the id alone when no name is known."""
    return f"{names[key]} ({key})" if names.get(key) else key


@dataclass(frozen=True)
class Roles:
    admins: frozenset[str] = frozenset()
    staff: frozenset[str] = frozenset()

    def role_of(self, channel: str, user: str) -> Role:
        key = f"{channel}:{user}"
        if key in self.admins:
            return Role.ADMIN
        if key in self.staff:
            return Role.STAFF
        return Role.RESIDENT

    def allows(self, channel: str, user: str, needed: Role) -> bool:
        return self.role_of(channel, user) >= needed
