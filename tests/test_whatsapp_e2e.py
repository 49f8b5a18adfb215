"""A resident walks the whole tutorial over WhatsApp, end to end.

The bot is started the way `tutor-sensus run` starts it with only the WhatsApp settings (no
Telegram token): `bot.runner.start`. "Meta" is the local fake (tests/fake_graph.py): it posts
signed webhook bodies to our /whatsapp as the person types and taps, and records what the bot
sends through the Cloud API, refusing what Meta refuses (button and list limits).
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, RunningClock
from fake_graph import FakeGraphApi, SentMessage

from bot.runner import Running, StartError, start
from bot.secret_key import generate_key
from bot.settings import Settings, SettingsError, load_settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
STEPS = [step.id for step in CAMPAIGN.tutorial.steps]
HEADER = re.compile(r"Langkah (\d+) dari (\d+)")
RESIDENT = "6281234567890"
VERIFY = "verify-token-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def header(n: int) -> str:
    return T("step-header", n=n, total=len(STEPS))


def t(message_id: str, **args: object) -> str:
    return T(message_id, **args).strip()


class WhatsAppResident:
    """One person on WhatsApp who acts and then waits for the bot's whole answer: a screen
    ends with its buttons or list, and a chat's messages arrive in order."""

    def __init__(self, graph: FakeGraphApi, wa_id: str) -> None:
        self.graph = graph
        self.wa_id = wa_id
        self.last: list[SentMessage] = []

    async def answer_to(self, act: Callable[[], Awaitable[object]],
                        within: float = 10.0) -> list[SentMessage]:
        before = len(self.graph.messages_to(self.wa_id))

        def complete() -> bool:
            return any(m.interactive for m in self.graph.messages_to(self.wa_id)[before:])

        await act()
        try:
            await self.graph.wait_until(complete, within, f"a screen for {self.wa_id}")
        except TimeoutError as exc:
            got = [m.text.splitlines()[0] if m.text else m.type
                   for m in self.graph.messages_to(self.wa_id)[before:]]
            raise TimeoutError(f"{exc}; got {got}") from None
        self.last = self.graph.messages_to(self.wa_id)[before:]
        return self.last

    async def send(self, text: str) -> list[SentMessage]:
        return await self.answer_to(lambda: self.graph.user_sends_text(self.wa_id, text))

    async def press(self, label: str) -> list[SentMessage]:
        return await self.answer_to(lambda: self.graph.user_presses(self.wa_id, label))

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.last)

    @property
    def labels(self) -> list[str]:
        return [label for m in self.last for label in m.labels]


def whatsapp_settings(tmp_path: Path, graph: FakeGraphApi, port: int, **extra: str) -> Settings:
    return load_settings(
        **extra,
        TUTOR_SENSUS_DATA_DIR=str(tmp_path / "data"),
        TUTOR_SENSUS_HTTP_HOST="127.0.0.1",
        TUTOR_SENSUS_HTTP_PORT=str(port),
        TUTOR_SENSUS_SECRET_KEY=generate_key(),  # required once real people can reach the bot
        WHATSAPP_TOKEN=graph.token,
        WHATSAPP_PHONE_NUMBER_ID=graph.phone_number_id,
        WHATSAPP_APP_SECRET=graph.app_secret,
        WHATSAPP_VERIFY_TOKEN=VERIFY,
        WHATSAPP_NUMBER="+62 811-2000-2020",
        WHATSAPP_API_BASE_URL=graph.base_url,
        _env_file=None,
    )


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraphApi]:
    async with FakeGraphApi() as fake:
        yield fake


@pytest.fixture
async def running(tmp_path: Path, graph: FakeGraphApi) -> AsyncIterator[Running]:
    port = free_port()
    settings = whatsapp_settings(tmp_path, graph, port)
    assert settings.telegram_bot_token is None  # WhatsApp alone
    bot = await start(settings, clock=RunningClock(CAMPAIGN_OPEN))
    graph.connect(f"http://127.0.0.1:{port}/whatsapp")
    try:
        yield bot
    finally:
        await bot.stop()


@pytest.fixture
def resident(running: Running, graph: FakeGraphApi) -> WhatsAppResident:
    return WhatsAppResident(graph, RESIDENT)


