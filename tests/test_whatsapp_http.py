"""The WhatsApp webhook over real HTTP: Meta's handshake, signatures, the inbox, duplicates."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.app import App
from bot.channels.http import build_http_app, start_http
from bot.channels.whatsapp import WhatsAppChannel

APP_SECRET = "app-secret-for-tests"
VERIFY = "verify-token-for-tests"
PHONE_ID = "106540352242922"
USER = "6281234567890"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def whatsapp(app: App) -> AsyncIterator[WhatsAppChannel]:
    channel = WhatsAppChannel("token", PHONE_ID, app_secret=APP_SECRET, verify_token=VERIFY,
                              api_base_url="http://127.0.0.1:9/v26.0")
    channel.processor = app.processor  # not started: no Graph API calls in this test
    app.add_channel(channel)
    yield channel
    await channel.stop()


@pytest.fixture
async def server(app: App, whatsapp: WhatsAppChannel) -> AsyncIterator[str]:
    port = free_port()
    runner = await start_http(build_http_app(app, None, whatsapp), "127.0.0.1", port)
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def body(*messages: dict[str, Any], statuses: list[dict[str, Any]] | None = None,
         phone_id: str = PHONE_ID) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281120002020", "phone_number_id": phone_id},
        "contacts": [{"profile": {"name": "Siti"}, "wa_id": USER, "user_id": "ID.77"}],
    }
    if messages:
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398", "changes": [{"field": "messages",
                                                             "value": value}]}]}


def text(wamid: str, words: str = "halo") -> dict[str, Any]:
    return {"from": USER, "id": wamid, "timestamp": "1583118000", "type": "text",
            "text": {"body": words}}


def signed(raw: bytes, secret: str = APP_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


async def post(server: str, data: dict[str, Any] | bytes,
               headers: dict[str, str] | None = None) -> int:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    async with aiohttp.ClientSession() as http, http.post(
        f"{server}/whatsapp", data=raw, headers=signed(raw) if headers is None else headers
    ) as resp:
        return resp.status


async def test_handshake_echoes_the_challenge_only_for_the_right_token(server: str) -> None:
    good = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server}/whatsapp", params=good) as resp:
            assert resp.status == 200
            assert await resp.text() == "1158201444"
        for wrong in (
            {**good, "hub.verify_token": "guess"},
            {**good, "hub.verify_token": ""},
            {**good, "hub.mode": "unsubscribe"},
            {"hub.verify_token": VERIFY, "hub.challenge": "1"},
            {"hub.mode": "subscribe", "hub.verify_token": VERIFY},
            {},
        ):
            async with http.get(f"{server}/whatsapp", params=wrong) as resp:
                assert resp.status == 403, wrong
                assert "1158201444" not in await resp.text()


async def test_signed_post_is_in_the_inbox_before_the_200(server: str, app: App) -> None:
    assert await post(server, body(text("wamid.A1"))) == 200
    rows = await app.store.fetch_all("SELECT channel, update_id, payload, status FROM inbox")
    assert [r[:2] for r in rows] == [("whatsapp", "wamid.A1")]  # stored, not yet handled
    stored = json.loads(rows[0][2])
    assert stored["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] == "halo"
    window = await app.store.fetch_all("SELECT user_id FROM whatsapp_window")
    assert window == [(USER,)]  # the 24-hour window started

    await app.step()  # then handled: the engine's answer waits in the outbox
    assert await app.store.fetch_all("SELECT status FROM inbox") == [("done",)]
    answers = await app.store.fetch_all("SELECT channel, chat_id FROM outbox")
    assert answers and set(answers) == {("whatsapp", USER)}


async def test_unsigned_and_forged_posts_are_refused_and_logged_without_body(
    server: str, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    secret_words = "rahasia-isi-pesan"
    data = body(text("wamid.F1", secret_words))
    raw = json.dumps(data).encode()
    caplog.set_level(logging.DEBUG)
    forged = [
        {},  # unsigned
        {"X-Hub-Signature-256": "sha256=" + "0" * 64},
        signed(raw, secret="not-the-app-secret"),
        {"X-Hub-Signature-256": signed(raw)["X-Hub-Signature-256"].removeprefix("sha256=")},
        signed(raw + b" "),  # a signature of another body
    ]
    for headers in forged:
        assert await post(server, raw, headers) == 403, headers
    assert await app.store.fetch_all("SELECT COUNT(*) FROM inbox") == [(0,)]
    assert await app.store.fetch_all("SELECT COUNT(*) FROM whatsapp_window") == [(0,)]
    refusals = [r for r in caplog.records if "signature" in r.getMessage()]
    assert len(refusals) == len(forged)
    assert secret_words not in caplog.text


async def test_the_same_message_twice_is_stored_and_handled_once(
    server: str, app: App
) -> None:
    for _ in range(2):  # Meta resends when it did not see our 200 in time
        assert await post(server, body(text("wamid.D1"))) == 200
    await app.step()
    assert await post(server, body(text("wamid.D1"))) == 200  # even after it was handled
    await app.step()
    rows = await app.store.fetch_all("SELECT update_id, status FROM inbox")
    assert rows == [("wamid.D1", "done")]
    replies = await app.store.fetch_all("SELECT COUNT(*) FROM outbox")
    assert replies[0][0] >= 1
    await app.step()
    assert await app.store.fetch_all("SELECT COUNT(*) FROM outbox") == replies


async def test_statuses_are_recorded_once_and_never_reach_the_engine(
    server: str, app: App
) -> None:
    statuses = [
        {"id": "wamid.OUT1", "status": "sent", "timestamp": "1583118001", "recipient_id": USER},
        {"id": "wamid.OUT1", "status": "delivered", "timestamp": "1583118002",
         "recipient_id": USER},
        {"id": "wamid.OUT2", "status": "failed", "timestamp": "1583118003",
         "recipient_id": USER, "errors": [{"code": 131047, "title": "Re-engagement message"}]},
    ]
    for _ in range(2):
        assert await post(server, body(statuses=statuses)) == 200
    rows = await app.store.fetch_all(
        "SELECT wamid, status, user_id, error_code FROM whatsapp_statuses ORDER BY wamid, at"
    )
    assert rows == [("wamid.OUT1", "sent", USER, None), ("wamid.OUT1", "delivered", USER, None),
                    ("wamid.OUT2", "failed", USER, 131047)]
    assert await app.store.fetch_all("SELECT COUNT(*) FROM inbox") == [(0,)]
    blocked = await app.store.fetch_all("SELECT COUNT(*) FROM people WHERE blocked_at IS NOT NULL")
    assert blocked == [(0,)]  # 131047 is not a block


async def test_a_batched_body_stores_each_message(server: str, app: App) -> None:
    assert await post(server, body(text("wamid.B1", "satu"), text("wamid.B2", "dua"))) == 200
    rows = await app.store.fetch_all("SELECT update_id FROM inbox ORDER BY id")
    assert rows == [("wamid.B1",), ("wamid.B2",)]


async def test_other_numbers_and_odd_bodies(server: str, app: App) -> None:
    assert await post(server, body(text("wamid.X1"), phone_id="999")) == 200  # not ours
    # Signed, but not a webhook body: recorded as rejected, and 200 so Meta stops sending it.
    assert await post(server, b"not json") == 200
    assert await post(server, b"[1, 2]") == 200
    assert await app.store.fetch_all("SELECT reason, shape FROM rejected_updates") == [
        ("not JSON (JSONDecodeError)", "<not JSON>"), ("not a JSON object", '["<int>","<int>"]'),
    ]
    assert await post(server, {"object": "whatsapp_business_account", "entry": []}) == 200
    assert await app.store.fetch_all("SELECT COUNT(*) FROM inbox") == [(0,)]


async def test_telegram_route_is_absent_when_only_whatsapp_runs(server: str) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{server}/telegram", json={}) as r:
        assert r.status in (404, 405)


async def test_a_16_digit_media_id_survives_the_inbox(
    server: str, app: App, whatsapp: WhatsAppChannel
) -> None:
    photo = {"from": USER, "id": "wamid.P1", "timestamp": "1583118000", "type": "image",
             "image": {"mime_type": "image/jpeg", "sha256": "x", "id": "2754859441498128"}}
    assert await post(server, body(photo)) == 200
    [(payload,)] = await app.store.fetch_all("SELECT payload FROM inbox")
    incoming = whatsapp.parse(json.loads(payload))
    assert incoming is not None and incoming.media is not None
    assert incoming.media.file_id == "2754859441498128"  # the proof can still be downloaded
    # ...while a KK typed as the caption is still replaced before it is stored.
    photo["image"]["caption"] = "KK 3325012301200001"
    photo["id"] = "wamid.P2"
    assert await post(server, body(photo)) == 200
    payloads = [p for (p,) in await app.store.fetch_all("SELECT payload FROM inbox")]
    assert not any("3325012301200001" in (p or "") for p in payloads)
