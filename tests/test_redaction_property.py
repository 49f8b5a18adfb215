"""Property: a KK/NIK number, however a person writes it, never reaches a file or a log.

Hypothesis generates numbers (16 digits, a mistyped 15 or 17, or 18: a NIP typed anywhere
but where one is asked for, in several digit scripts), splits them into groups joined by runs
of separators (spaces of every kind, tabs, newlines, slashes, underscores, commas, dots,
dashes and minus signs, zero-width and soft-hyphen characters), often with stray digits
around them (a KK inside a longer run of digits), and puts text around them. Two checks:

1. in memory, on many examples: the stored form of an update (`protect_payload`), with the
   number in any field a person controls, holds no run of 8 or more of the number's digits;
2. end to end, on fewer: the examples go through the real app (console chats reaching the
   free-text and KK steps; Telegram and WhatsApp updates with the number in names,
   usernames, captions, contact cards, location titles, poll options, button data) and then
   the database file, its WAL, the log, a CSV export of every table and a backup are read
   back: none holds a run of 8 of any number's digits (ASCII or in the script typed).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from conftest import Chat
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.admin_cli import backup, export
from bot.app import App
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.core.personal_numbers import Redactor
from conversations.core.redaction import protect_payload

KEY = b"k" * 32
T = Translator("id", load_campaign(None))
ZEROS = {"ascii": 0x30, "arabic-indic": 0x660, "extended-arabic-indic": 0x6F0,
         "devanagari": 0x966, "full-width": 0xFF10, "bengali": 0x9E6}
SEPARATORS = [" ", "  ", "\u00a0", "\u202f", "\u2002", "\u2009", "\t", "\n", "\r\n", "/", "_",
              ",", ".", "-", "\u2212", "\u2013", "\u2014", "\u200b", "\u00ad", "\u2060", " / ",
              ". ", ", ", " - "]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz KKNIKnoAa:()!?\u00e9", max_size=15)
IN_MEMORY_EXAMPLES = 1000
END_TO_END_EXAMPLES = 60


STRAY = st.one_of(st.just(""), st.just(""), st.text(alphabet="0123456789", max_size=6))


@st.composite
def typed_numbers(draw: st.DrawFn) -> tuple[str, str, str]:
    """(the ASCII digits, the same digits in the script typed, the text with the number)."""
    length = draw(st.sampled_from([16, 16, 16, 15, 17, 18]))
    digits = draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    # (a run of one digit could be anything's, e.g. a date, or the ids' "6281300000001")
    assume(len(set(digits)) >= 4 and not re.search(r"(\d)\1{3}", digits))
    zero = ZEROS[draw(st.sampled_from(sorted(ZEROS)))]

    def script(ascii_digits: str) -> str:
        return "".join(chr(zero + int(d)) for d in ascii_digits)

    scripted = script(digits)
    cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=6)))
    groups = [scripted[a:b] for a, b in zip([0, *cuts], [*cuts, length], strict=True)]
    text = groups[0]
    for group in groups[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + group
    # Stray digits before or after, joined by nothing or by a separator: the number inside a
    # longer run ("12 3325 0123 4567 8901", "3325/0123/4567/8901/99").
    if stray := draw(STRAY):
        text = script(stray) + draw(st.sampled_from(["", *SEPARATORS])) + text
    if stray := draw(STRAY):
        text += draw(st.sampled_from(["", *SEPARATORS])) + script(stray)
    before, after = draw(WORDS), draw(WORDS)
    return digits, scripted, f"{before} {text} {after}".strip()


def windows(digits: str, scripted: str) -> set[str]:
    return {form[i:i + 8] for form in (digits, scripted) for i in range(len(form) - 7)}


def telegram_update(n: int, text: str) -> dict[str, object]:
    """Every field of a Telegram update that a person controls, holding `text`."""
    person = {"id": 7000 + n, "is_bot": False, "first_name": text, "last_name": text,
              "username": text}
    message = {"message_id": n, "date": 1583118000, "chat": {"id": 7000 + n, "type": "private",
                                                              **{k: text for k in (
                                                                  "first_name", "username")}},
               "from": person, "caption": text,
               "contact": {"phone_number": text, "first_name": text, "vcard": text},
               "venue": {"title": text, "address": text,
                         "location": {"latitude": 1.0, "longitude": 2.0}},
               "poll": {"id": "p", "question": text, "options": [{"text": text}]}}
    return {"update_id": 10_000 + n, "message": message}


def callback_update(n: int, text: str) -> dict[str, object]:
    return {"update_id": 20_000 + n, "callback_query": {
        "id": f"q{n}", "from": {"id": 7000 + n, "first_name": text}, "data": text,
        "chat_instance": "1"}}


def whatsapp_body(n: int, text: str) -> dict[str, object]:
    wa_id = f"628130000{n:04d}"
    message = {"from": wa_id, "id": f"wamid.P{n}", "timestamp": "1583118000",
               "type": "interactive", "interactive": {
                   "type": "button_reply", "button_reply": {"id": text, "title": text}},
               "text": {"body": text}, "location": {"name": text, "address": text},
               "contacts": [{"name": {"formatted_name": text},
                             "phones": [{"phone": text}]}]}
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"contacts": [{"profile": {"name": text},
                                                     "wa_id": wa_id}],
                                       "messages": [message]}}]}]}


@settings(max_examples=IN_MEMORY_EXAMPLES, deadline=None)
@given(typed_numbers())
def test_no_stored_update_holds_eight_digits_of_a_number(typed: tuple[str, str, str]) -> None:
    digits, scripted, text = typed
    redactor = Redactor(KEY)
    for n, make in enumerate([telegram_update, callback_update, whatsapp_body,
                              lambda n, text: {"user": str(n), "text": text}]):
        stored = protect_payload(json.dumps(make(1, text), ensure_ascii=n % 2 == 0), redactor)
        # (digits that the update's own ids and dates hold, "6281300000001", are not leaks)
        ids = json.dumps(make(1, "-"))
        leaked = [w for w in windows(digits, scripted) if w in stored and w not in ids]
        assert not leaked, (text, stored)


def collect(count: int) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(typed_numbers())
    def gather(typed: tuple[str, str, str]) -> None:
        found.append(typed)

    gather()
    return found


@pytest.mark.sqlite  # reads the SQLite file itself
async def test_no_file_or_log_holds_eight_digits_of_a_number(
    app: App, chat: Chat, tmp_path: Path
) -> None:
    examples = collect(END_TO_END_EXAMPLES)
    log_file = tmp_path / "bot.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        for n, (_, _, text) in enumerate(examples):
            person = Chat(app, chat.channel, user=str(100 + n))
            await person.send("/start")
            await person.send(text)  # free text: a question
            await person.send("/selesai")
            await person.send(text)  # where the KK is asked for
            if T("done-kk-yes") in person.labels:  # 16 digits: the household is saved
                await person.press(T("done-kk-yes"))
                await person.send("4")
                if "Batang" in person.labels:  # the kecamatan (a KK of Kabupaten Batang)
                    await person.send("Blado")
                for label in ("done-proof-skip", "done-save"):  # (unless already reported)
                    if T(label) in person.labels:
                        await person.press(T(label))
            await app.processor.receive("telegram", str(10_000 + n),
                                        json.dumps(telegram_update(n, text)))
            await app.processor.receive("telegram", str(20_000 + n),
                                        json.dumps(callback_update(n, text)))
            await app.processor.receive("whatsapp", f"wamid.P{n}",
                                        json.dumps(whatsapp_body(n, text)))
        database = app.settings.database_path
        live = database.read_bytes() + Path(f"{database}-wal").read_bytes()
        await app.step()
        copy = tmp_path / "backup.sqlite3"
        assert backup(app.settings, copy) == 0
        exported = tmp_path / "exports"
        exported.mkdir()
        assert await export(app.settings, ["all"], exported, fmt="csv") == 0
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    files = {
        "database and WAL (live)": live,
        "database after handling": database.read_bytes(),
        "WAL after handling": Path(f"{database}-wal").read_bytes(),
        "log": log_file.read_bytes(),
        "backup": copy.read_bytes(),
        "exports": b"".join(p.read_bytes() for p in sorted(exported.iterdir())),
    }
    assert len(list(exported.iterdir())) > 3
    completed = await app.store.fetch_all("SELECT count(*) FROM completions")
    assert completed[0][0] >= 5  # the exports hold households
    print(f"\n{len(examples)} numbers end to end; files checked:"
          f" {', '.join(f'{k} {len(v)} B' for k, v in files.items())}")
    for digits, scripted, text in examples:
        for window in windows(digits, scripted):
            needle = window.encode("utf-8")
            for name, content in files.items():
                assert needle not in content, (name, text)
    people = await app.store.fetch_all("SELECT count(*) FROM people")
    assert people[0][0] >= len(examples)


@pytest.mark.parametrize("channel", ["telegram", "whatsapp"])
def test_keep_nip_keeps_it_only_in_the_typed_text(channel: str) -> None:
    """At the step asking for a NIP, the processor stores the update with `keep_nip`: the
    NIP stays in what the person typed, and is hidden in every other field (their name, a
    caption, a contact card); a 16-digit KK in the same text is hidden all the same."""
    nip, kk = "19800101 200501 1 001", "3325 0123 4567 8901"
    typed = f"{nip} / {kk}"
    if channel == "telegram":
        update = telegram_update(1, typed)
        update["message"]["text"] = typed  # type: ignore[index]
    else:
        update = whatsapp_body(1, typed)
    raw = json.dumps(update)
    kept = protect_payload(raw, Redactor(KEY), keep_nip=True)
    data = json.loads(kept)
    text = (data["message"]["text"] if channel == "telegram" else
            data["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"])
    assert text.startswith(f"{nip} / ⟦nr:") and "0123" not in text
    assert kept.count("19800101") == 1  # in the typed text only, not in names or captions
    assert "19800101" not in protect_payload(raw, Redactor(KEY))  # elsewhere: hidden
