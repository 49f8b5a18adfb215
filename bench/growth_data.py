"""Databases of N residents written the way the bot writes them, fast (for bench/growth.py).

Per resident, as the issue measured a running campaign: a people row with its conversation
state, about 7 events (tutorial_start, kecamatan, the steps reached, tutorial_done, a FAQ
topic), 12 handled inbox rows (payload already emptied, as the processor leaves them),
14 sent outbox rows (emptied, as the sender leaves them since issue 14, WhatsApp's with the
message id the delivery statuses need; `--with-text`: with the reply's JSON, as it left them
before, the database the issue measured), 60 % reported a completion (with a voucher while
stock lasts), 20 % were brought by one of the tutors. The schema is the project's own (the
migrations run first); rows go in with executemany in large transactions with the loaded
tables' triggers and secondary indexes off, which are put back afterwards (`build`), so 1M
residents take minutes, not hours.

    python bench/growth_data.py --residents 10000 --out /tmp/growth-10k.sqlite3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.store import Store  # noqa: E402
from bot.store.timefmt import iso  # noqa: E402  (the store's one form of a moment)
from conversations.core.campaign import load_campaign  # noqa: E402

WIB = timezone(timedelta(hours=7))
START = datetime(2020, 2, 15, 8, 0, tzinfo=WIB)
DAYS = 45  # the online census ran 15 February to 31 March
CHUNK = 5_000  # residents per transaction
TUTORS = 400
# A typical reply in the outbox: a tutorial step's text and its buttons (~700 bytes of JSON).
STEP_TEXT = (
    "Langkah 3 dari 9: Isi data keluarga.\n\nKlik 'Tambah Anggota Keluarga', lalu isi nama"
    " lengkap sesuai KK, NIK, hubungan dengan kepala keluarga, tanggal lahir dan jenis"
    " kelamin. Ulangi untuk setiap anggota keluarga. Pastikan jumlah anggota sama dengan"
    " yang tercantum di KK. Jika ada anggota yang sudah pindah atau meninggal, tandai"
    " statusnya. Simpan sebelum lanjut ke langkah berikutnya."
)


def _reply(i: int) -> str:
    choices = [{"id": f"{i % 97}|next", "label": "Lanjut ›", "description": None},
               {"id": f"{i % 97}|prob", "label": "Ada masalah", "description": None},
               {"id": f"{i % 97}|menu", "label": "Menu utama", "description": None}]
    return json.dumps({"text": STEP_TEXT, "choices": choices, "image": None, "document": None,
                       "to": None, "forget_after_send": False, "template": None, "ref": None,
                       "edit": False})


class Generator:
    def __init__(self, kecamatan: list[str], steps: int, seed: int = 2020,
                 with_text: bool = False) -> None:
        self.kecamatan = kecamatan
        self.steps = steps
        self.rng = random.Random(seed)
        self.payloads = [_reply(i) if with_text else "" for i in range(50)]
        self.update_id = 0
        self.kk = 0

    def resident(self, n: int) -> dict[str, list[tuple[object, ...]]]:
        """The rows one resident leaves behind (n: their number)."""
        rng = self.rng
        channel = "telegram" if n % 10 < 7 else "whatsapp"
        user = str(100_000_000 + n) if channel == "telegram" else f"62812{n:08d}"
        first = START + timedelta(seconds=rng.randrange(DAYS * 86_400))
        kecamatan = rng.choice(self.kecamatan)
        top = min(self.steps - 1, int(rng.expovariate(0.35)) + 1)
        completed = rng.random() < 0.6
        done = completed or top == self.steps - 1
        at = iso(first)
        tutorial = {"index": top, "furthest": top, "done": done, "kecamatan_asked": True}
        state = {"flow": "menu", "step": "main", "version": 7 + top, "shown": [],
                 "options": [], "data": {}, "page": 0, "features": {"tutorial": tutorial}}
        rows: dict[str, list[tuple[object, ...]]] = {
            "people": [(channel, user, "id", kecamatan, json.dumps(state), at,
                        iso(first + timedelta(minutes=20)))],
            "events": [], "inbox": [], "outbox": [], "completions": [], "referrals": [],
            # what the store keeps from the tutorial's events (Tx.add_event)
            "tutorial_progress": [(channel, user, top, int(done), at)],
        }
        events = rows["events"]
        events.append((channel, user, "tutorial_start", None, None, at))
        events.append((channel, user, "kecamatan", kecamatan, None, at))
        for index in range(0, top + 1, 2 if top > 4 else 1):  # about four step events
            events.append((channel, user, "tutorial_step", f"s{index}", index, at))
        if done:
            events.append((channel, user, "tutorial_done", None, None, at))
        events.append((channel, user, "faq_topic", "login", None, at))
        for _ in range(12):
            self.update_id += 1
            rows["inbox"].append((channel, str(self.update_id), None, at, "done", at))
        for k in range(14):
            # WhatsApp reports deliveries: the sender keeps the message's id (a wamid) for
            # the statuses to find it; Telegram's messages have none.
            wamid = (f"wamid.HBgN{user}FQIAERgSQ0{n:014X}{k:04X}AA==" if channel == "whatsapp"
                     else None)
            rows["outbox"].append((channel, user, self.payloads[(n + k) % 50], "sent", at, at,
                                   at, wamid))
        if completed:
            self.kk += 1
            day = (first + timedelta(hours=rng.randrange(48))).date().isoformat()
            tutor = rng.randrange(1, TUTORS + 1) if n % 5 == 0 else None
            rows["completions"].append((f"h{self.kk:012d}", f"•••• {self.kk % 10000:04d}",
                                        1, rng.randint(1, 7), kecamatan, channel, user,
                                        day, at, tutor))
        if n % 5 == 0:
            rows["referrals"].append((channel, user, rng.randrange(1, TUTORS + 1), "link", at))
        return rows


SQL = {
    "people": "INSERT INTO people (channel, user_id, lang, kecamatan, state, first_seen,"
              " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events (channel, user_id, kind, detail, step_index, at)"
              " VALUES (?, ?, ?, ?, ?, ?)",
    "inbox": "INSERT INTO inbox (channel, update_id, payload, received_at, status, handled_at)"
             " VALUES (?, ?, ?, ?, ?, ?)",
    "outbox": "INSERT INTO outbox (channel, chat_id, payload, status, not_before, created_at,"
              " sent_at, platform_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "completions": "INSERT INTO completions (kk_hash, kk_mask, in_region, persons, kecamatan,"
                   " channel, user_id, day, created_at, tutor_id)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "referrals": "INSERT INTO referrals (channel, user_id, tutor_id, source, at)"
                 " VALUES (?, ?, ?, ?, ?)",
    "tutorial_progress": "INSERT INTO tutorial_progress (channel, user_id, step, done, at)"
                         " VALUES (?, ?, ?, ?, ?)",
}


def _chunks(total: int) -> Iterator[range]:
    for start in range(0, total, CHUNK):
        yield range(start, min(total, start + CHUNK))


def _tutors(db: sqlite3.Connection, opds: list[str]) -> None:
    at = iso(START)
    db.executemany(
        "INSERT INTO tutors (id, nip, name, opd, code, channel, user_id, registered_at)"
        " VALUES (?, ?, ?, ?, ?, 'telegram', ?, ?)",
        [(i, f"19800101{i:010d}", f"Tutor {i}", opds[i % len(opds)], f"T{i:05d}", str(i), at)
         for i in range(1, TUTORS + 1)])
    db.executemany(
        "INSERT INTO tutor_accounts (channel, user_id, tutor_id, linked_at)"
        " VALUES ('telegram', ?, ?, ?)", [(str(i), i, at) for i in range(1, TUTORS + 1)])


def _vouchers(db: sqlite3.Connection, souvenirs: list[tuple[str, int]]) -> None:
    """A voucher for the first completions while stock lasts (the bot's in_order rule)."""
    at = iso(START)
    first = 0
    for souvenir, stock in souvenirs:
        db.execute("INSERT OR REPLACE INTO stock (souvenir, total, taken) VALUES (?, ?, 0)",
                   (souvenir, stock))
        ids = [r[0] for r in db.execute(
            "SELECT id FROM completions ORDER BY id LIMIT ? OFFSET ?", (stock, first))]
        db.executemany(
            "INSERT INTO vouchers (code, completion_id, souvenir, issued_at, redeemed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(f"V{i:08d}", i, souvenir, at, at if i % 3 == 0 else None) for i in ids])
        db.execute("UPDATE stock SET taken = ? WHERE souvenir = ?", (len(ids), souvenir))
        first += stock


async def _migrate(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


# The tables the generator fills: their triggers (counters, tallies) and secondary indexes are
# taken off while the rows go in, then put back with the same SQL; the tallies and counters are
# then filled the way `stats --recount` and migration 0014b fill them from raw rows, so the file
# ends as the bot would have left it (tests/test_growth_data.py compares the two ways).
LOADED = ("people", "events", "inbox", "outbox", "completions", "referrals",
          "tutorial_progress", "vouchers", "stock", "tutors", "tutor_accounts")
ROW_COUNTS = (
    "INSERT INTO row_counts (name, channel, status, n) SELECT 'inbox', channel, status,"
    " count(*) FROM inbox WHERE status IN ('done', 'failed') GROUP BY channel, status",
    "INSERT INTO row_counts (name, channel, status, n) SELECT 'outbox', channel, status,"
    " count(*) FROM outbox WHERE status IN ('sent', 'failed', 'blocked')"
    " GROUP BY channel, status",
)


def _schema_off(db: sqlite3.Connection) -> list[str]:
    """Drop the loaded tables' triggers and secondary indexes; returns their SQL, in the
    order the migrations made them, to run again after the load."""
    marks = ", ".join("?" for _ in LOADED)
    rows = db.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        f" AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY rowid", LOADED).fetchall()
    for kind, name, _ in rows:
        db.execute(f"DROP {kind.upper()} {name}")
    return [sql for _, _, sql in rows]


def _schema_on(db: sqlite3.Connection, saved: list[str]) -> None:
    """Indexes back (one sort each instead of millions of random inserts), the tallies and
    counters counted from the rows, then the triggers back."""
    from bot.store.stats import recount_statements

    for sql in saved:
        if not sql.lstrip().upper().startswith("CREATE TRIGGER"):
            db.execute(sql)
    for statement in (*recount_statements(), *ROW_COUNTS):
        db.execute(statement)
    for sql in saved:
        if sql.lstrip().upper().startswith("CREATE TRIGGER"):
            db.execute(sql)


def build(path: Path, residents: int, campaign_name: str = "sp2020-batang.toml",
          quiet: bool = False, with_text: bool = False, fast: bool = True) -> float:
    """Write a database of `residents` residents at `path` (replaced). Returns seconds.

    `fast` (the default): triggers and indexes off during the load, no journal, a large
    page cache; the same rows and schema in the end. `fast=False`: every row through the
    triggers and indexes, as the bot writes them (slow past 100k)."""
    began = time.perf_counter()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    asyncio.run(_migrate(path))
    campaign = load_campaign(campaign_name)
    gen = Generator([k.id for k in campaign.region.kecamatan], len(campaign.tutorial.steps),
                    with_text=with_text)
    db = sqlite3.connect(path, isolation_level=None)
    # A benchmark's scratch file, written by this process alone: speed over safety during
    # the build (no journal, no sync); the bot opens it in WAL again.
    db.execute("PRAGMA journal_mode=OFF" if fast else "PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache, for the build only
    db.execute("BEGIN")
    saved = _schema_off(db) if fast else []
    _tutors(db, list(campaign.tutors.opd))
    for numbers in _chunks(residents):
        batch: dict[str, list[tuple[object, ...]]] = {name: [] for name in SQL}
        for n in numbers:
            for name, rows in gen.resident(n).items():
                batch[name].extend(rows)
        for name, rows in batch.items():
            db.executemany(SQL[name], rows)
        if not fast:
            db.execute("COMMIT")
            db.execute("BEGIN")
        if not quiet and numbers.stop % 50_000 == 0:
            print(f"  {numbers.stop:,} residents… {time.perf_counter() - began:.0f} s",
                  file=sys.stderr, flush=True)
    _vouchers(db, [(s.id, s.stock) for s in campaign.souvenirs])
    if fast:
        if not quiet:
            print(f"  rows in after {time.perf_counter() - began:.0f} s; indexes, tallies,"
                  " triggers…", file=sys.stderr, flush=True)
        _schema_on(db, saved)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--with-text", action="store_true",
                        help="sent messages keep their text (as before issue 14)")
    parser.add_argument("--slow", action="store_true",
                        help="every row through the triggers and indexes (slow past 100k)")
    args = parser.parse_args()
    seconds = build(args.out, args.residents, with_text=args.with_text, fast=not args.slow)
    size = args.out.stat().st_size
    print(f"{args.residents:,} residents in {seconds:.1f} s: {args.out} {size / 1e6:.0f} MB,"
          f" {size / args.residents / 1000:.1f} KB a resident")


if __name__ == "__main__":
    main()