async def test_resident_walks_the_whole_tutorial_and_picks_pecalungan(
    running: Running, resident: WhatsAppResident, graph: FakeGraphApi
) -> None:
    assert running.telegram is None and running.whatsapp is not None
    await resident.send("halo")
    assert T("menu-start") in resident.labels

    await resident.press(T("menu-start"))
    assert t("ask-kecamatan") in resident.text
    pages = 0
    while "Pecalungan" not in resident.labels:  # kecamatan 11+ are on later pages
        assert T("nav-more") in resident.labels, resident.labels
        await resident.press(T("nav-more"))
        pages += 1
    assert pages >= 1
    assert len(resident.last[-1].rows) <= 10

    await resident.press("Pecalungan")
    assert resident.last[0].text == t("kecamatan-saved", name="Pecalungan")
    for n, step_id in enumerate(STEPS, start=1):
        step = resident.last[-1]
        assert step.text.startswith(f"{header(n)} — {t(f'step-{step_id}-title')}")
        assert T("nav-next") in step.labels and T("nav-menu") in step.labels
        await resident.press(T("nav-next"))
    assert resident.text == t("tutorial-done")

    # Every message the bot sent was accepted by the fake (so within Meta's limits) ...
    sends = graph.calls_of("/messages")
    assert sends and all(call.status == 200 for call in sends)
    shown = [int(m.group(1)) for msg in graph.messages_to(RESIDENT)
             if (m := HEADER.search(msg.text))]
    assert shown == list(range(1, len(STEPS) + 1))  # each step once, in order
    # ... and Meta's delivery reports came back and were recorded, as was the window.
    store = running.app.store
    wamids = {m.wamid for m in graph.messages_to(RESIDENT)}

    async def delivered() -> bool:
        rows = await store.fetch_all(
            "SELECT wamid FROM whatsapp_statuses WHERE status = 'delivered'")
        return {r[0] for r in rows} == wamids

    deadline = time.monotonic() + 5
    while not await delivered():
        assert time.monotonic() < deadline, "delivery statuses not recorded"
        await asyncio.sleep(0.05)
    window = await store.fetch_all("SELECT user_id FROM whatsapp_window")
    assert window == [(RESIDENT,)]
    person = await store.fetch_all(
        "SELECT kecamatan FROM people WHERE channel = 'whatsapp' AND user_id = ?", (RESIDENT,))
    assert person == [(k.id,) for k in CAMPAIGN.region.kecamatan if k.name == "Pecalungan"]


async def test_typed_numbers_and_unsupported_messages(
    resident: WhatsAppResident, graph: FakeGraphApi
) -> None:
    await resident.send("/start")
    await resident.press(T("menu-start"))
    await resident.send("blado")  # a typed name works as on every channel
    assert t("kecamatan-saved", name="Blado") in resident.text
    sticker = {"type": "sticker", "sticker": {"mime_type": "image/webp", "sha256": "x",
                                              "id": "1234567890", "animated": False}}
    await resident.answer_to(lambda: graph.user_sends(RESIDENT, sticker))
    assert resident.text.startswith(t("media-not-understood", kind="sticker"))
    assert resident.labels  # something to press next, never a dead end


async def test_a_message_meta_sends_twice_is_answered_once(
    running: Running, resident: WhatsAppResident, graph: FakeGraphApi
) -> None:
    body = graph.user_message(RESIDENT, {"type": "text", "text": {"body": "/start"}})
    graph.last_user_message[RESIDENT] = time.time()
    await resident.answer_to(lambda: graph.post_webhook(body))
    assert await graph.post_webhook(body) == 200  # the same wamid again

    async def all_done() -> bool:  # nothing left to handle or to send
        rows = await running.app.store.fetch_all(
            "SELECT (SELECT count(*) FROM inbox WHERE status = 'new'),"
            " (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))")
        return rows == [(0, 0)]

    deadline = time.monotonic() + 5
    while not await all_done():
        assert time.monotonic() < deadline, "the bot did not settle"
        await asyncio.sleep(0.05)
    menus = [m for m in graph.messages_to(RESIDENT) if T("menu-start") in m.labels]
    assert len(menus) == 1


async def test_whatsapp_alone_needs_its_secrets(tmp_path: Path, graph: FakeGraphApi) -> None:
    with pytest.raises(SettingsError, match="WHATSAPP_APP_SECRET"):
        load_settings(WHATSAPP_TOKEN="t", WHATSAPP_PHONE_NUMBER_ID="1",
                      WHATSAPP_VERIFY_TOKEN="v", _env_file=None)
    settings = whatsapp_settings(tmp_path, graph, free_port())
    wrong = settings.model_copy(update={"whatsapp_phone_number_id": "999"})
    with pytest.raises(StartError, match="WHATSAPP_PHONE_NUMBER_ID"):
        await start(wrong)


