"""Free-text questions: answers with "did this help?", the closest topics, and "Tanya petugas".

Residents type; staff answer in the staff room (`TUTOR_SENSUS_HANDOFF_CHAT`); the answer
reaches the resident's own chat. Everything runs through the real inbox, engine and outbox.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
ROOM = "staffroom"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_ADMINS="console:900",
        TUTOR_SENSUS_STAFF="console:800,console:801",
        TUTOR_SENSUS_HANDOFF_CHAT=f"console:{ROOM}",
        _env_file=None,
    )


def staff(app: App, console: RecordingConsole, user: str = "800") -> Chat:
    return Chat(app, console, user=user, room=ROOM)


async def events(app: App, kind: str) -> list[str]:
    rows = await app.store.fetch_all("SELECT detail FROM events WHERE kind = ? ORDER BY id",
                                     (kind,))
    return [r[0] for r in rows]


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("gmn klo nik sy gk kedaftar?", "nik_kk_tidak_sesuai"),
        ("piye carane ngisi sensus online?", "cara_mengisi"),
        ("LUPA PASSWORD GIMANA", "lupa_password"),
        ("sampai kapan batas pengisiannya", "batas_waktu"),
        ("is my data safe?", "kerahasiaan"),
    ],
)
async def test_a_typed_question_gets_its_answer_and_did_this_help(
    chat: Chat, question: str, topic: str
) -> None:
    await chat.send("/start")
    await chat.send(question)
    assert T(f"faq-{topic}-answer") in chat.text
    assert T("ask-helpful") in chat.text
    assert chat.labels[:2] == [T("ask-yes"), T("ask-no")]


async def test_yes_and_no_are_stored(chat: Chat, app: App) -> None:
    await chat.send("lupa kata sandi gimana")
    await chat.press(T("ask-yes"))
    assert T("ask-thanks") in chat.text
    await chat.send("situs resmi sensus apa")
    await chat.press(T("ask-no"))
    assert T("ask-staff") in chat.labels  # a person is offered at once
    assert await events(app, "faq_feedback") == ["lupa_password:yes", "situs_resmi:no"]
    # What was typed is not in the events, only topic ids.
    details = " ".join(d or "" for d in await events(app, "faq_match"))
    assert "sandi" not in details


async def test_out_of_scope_gets_honest_reply_closest_topics_and_a_person(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("harga cabai di pasar batang berapa ya hari ini")
    assert "belum paham" in chat.text
    assert T("ask-staff") in chat.labels
    assert T("nav-menu") in chat.labels
    assert not any(T("ask-helpful") in r.text for r in chat.last)


async def test_a_question_mid_tutorial_keeps_the_place(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    await chat.press("Lanjut")
    assert "Langkah 2 dari 9" in chat.text
    await chat.send("berapa lama ngisinya?")
    assert T("faq-durasi-answer") in chat.text
    await chat.press(T("ask-yes"))
    await chat.press("Lanjutkan langkah 2")
    assert "Langkah 2 dari 9" in chat.text


async def test_handoff_round_trip_in_the_staff_room(
    chat: Chat, app: App, console: RecordingConsole, clock: FakeClock
) -> None:
    await chat.send("/start")
    await chat.send("rumah saya di perbatasan dua desa, ikut desa mana?")
    await chat.press(T("ask-staff"))
    assert "rumah saya di perbatasan dua desa" in chat.text  # shown back before sending
    await chat.press(T("ask-send"))
    assert "diteruskan ke petugas" in chat.text
    assert "Senin–Jumat, 08.00–16.00 WIB" in chat.text  # Monday 10:00: within office hours

    notice = console.sent[ROOM][-1]
    assert "#1" in notice.text and "rumah saya di perbatasan" in notice.text
    officer = staff(app, console)
    await officer.press_data(notice.choices[0].id)
    assert "Anda menjawab pertanyaan #1" in officer.text

    other = staff(app, console, "801")  # a second officer is too late
    await other.press_data(notice.choices[0].id)
    assert T("handoff-taken", id=1) in other.text

    before = len(console.sent["1"])
    await officer.send("Ikut desa yang tercatat di KK. Petugas akan memastikan.")
    assert T("handoff-answered", id=1) in officer.text
    to_resident = console.sent["1"][before:]
    assert len(to_resident) == 1
    assert "Jawaban petugas" in to_resident[0].text
    assert "Ikut desa yang tercatat di KK" in to_resident[0].text

    await other.send("/antrian")
    assert T("handoff-queue-empty") in other.text

    clock.advance(hours=10)  # Monday 20:00: the office is closed, and the resident is told so
    await chat.send("kalau petugas datang malam hari boleh tidak?")
    await chat.press(T("ask-no"))
    await chat.press(T("ask-staff"))
    await chat.press(T("ask-send"))
    assert T("handoff-sent-closed", hours="Senin–Jumat, 08.00–16.00 WIB") in chat.text


async def test_balas_command_and_wrong_uses(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    await chat.send("qwertyuiop")
    await chat.press(T("ask-staff"))
    assert "qwertyuiop" in chat.text  # what they typed is offered, not lost
    await chat.press(T("ask-rewrite"))
    assert T("ask-write") in chat.text
    await chat.send("Apakah anak saya yang di Semarang perlu isi sendiri?")
    await chat.press(T("ask-send"))
    officer = staff(app, console)
    await officer.send("/antrian")
    assert "#1" in officer.text and "anak saya yang di Semarang" in officer.text
    await officer.send("/balas")
    assert T("handoff-usage") in officer.text
    await officer.send("/balas 99 halo")
    assert T("handoff-not-found", id=99) in officer.text
    await officer.send("/balas 1 Bisa, dengan NIK-nya sendiri dan kata sandi keluarga.")
    assert "kata sandi keluarga" in console.sent["1"][-1].text
    await officer.send("/balas 1 jawaban kedua")
    assert T("handoff-already-answered", id=1) in officer.text


async def test_staff_room_ignores_chatter_and_residents_cannot_use_staff_commands(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    officer = staff(app, console)
    await officer.send("selamat pagi semua")  # staff talking to each other
    assert officer.last == []
    visitor = Chat(app, console, user="555", room=ROOM)  # not staff
    await visitor.send("/antrian")
    assert visitor.last == []
    await chat.send("/antrian")
    assert T("command-unknown") in chat.text
    await chat.press_data("hq.claim.1")
    assert "Anda menjawab" not in chat.text


async def test_voice_note_gets_a_person_offered_not_a_dead_end(chat: Chat) -> None:
    await chat.send("/start")
    await chat._deliver(media="voice")
    assert "pesan suara" in chat.text
    await chat.press(T("ask-staff"))
    assert T("ask-write") in chat.text


async def test_handoff_without_a_staff_chat_points_to_help_channels(
    tmp_path: Path, clock: FakeClock
) -> None:
    from bot.app import build_app

    settings = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "d", _env_file=None)
    app = await build_app(settings, clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    try:
        chat = Chat(app, console)
        await chat.send("xyz abc")
        # Issue 15: no "Tanya petugas" that nobody can receive; the numbers at once.
        assert T("ask-staff") not in chat.labels
        assert "+62 812-9905-2020" in chat.text
        assert T("not-understood") in chat.text
    finally:
        await app.close()


async def test_staff_answer_by_replying_to_the_bots_message(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    async def ask(question: str) -> None:
        await chat.send(question)
        if T("ask-staff") not in chat.labels:  # the matcher answered: "Belum" offers a person
            await chat.press(T("ask-no"))
        await chat.press(T("ask-staff"))
        await chat.press(T("ask-send"))

    await ask("rumah saya di perbatasan dua desa, ikut desa mana?")
    first = console.sent[ROOM][-1]
    await ask("mbah saya sudah pikun, siapa yang tanda tangan?")
    second = console.sent[ROOM][-1]
    assert "#2" in second.text
    officer, other = staff(app, console), staff(app, console, "801")
    visitor = Chat(app, console, user="555", room=ROOM)

    await visitor._deliver(text="saya juga mau tanya", reply_to=second.text)  # not staff
    assert visitor.last == []
    await officer._deliver(text="halo semua", reply_to="pesan biasa tanpa nomor")
    assert officer.last == []  # a reply to something else is still chatter

    await other.press_data(second.choices[0].id)  # the other officer claims #2 ...
    await officer._deliver(text="Yang tanda tangan anggota keluarga lain.", reply_to=second.text)
    assert T("handoff-taken", id=2) in officer.text  # ... so a reply from another is refused
    before = len(console.sent["1"])
    await other._deliver(text="Anggota keluarga yang lain boleh mengisi.", reply_to=second.text)
    assert T("handoff-answered", id=2) in other.text
    assert [r.text for r in console.sent["1"][before:]] == [
        T("handoff-answer", question="mbah saya sudah pikun, siapa yang tanda tangan?",
          answer="Anggota keluarga yang lain boleh mengisi.")
    ]

    # Mid-answer on another question, a reply still answers the question replied to; a
    # greeting-like answer is an answer, not the menu.
    await ask("anak saya kerja di Jakarta, dia isi di mana?")
    third = console.sent[ROOM][-1]
    await officer.press_data(third.choices[0].id)
    await officer._deliver(text="Halo", reply_to=first.text)
    assert T("handoff-answered", id=1) in officer.text
    assert "Halo" in console.sent["1"][-1].text
    await officer._deliver(text="Jawaban kedua", reply_to=first.text)
    assert T("handoff-already-answered", id=1) in officer.text

    # A reply to a queue listing answers only when it lists one question.
    await ask("kalau rumah kosong bagaimana?")
    await officer.send("/antrian")
    listing = officer.last[-1].text
    assert "#3" in listing and "#4" in listing
    await officer._deliver(text="Ikut KK.", reply_to=listing)
    assert T("handoff-usage") in officer.text
    answer_screen = (await officer.press_data(third.choices[0].id))[-1].text
    await officer._deliver(text="Di tempat tinggalnya sekarang.", reply_to=answer_screen)
    assert T("handoff-answered", id=3) in officer.text
    await officer.send("/antrian")
    await officer._deliver(text="Dianggap tidak berpenghuni.", reply_to=officer.last[-1].text)
    assert T("handoff-answered", id=4) in officer.text
