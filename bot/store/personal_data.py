"""The one registry of where personal data lives, and how `/hapus_data` removes it.

Every table with a person's id is listed here with what deletion does to it. A test compares
this registry with the schema, so a feature that adds a table with `user_id`, `chat_id` or a
phone number must register it (or say in NOT_PERSONAL why it holds nothing personal).

Deletion keeps the statistics right: events are kept under a random pseudonym (counts of
people per step stay the same), a completion keeps its anonymous counts and the KK hash (the
marker that the household already received its voucher, so deletion is no way to a second
one), a redeemed voucher stays redeemed.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Literal

from bot.channels.console import file_name
from bot.store.statements import Repository
from bot.store.timefmt import iso

Action = Literal["delete", "pseudonymise", "detach"]


@dataclass(frozen=True)
class PersonalTable:
    table: str
    action: Action
    user_column: str = "user_id"
    why: str = ""
    # For "detach": the columns cleared besides the person's id.
    cleared: tuple[str, ...] = ()
    # The person's rows when they are not simply `channel = ? AND <user_column> = ?`: an SQL
    # condition with the same two parameters (channel, user id).
    where: str = ""

    @property
    def condition(self) -> str:
        """SQL selecting the person's rows, with parameters (channel, user id)."""
        return self.where or f"channel = ? AND {self.user_column} = ?"


PERSONAL_DATA: tuple[PersonalTable, ...] = (
    PersonalTable("people", "delete", why="profile, language, kecamatan, chat state"),
    PersonalTable("handoffs", "delete", why="questions typed for staff, and their answers"),
    PersonalTable("visit_requests", "delete", why="desa, RT/RW and phone for an officer visit"),
    PersonalTable("outbox", "delete", user_column="chat_id", why="messages to the person"),
    PersonalTable("events", "pseudonymise", why="tutorial funnel and feedback; counts stay"),
    PersonalTable(
        "completions", "detach",
        why="household counts stay; the KK hash stays as the one-voucher marker",
        cleared=("proof_kind", "proof_file_id", "proof_path", "proof_error"),
    ),
    PersonalTable("whatsapp_window", "delete", why="when the person last wrote (phone number)"),
    # A tutor is one person with one or more accounts: deleting from any of them clears the
    # NIP and the name (the row stays, anonymous, so counts per OPD stay) and unlinks them
    # all. Before tutor_accounts, which the condition reads.
    PersonalTable(
        "tutors", "detach",
        why="an ASN tutor's NIP, name and typed OPD; the tutor's counts stay, anonymous",
        cleared=("nip", "name", "opd_other"),
        where="id IN (SELECT tutor_id FROM tutor_accounts WHERE channel = ? AND user_id = ?)",
    ),
    PersonalTable(
        "tutor_accounts", "delete", why="which chat accounts belong to a tutor",
        where="tutor_id IN (SELECT tutor_id FROM tutor_accounts"
              " WHERE channel = ? AND user_id = ?)",
    ),
    PersonalTable("referrals", "pseudonymise",
                  why="which tutor or event brought a resident in; counts stay"),
    PersonalTable("whatsapp_statuses", "delete", why="delivery receipts of messages to them"),
    # The bulk lane (issue 5). A broadcast keeps its total; the person's row goes.
    PersonalTable("broadcast_recipients", "delete", user_column="chat_id",
                  why="which broadcasts went to the person, and how"),
    PersonalTable("opt_outs", "delete", why="that the person said STOP (their row is gone too)"),
    PersonalTable("reminders", "delete", why="reminders due or sent to the person"),
    PersonalTable("tutorial_progress", "delete",
                  why="where the person is in the tutorial, and when they last moved"),
    PersonalTable("message_refs", "delete", user_column="chat_id",
                  why="ids of bot messages in their chat that are edited later"),
    PersonalTable("broadcasts", "detach", user_column="admin_chat",
                  why="an admin's broadcasts: the broadcast stays, without the admin's chat",
                  where="admin_channel = ? AND admin_chat = ?"),
    # The web dashboard (issue 17): an admin's or staff member's sign-in links and sessions.
    PersonalTable("web_links", "delete", why="one-time dashboard sign-in links asked for"),
    PersonalTable("web_sessions", "delete", why="dashboard sessions (signed out with them)"),
    # Issue 15: a staff member's or admin's name as the platform gave it (the audit log).
    PersonalTable("staff_names", "delete", why="a staff member's or admin's display name"),
    # Issue 14 (migration 0031): an admin's reports still being prepared.
    PersonalTable("report_jobs", "delete", user_column="chat_id",
                  why="which reports an admin asked for that are not sent yet"),
    # The statistics' per-person facts (issue 14, migration 0020), last: the rows above have
    # already updated it through their triggers (profile kecamatan gone, own completion
    # detached); under the events' pseudonym the counts stay and a recount agrees.
    PersonalTable("report_people", "pseudonymise",
                  why="what the statistics count of the person (steps, kecamatan, referral)"),
)