async def test_resident_reports_a_completion_with_a_photo_and_gets_the_voucher(
    running: Running, resident: WhatsAppResident, graph: FakeGraphApi
) -> None:
    from test_completions import CODE, PNG_1PX, decode_qr

    await resident.send("/start")
    await resident.press("Saya sudah selesai")
    await resident.send("3325 0123 0120 0001")
    assert "•••• 0001" in resident.text
    await resident.press(T("done-kk-yes"))
    await resident.send("5")
    await resident.send("Pecalungan")
    # WhatsApp media ids are often 16 digits: the proof must still download.
    await resident.answer_to(lambda: graph.user_sends_image(RESIDENT, PNG_1PX, "image/png"))
    assert T("done-proof-received") in resident.text
    await resident.press(T("done-save"))
    voucher = next(m for m in resident.last if m.type == "image")
    code = CODE.search(voucher.text)
    assert code and voucher.media is not None
    assert decode_qr(voucher.media) == [code.group()]  # uploaded, then sent, scannable
    store = running.app.store
    deadline = time.monotonic() + 5
    while True:
        rows = await store.fetch_all("SELECT proof_path FROM completions")
        if rows and rows[0][0] and Path(rows[0][0]).read_bytes() == PNG_1PX:
            break
        assert time.monotonic() < deadline, f"proof not downloaded: {rows}"
        await asyncio.sleep(0.05)


async def test_a_failed_delivery_status_marks_the_outbox_row_failed_not_blocked(
    running: Running, resident: WhatsAppResident, graph: FakeGraphApi
) -> None:
    """Meta accepts a free-form message outside the 24-hour window, then reports it
    failed (131047) by webhook: the outbox row says so, and the person is not blocked."""
    from conversations.core.models import Reply

    await resident.send("/start")
    graph.close_window(RESIDENT)
    app = running.app
    async with app.store.transaction() as tx:
        await tx.enqueue("whatsapp", RESIDENT, Reply(text="Jawaban petugas: ...")
                         .model_dump_json(), app.clock.now())
    # (by its id: the payload of a sent message is emptied at once, issue 14's retention)
    [(outbox_id,)] = await app.store.fetch_all(
        "SELECT max(id) FROM outbox WHERE channel = 'whatsapp' AND chat_id = ?", (RESIDENT,))
    app.processor.on_replies.set()  # wakes the sender
    deadline = time.monotonic() + 5
    while True:
        rows = await app.store.fetch_all(
            "SELECT status, error, platform_id FROM outbox WHERE id = ?", (outbox_id,))
        if rows and rows[0][0] == "failed":
            break
        assert time.monotonic() < deadline, f"not marked failed: {rows}"
        await asyncio.sleep(0.05)
    _, error, wamid = rows[0]
    assert "131047" in error and wamid.startswith("wamid.")
    blocked = await app.store.fetch_all(
        "SELECT blocked_at FROM people WHERE channel = 'whatsapp' AND user_id = ?", (RESIDENT,))
    assert blocked == [(None,)]


async def test_a_staff_answer_after_24_hours_goes_as_a_template(
    tmp_path: Path, graph: FakeGraphApi
) -> None:
    """The resident asked; staff answered the next day: outside the window only an approved
    template reaches them, carrying the answer."""
    officer = "6281100000001"
    port = free_port()
    settings = whatsapp_settings(
        tmp_path, graph, port, TUTOR_SENSUS_STAFF=f"whatsapp:{officer}",
        TUTOR_SENSUS_HANDOFF_CHAT=f"whatsapp:{officer}",
    )
    bot = await start(settings, clock=RunningClock(CAMPAIGN_OPEN))
    graph.connect(f"http://127.0.0.1:{port}/whatsapp")
    try:
        person = WhatsAppResident(graph, RESIDENT)
        staff = WhatsAppResident(graph, officer)
        await person.send("qwertyuiop asdfgh")
        await person.press(T("ask-staff"))
        await person.answer_to(lambda: graph.user_presses(RESIDENT, T("ask-send")))
        await graph.wait_until(lambda: any("#1" in m.text for m in graph.messages_to(officer)),
                               5, "the question in the staff chat")
        graph.close_window(RESIDENT)  # "Meta" and the bot both: the next day
        clock = bot.app.clock
        assert isinstance(clock, FakeClock)
        clock.advance(hours=25)
        await staff.answer_to(lambda: graph.user_presses(officer, "#1"))
        await graph.user_sends_text(officer, "Bisa, lewat HP anak.")  # the answer

        def answered() -> bool:
            return any(m.type == "template" for m in graph.messages_to(RESIDENT))

        await graph.wait_until(answered, 5, "the answer to the resident")
        sent = [m for m in graph.messages_to(RESIDENT) if m.type == "template"][-1]
        assert sent.template is not None and "Bisa, lewat HP anak." in str(sent.template)
    finally:
        await bot.stop()
