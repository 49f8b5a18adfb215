"""Outgoing WhatsApp messages through pywa_async to the local fake Graph API.

The recorded request bodies are what Meta would receive; the fake refuses what Meta refuses,
so a reply that breaks a limit fails here as it would in production.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fake_graph import FakeGraphApi

from bot.app import App
from bot.channels.base import Permanent, RetryLater, TokenRejected, Transient
from bot.channels.whatsapp import (
    DEFAULT_API_BASE_URL,
    ButtonsPart,
    ListPart,
    TextPart,
    WhatsAppChannel,
    plan,
)
from bot.services.sender import Sender
from bot.settings import Settings
from conversations.core.models import Choice, Document, Reply

USER = "6281234567890"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraphApi]:
    async with FakeGraphApi() as fake:
        fake.last_user_message[USER] = time.time()  # inside the 24-hour window
        yield fake


@pytest.fixture
async def channel(graph: FakeGraphApi) -> AsyncIterator[WhatsAppChannel]:
    wa = WhatsAppChannel(graph.token, graph.phone_number_id, app_secret=graph.app_secret,
                         verify_token="verify", api_base_url=graph.base_url)
    yield wa
    await wa.stop()


def choices(*labels: str) -> list[Choice]:
    return [Choice(id=f"7|c{n}", label=label) for n, label in enumerate(labels)]


def sent_bodies(graph: FakeGraphApi) -> list[dict[str, object]]:
    return [c.body for c in graph.calls_of("/messages") if c.status == 200]


async def test_the_base_url_setting_reaches_the_local_server(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    await channel.send(USER, Reply(text="halo"))
    [call] = graph.calls
    assert call.path == f"/v26.0/{graph.phone_number_id}/messages"
    assert call.body == {"messaging_product": "whatsapp", "recipient_type": "individual",
                         "to": USER, "type": "text",
                         "text": {"body": "halo", "preview_url": False}}


def test_the_default_base_url_is_metas_with_pywas_api_version() -> None:
    from pywa_async import WhatsApp

    settings = Settings(_env_file=None)
    assert settings.whatsapp_api_base_url == DEFAULT_API_BASE_URL
    session = httpx.AsyncClient()
    WhatsApp(phone_id="1", token="t", session=session)
    assert str(session.base_url).rstrip("/") == DEFAULT_API_BASE_URL


async def test_start_checks_the_number_and_refuses_a_wrong_token(graph: FakeGraphApi) -> None:
    from bot.channels.whatsapp import WhatsAppStartError

    good = WhatsAppChannel(graph.token, graph.phone_number_id, app_secret="s",
                           verify_token="v", api_base_url=graph.base_url)
    await good.start(processor=None)  # type: ignore[arg-type]
    assert good.display_number == graph.display_number
    await good.stop()
    wrong = WhatsAppChannel("EAAG-wrong", graph.phone_number_id, app_secret="s",
                            verify_token="v", api_base_url=graph.base_url)
    with pytest.raises(WhatsAppStartError, match="190"):
        await wrong.start(processor=None)  # type: ignore[arg-type]
    await wrong.stop()


async def test_long_text_is_split_at_paragraphs(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    paragraphs = [f"Paragraf {n}. " + "kata " * 300 for n in range(8)]  # about 12,000 chars
    text = "\n\n".join(p.strip() for p in paragraphs)
    await channel.send(USER, Reply(text=text))
    parts = [m.text for m in graph.messages_to(USER)]
    assert len(parts) >= 3 and all(len(p) <= 4096 for p in parts)
    assert " ".join(parts).split() == text.split()  # nothing lost, nothing added
    assert all(p.startswith("Paragraf") for p in parts)  # cut between paragraphs


async def test_up_to_three_short_choices_are_reply_buttons(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    await channel.send(USER, Reply(text="Sudah siap?", choices=choices("Ya", "Belum", "Menu")))
    [body] = sent_bodies(graph)
    assert body["type"] == "interactive"
    assert body["interactive"] == {
        "type": "button",
        "body": {"text": "Sudah siap?"},
        "action": {"buttons": [
            {"type": "reply", "reply": {"id": "7|c0", "title": "Ya"}},
            {"type": "reply", "reply": {"id": "7|c1", "title": "Belum"}},
            {"type": "reply", "reply": {"id": "7|c2", "title": "Menu"}},
        ]},
    }


async def test_more_choices_or_long_labels_become_a_list(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    await channel.send(USER, Reply(text="Langkah 3", choices=choices(
        "Lanjut ›", "‹ Kembali", "Ada masalah di langkah ini", "Menu")))
    await channel.send(USER, Reply(text="Pilih", choices=choices(
        "Ya", "Ulangi panduan dari awal (semua langkah)")))  # two, but one is too long
    first, second = graph.messages_to(USER)
    assert (first.interactive, second.interactive) == ("list", "list")
    assert first.list_button and first.rows[2] == (
        "7|c2", "Ada masalah di langkah…", "Ada masalah di langkah ini")
    assert first.rows[0] == ("7|c0", "Lanjut ›", None)
    assert second.rows[1][1] == "Ulangi panduan dari…"
    assert second.rows[1][2] == "Ulangi panduan dari awal (semua langkah)"  # said in full


async def test_shortened_titles_stay_distinguishable(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    labels = [f"Masalah saat mengisi data anggota keluarga {n}" for n in range(1, 11)]
    await channel.send(USER, Reply(text="Masalah apa?", choices=choices(*labels)))
    [sent] = graph.messages_to(USER)
    titles = [title for _, title, _ in sent.rows]
    assert len(titles) == 10 and len(set(titles)) == 10
    assert all(len(t) <= 24 for t in titles)
    assert titles[0].startswith("1. ") and titles[9].startswith("10. ")
    assert [d for _, _, d in sent.rows] == labels  # the full label as description


async def test_more_than_ten_choices_become_numbered_text(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    await channel.send(USER, Reply(text="Kecamatan?", choices=choices(
        *[f"Kecamatan {n}" for n in range(1, 13)])))
    [sent] = graph.messages_to(USER)
    assert sent.type == "text"
    assert sent.text.splitlines()[-1] == "12. Kecamatan 12"


async def test_a_long_text_with_choices_keeps_the_buttons_on_the_last_part(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    text = "\n".join(f"Baris {n}: " + "isi " * 20 for n in range(30))  # about 2,700 chars
    await channel.send(USER, Reply(text=text, choices=choices("Ya", "Tidak")))
    *head, last = graph.messages_to(USER)
    assert head and all(m.type == "text" for m in head)
    assert last.interactive == "button" and len(last.text) <= 1024
    assert " ".join(m.text for m in [*head, last]).split() == text.split()


async def test_an_image_is_uploaded_then_sent(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    await channel.send(USER, Reply(text="Voucher Anda: K7QM-4TXR-9", image=PNG))
    upload = graph.calls_of("/media")[0]
    assert upload.body == {"messaging_product": "whatsapp", "type": "image/png"}
    [sent] = graph.messages_to(USER)
    assert sent.type == "image" and sent.media == PNG and sent.mime_type == "image/png"
    assert sent.text == "Voucher Anda: K7QM-4TXR-9"  # the caption
    assert sent.payload["image"] == {"id": next(iter(graph.media)),
                                     "caption": "Voucher Anda: K7QM-4TXR-9"}


async def test_an_image_with_choices_is_followed_by_the_buttons(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    await channel.send(USER, Reply(text="Tunjukkan QR ini", image=PNG,
                                   choices=choices("Menu")))
    image, buttons = graph.messages_to(USER)
    assert image.type == "image" and image.text == ""
    assert buttons.interactive == "button" and buttons.text == "Tunjukkan QR ini"


async def test_a_document_is_uploaded_then_sent(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    doc = Document(file_name="rekap.csv", content=b"kecamatan,jumlah\nBatang,3\n")
    await channel.send(USER, Reply(text="Rekap hari ini", document=doc))
    [sent] = graph.messages_to(USER)
    assert sent.type == "document" and sent.media == doc.content
    assert sent.file_name == "rekap.csv" and sent.mime_type == "text/csv"
    assert sent.text == "Rekap hari ini"


@pytest.mark.parametrize(("code", "outcome"), [
    (131047, Permanent),  # outside the 24-hour window: this message only
    (131026, Permanent),  # undeliverable
    (131009, Permanent),  # a bad parameter: retrying will not help
    (130429, RetryLater),  # throughput: slow the channel down
    (80007, RetryLater), (4, RetryLater), (131048, RetryLater), (133016, RetryLater),
    (131056, RetryLater),  # pair rate: this person only
    (131000, Transient), (131016, Transient),  # Meta's side: retry a few times
    (190, TokenRejected),  # the token: the bot stops (the row waits), see test_startup
])
async def test_graph_errors_become_the_senders_outcomes(
    graph: FakeGraphApi, channel: WhatsAppChannel, code: int, outcome: type[Exception]
) -> None:
    graph.fail_next(code)
    with pytest.raises(outcome) as raised:
        await channel.send(USER, Reply(text="halo"))
    assert str(code) in str(raised.value)
    if code == 131056:
        assert isinstance(raised.value, RetryLater) and raised.value.per_chat
    await channel.send(USER, Reply(text="halo"))  # the next try goes out
    assert [m.text for m in graph.messages_to(USER)] == ["halo"]


async def test_throttling_backs_off_more_each_time(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    waits = []
    for _ in range(3):
        graph.fail_next(130429)
        with pytest.raises(RetryLater) as raised:
            await channel.send(USER, Reply(text="halo"))
        waits.append(raised.value.seconds)
    assert waits == sorted(waits) and waits[0] < waits[-1]
    await channel.send(USER, Reply(text="halo"))
    graph.fail_next(130429)
    with pytest.raises(RetryLater) as raised:
        await channel.send(USER, Reply(text="lagi"))
    assert raised.value.seconds == waits[0]  # a success resets the back-off


async def test_an_unreachable_graph_api_is_transient() -> None:
    wa = WhatsAppChannel("t", "1", app_secret="s", verify_token="v",
                         api_base_url="http://127.0.0.1:9/v26.0")
    with pytest.raises(Transient):
        await wa.send(USER, Reply(text="halo"))
    await wa.stop()


async def test_a_retried_reply_does_not_repeat_parts_already_sent(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    reply = Reply(text="Voucher", image=PNG, choices=choices("Menu"))
    graph.fail_next(131000, when=lambda body: body.get("type") == "interactive")
    with pytest.raises(Transient):
        await channel.send(USER, reply)
    await channel.send(USER, reply)  # the sender's retry
    assert [m.type for m in graph.messages_to(USER)] == ["image", "interactive"]


@pytest.mark.parametrize(("body", "details"), [
    ({"type": "text", "text": {"body": "x" * 4097}}, "4096"),
    ({"type": "interactive", "interactive": {"type": "button", "body": {"text": "b"},
      "action": {"buttons": [{"type": "reply", "reply": {"id": str(n), "title": str(n)}}
                             for n in range(4)]}}}, "between 1 and 3"),
    ({"type": "interactive", "interactive": {"type": "button", "body": {"text": "b"},
      "action": {"buttons": [{"type": "reply", "reply": {"id": "1", "title": "x" * 21}}]}}},
     "Max length: 20"),
    ({"type": "interactive", "interactive": {"type": "list", "body": {"text": "b"},
      "action": {"button": "Pilih", "sections": [{"title": "s", "rows": [
          {"id": str(n), "title": str(n)} for n in range(11)]}]}}}, "max allowed count: 10"),
    ({"type": "interactive", "interactive": {"type": "list", "body": {"text": "b"},
      "action": {"button": "Pilih", "sections": [{"title": "s", "rows": [
          {"id": "1", "title": "x" * 25}]}]}}}, "Max length: 24"),
    ({"type": "interactive", "interactive": {"type": "list", "body": {"text": "b"},
      "action": {"button": "Pilih", "sections": [{"title": "s", "rows": [
          {"id": "1", "title": "x", "description": "d" * 73}]}]}}}, "Max length: 72"),
])
async def test_the_fake_refuses_what_meta_refuses(
    graph: FakeGraphApi, body: dict[str, object], details: str
) -> None:
    async with httpx.AsyncClient() as http:
        resp = await http.post(
            f"{graph.base_url}/{graph.phone_number_id}/messages",
            json={"messaging_product": "whatsapp", "to": USER, **body},
            headers={"Authorization": f"Bearer {graph.token}"},
        )
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] in (100, 131009) and error["type"] == "OAuthException"
    assert details in error["error_data"]["details"]
    assert graph.messages == []


def test_every_plan_fits_the_limits() -> None:
    long_label = "Label yang sangat panjang sekali untuk sebuah tombol"
    for reply in (
        Reply(text="a" * 5000, choices=choices(*[long_label] * 10)),
        Reply(text="", choices=choices("Ya")),
        Reply(text="b" * 2000, image=PNG, choices=choices("Menu", "Lanjut", long_label)),
    ):
        for part in plan(reply):
            if isinstance(part, TextPart):
                assert 0 < len(part.text) <= 4096
            if isinstance(part, ButtonsPart | ListPart):
                assert 0 < len(part.text) <= 1024  # an interactive body
            for _, title in getattr(part, "buttons", ()):
                assert len(title) <= 20
            rows = getattr(part, "rows", ())
            assert len(rows) <= 10
            assert len({title for _, title, _ in rows}) == len(rows)
            assert all(len(t) <= 24 and (d is None or len(d) <= 72) for _, t, d in rows)


async def test_outside_the_window_fails_that_message_without_blocking(
    app: App, graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    """Through the real sender: 131047 fails the row; the person is not marked blocked."""
    sender = Sender(app.store, channel, app.clock, pacing=channel.pacing)
    async with app.store.transaction() as tx:
        await tx.save_person("whatsapp", USER, lang="id", kecamatan=None, state={},
                             now=app.clock.now())
        for words in ("satu", "dua"):
            await tx.enqueue("whatsapp", USER, Reply(text=words).model_dump_json(),
                             app.clock.now())
    graph.fail_next(131047)
    await sender.drain()
    rows = await app.store.fetch_all(
        "SELECT status, attempts, error FROM outbox WHERE chat_id = ? ORDER BY id", (USER,)
    )
    assert [r[0] for r in rows] == ["failed", "sent"]  # the next message still goes
    assert rows[0][1] == 1 and "131047" in rows[0][2]
    blocked = await app.store.fetch_all("SELECT blocked_at FROM people WHERE user_id = ?",
                                        (USER,))
    assert blocked == [(None,)]
    assert [m.text for m in graph.messages_to(USER)] == ["dua"]


async def test_throttling_is_retried_by_the_sender(
    app: App, graph: FakeGraphApi, channel: WhatsAppChannel, clock: object
) -> None:
    sender = Sender(app.store, channel, app.clock, pacing=channel.pacing)
    async with app.store.transaction() as tx:
        await tx.enqueue("whatsapp", USER, Reply(text="halo").model_dump_json(),
                         app.clock.now())
    graph.fail_next(130429)
    await sender.drain()
    assert graph.messages_to(USER) == []
    clock.advance(seconds=5)  # type: ignore[attr-defined]
    await sender.drain()  # after the channel's pause (real seconds: the first back-off, 2 s)
    assert [m.text for m in graph.messages_to(USER)] == ["halo"]
    rows = await app.store.fetch_all("SELECT status, attempts FROM outbox")
    assert rows == [("sent", 0)]  # a throttled try is not counted as a failed attempt


async def test_a_photo_the_person_sent_can_be_downloaded(
    graph: FakeGraphApi, channel: WhatsAppChannel
) -> None:
    """The proof of filling: the media id from the webhook, then the bytes (with the token)."""
    graph.media["8000000000000001"] = (b"\xff\xd8jpeg-bytes", "image/jpeg", "bukti.jpg")
    content, mime = await channel.download("8000000000000001", 1024)
    assert (content, mime) == (b"\xff\xd8jpeg-bytes", "image/jpeg")
    assert [c.path for c in graph.calls] == ["/v26.0/8000000000000001",
                                             "/media/8000000000000001"]
    with pytest.raises(ValueError, match="too large"):
        await channel.download("8000000000000001", 4)