@dataclass(frozen=True)
class PersonalFiles:
    """Files in the data folder that hold what a person was sent: `path` is relative to the
    data folder, `{user}` the person's id as a file name (bot/channels/console.py's)."""

    channel: str
    path: str
    why: str


PERSONAL_FILES: tuple[PersonalFiles, ...] = (
    # The console is one person's phone at a time (bot/channels/console.py).
    PersonalFiles("console", "console-inbox/{user}.jsonl",
                  "messages that arrived while someone else was at the keyboard"),
    PersonalFiles("console", "console-files/{user}",
                  "images and documents they were sent (voucher QR, exports, charts)"),
)


def personal_files(data_dir: Path, channel: str, user_id: str) -> list[Path]:
    """The person's files and folders under the data folder (those that exist)."""
    found = [data_dir / entry.path.format(user=file_name(user_id))
             for entry in PERSONAL_FILES if entry.channel == channel]
    return [path for path in found if path.exists()]


def remove(path: Path) -> None:
    """A file, or a folder with what is in it (the console's saved files)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)

# Tables that have a chat or user column but hold nothing about a person.
NOT_PERSONAL = {
    "group_notices": "group chats the bot answered once; no person",
    "inbox": "raw updates are emptied (payload NULL) as soon as they are handled",
    "rejected_updates": "unreadable updates: a reason and their structure, no text or ids",
}


class PersonalDataQueries(Repository):
    async def forget_person(self, channel: str, user_id: str) -> list[str]:
        """Remove the person's data (see PERSONAL_DATA), and after the commit their proof
        files and their files in the data folder (PERSONAL_FILES); returns the proof files'
        paths."""
        proofs = [
            row[0] for row in await self._all(
                "SELECT proof_path FROM completions WHERE channel = ? AND user_id = ?"
                " AND proof_path IS NOT NULL",
                (channel, user_id),
            )
        ]
        for proof in proofs:  # the proof photos' files go once the deletion is committed
            self._tx.after_commit(partial(Path(proof).unlink, missing_ok=True))
        if (data_dir := self._tx.data_dir) is not None:
            for path in personal_files(data_dir, channel, user_id):
                self._tx.after_commit(partial(remove, path))
        pseudonym = "anon-" + secrets.token_hex(8)
        self._tx.people_changed()  # the person's row goes: nothing read ahead stays valid
        for entry in PERSONAL_DATA:
            where = entry.condition
            if entry.action == "delete":
                await self._write(f"DELETE FROM {entry.table} WHERE {where}", (channel, user_id))
            elif entry.action == "pseudonymise":
                await self._write(
                    f"UPDATE {entry.table} SET {entry.user_column} = ? WHERE {where}",
                    (pseudonym, channel, user_id),
                )
            else:
                cleared = ", ".join(f"{c} = NULL" for c in (entry.user_column, *entry.cleared))
                await self._write(
                    f"UPDATE {entry.table} SET {cleared} WHERE {where}", (channel, user_id)
                )
        return proofs

    # --- staff and admins by name (the audit log) ---------------------------------------------
    async def remember_name(self, channel: str, user_id: str, name: str, now: datetime) -> None:
        """The name the platform gave a staff member or admin, kept as last seen (written only
        when it changed)."""
        await self._write(
            "INSERT INTO staff_names (channel, user_id, name, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, user_id) DO UPDATE SET name = excluded.name,"
            " seen_at = excluded.seen_at WHERE staff_names.name <> excluded.name",
            (channel, user_id, name, iso(now)),
        )

    async def staff_names(self) -> dict[str, str]:
        """"channel:id" -> name, of every staff member and admin seen (a handful of rows)."""
        rows = await self._all("SELECT channel, user_id, name FROM staff_names")
        return {f"{r[0]}:{r[1]}": str(r[2]) for r in rows}
