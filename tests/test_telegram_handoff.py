""""Tanya petugas" on Telegram, end to end: a resident's question reaches the staff group and
the answer (after "Jawab #N", or as a reply to the bot's message) reaches the resident's chat.

The real App and TelegramChannel against the fake Bot API, as in test_telegram_e2e.py; the
staff chat is a supergroup (negative id) given by TUTOR_SENSUS_HANDOFF_CHAT.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, RunningClock
from fake_telegram import FakeBotApi, SentMessage, TelegramUser
from telegram_harness import telegram_app

from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
GROUP = -1001234567890  # the staff supergroup
RESIDENT = 7001
OFFICER, SECOND, MEMBER = 9001, 9002, 9003  # two staff, and a group member who is not staff
QUESTION = "rumah saya di perbatasan dua desa, ikut desa mana?"


def t(message_id: str, **args: object) -> str:
    return T(message_id, **args).strip()  # Telegram trims what it shows


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_STAFF=f"telegram:{OFFICER},telegram:{SECOND}",
        TUTOR_SENSUS_HANDOFF_CHAT=f"telegram:{GROUP}",
        _env_file=None,
    )


@pytest.fixture
def clock() -> FakeClock:
    return RunningClock(CAMPAIGN_OPEN)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def app(settings: Settings, clock: FakeClock, api: FakeBotApi) -> AsyncIterator[App]:
    async with telegram_app(settings, clock, api) as application:
        yield application


class GroupMember:
    """Someone in the staff group: speaks and presses there, and waits for the bot's messages
    in the group (not only to screens: "answered" and an empty queue have no buttons)."""

    def __init__(self, api: FakeBotApi, user_id: int) -> None:
        self.api = api
        self.id = user_id
        self.last: list[SentMessage] = []
        self.queries: list[str] = []

    async def _answer_to(self, act: Callable[[], object], count: int) -> list[SentMessage]:
        before = len(self.api.messages_to(GROUP))
        act()
        await self.api.wait_until(lambda: len(self.api.messages_to(GROUP)) >= before + count,
                                  what=f"{count} message(s) in the staff group")
        self.last = self.api.messages_to(GROUP)[before:]
        return self.last

    def say_now(self, text: str, reply_to: int | None = None) -> None:
        self.api.user_sends_text(self.id, text, chat_type="supergroup", chat_id=GROUP,
                                 reply_to_message_id=reply_to)

    def press_now(self, message: SentMessage, label: str) -> None:
        query = self.api.user_presses(self.id, message.message_id,
                                      message.callback_data(label), chat_id=GROUP)
        self.queries.append(query)

    async def say(self, text: str, *, reply_to: SentMessage | None = None,
                  count: int = 1) -> list[SentMessage]:
        target = reply_to.message_id if reply_to else None
        return await self._answer_to(lambda: self.say_now(text, target), count)

    async def press(self, message: SentMessage, label: str, count: int = 1
                    ) -> list[SentMessage]:
        return await self._answer_to(lambda: self.press_now(message, label), count)

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.last)


@pytest.fixture
def resident(app: App, api: FakeBotApi) -> TelegramUser:
    return TelegramUser(api, RESIDENT, first_name="Siti")


@pytest.fixture
def group(app: App, api: FakeBotApi) -> dict[int, GroupMember]:
    members = {uid: GroupMember(api, uid) for uid in (OFFICER, SECOND, MEMBER)}
    api.user_sends_text(OFFICER, "selamat pagi, grup petugas sensus", chat_type="supergroup",
                        chat_id=GROUP)  # the group exists (the bot was added to it)
    return members


async def ask_staff(resident: TelegramUser, api: FakeBotApi, question: str) -> SentMessage:
    """The resident's question goes to the group; returns the bot's notice there."""
    before = len(api.messages_to(GROUP))
    await resident.send(question)
    assert "belum paham" in resident.text  # the matcher cannot answer it
    await resident.press(T("ask-staff"))
    assert question in resident.text
    await resident.press(T("ask-send"))
    assert "diteruskan ke petugas" in resident.text
    await api.wait_until(lambda: len(api.messages_to(GROUP)) > before, what="the notice")
    return api.messages_to(GROUP)[-1]


async def answer_reaches(api: FakeBotApi, answer: str) -> SentMessage:
    def arrived() -> bool:
        return any(answer in m.text for m in api.messages_to(RESIDENT))

    await api.wait_until(arrived, what="the answer in the resident's chat")
    return next(m for m in api.messages_to(RESIDENT) if answer in m.text)


async def test_question_goes_to_the_group_and_the_answer_comes_back(
    resident: TelegramUser, group: dict[int, GroupMember], api: FakeBotApi
) -> None:
    officer, second, member = group[OFFICER], group[SECOND], group[MEMBER]
    notice = await ask_staff(resident, api, QUESTION)
    assert notice.raw["chat"]["type"] == "supergroup"
    assert "#1" in notice.text and QUESTION in notice.text
    assert notice.buttons == [T("handoff-claim", id=1)]
    assert notice.callback_data(T("handoff-claim", id=1)) == "hq.claim.1"

    # Someone in the group who is not staff presses it, and people chat: no reply to either.
    member.press_now(notice, T("handoff-claim", id=1))
    member.say_now("pak, saya juga mau tanya soal KK")
    officer.say_now("siap, nanti saya cek")
    await officer.press(notice, T("handoff-claim", id=1))  # the first reply since the notice
    assert len(officer.last) == 1
    assert officer.text.startswith("Anda menjawab pertanyaan #1")
    assert QUESTION in officer.text
    await api.wait_until(lambda: set(member.queries + officer.queries)
                         <= set(api.answered_callbacks), what="the spinners stopped")

    await second.press(notice, T("handoff-claim", id=1), count=2)  # too late: taken + queue
    assert t("handoff-taken", id=1) == second.last[0].text

    before = len(api.messages_to(RESIDENT))
    await officer.say("Ikut desa yang tercatat di KK. Petugas akan memastikan.", count=2)
    assert officer.last[0].text == t("handoff-answered", id=1)
    assert officer.last[1].text == t("handoff-queue-empty")
    got = await answer_reaches(api, "Ikut desa yang tercatat di KK")
    assert got.text.startswith("💬 Jawaban petugas")
    assert api.messages_to(RESIDENT)[before:] == [got]  # once, in the resident's own chat
    assert not any("Jawaban petugas" in m.text for m in api.messages_to(GROUP))

    # Afterwards the group is quiet again for ordinary chatter and for the old button.
    officer.say_now("terima kasih, sudah saya jawab")
    member.press_now(notice, T("handoff-claim", id=1))
    await second.say("/antrian")
    assert second.last[0].text == t("handoff-queue-empty")


async def test_staff_answer_by_replying_to_the_question(
    resident: TelegramUser, group: dict[int, GroupMember], api: FakeBotApi
) -> None:
    officer, second, member = group[OFFICER], group[SECOND], group[MEMBER]
    first = await ask_staff(resident, api, QUESTION)
    await resident.press(T("nav-menu"))
    notice = await ask_staff(resident, api, "mbah saya sudah pikun, siapa yang tanda tangan?")
    assert "#2" in notice.text

    # A non-staff member's reply is chatter; so is a staff reply to a person's message.
    member.say_now("saya juga pengin tahu", reply_to=notice.message_id)
    chatter = api.user_sends_text(SECOND, "ada yang tahu?", chat_type="supergroup",
                                  chat_id=GROUP)
    officer.say_now("#2 itu anak kos", reply_to=chatter)
    await second.press(notice, T("handoff-claim", id=2))
    assert second.text.startswith("Anda menjawab pertanyaan #2")

    await officer.say("Didata di tempat kos bila sudah 6 bulan.", reply_to=notice, count=2)
    assert officer.last[0].text == t("handoff-taken", id=2)  # the second officer has it

    await second.say("Ikut alamat tempat tinggal sekarang.", reply_to=notice, count=2)
    assert second.last[0].text == t("handoff-answered", id=2)
    got = await answer_reaches(api, "Ikut alamat tempat tinggal sekarang.")
    assert "mbah saya sudah pikun" in got.text
    assert not any("6 bulan" in m.text for m in api.messages_to(RESIDENT))

    # Question #1 was never claimed: a reply to its notice answers it at once.
    await officer.say("Ikut desa yang tercatat di KK.", reply_to=first, count=2)
    assert officer.last[0].text == t("handoff-answered", id=1)
    await answer_reaches(api, "Ikut desa yang tercatat di KK.")
    await officer.say("Jawaban kedua.", reply_to=first, count=2)
    assert officer.last[0].text == t("handoff-already-answered", id=1)
