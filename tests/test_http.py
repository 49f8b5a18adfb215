"""The HTTP server over real HTTP: health check and the Telegram webhook's secret token."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from pydantic import SecretStr

from bot.app import App
from bot.channels.http import build_http_app, start_http
from bot.channels.telegram import TelegramChannel

SECRET = "s3cret-token-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def server(app: App) -> AsyncIterator[str]:
    telegram = TelegramChannel("123456:TEST", "http://127.0.0.1:9/bot",
                               webhook_url="https://example.org", webhook_secret=SECRET)
    telegram.processor = app.processor  # not started: no Bot API calls in this test
    app.add_channel(telegram)
    port = free_port()
    runner = await start_http(build_http_app(app, telegram), "127.0.0.1", port)
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def update(update_id: int, text: str = "halo") -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1, "date": 1583118000, "text": text,
            "chat": {"id": 7001, "type": "private", "first_name": "Warga"},
            "from": {"id": 7001, "is_bot": False, "first_name": "Warga"},
        },
    }


async def test_healthz_answers(server: str, backend: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{server}/healthz") as resp:
        assert resp.status == 200
        body = await resp.json()
        assert body["status"] == "ok"
        assert body["database"] == ("postgresql" if backend == "postgres" else "sqlite")
        assert isinstance(body["leads"], list)  # the roles this worker holds


async def test_webhook_refuses_missing_or_wrong_secret(server: str, app: App) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{server}/telegram", json=update(1)) as resp:
            assert resp.status == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        async with http.post(f"{server}/telegram", json=update(2), headers=headers) as resp:
            assert resp.status == 403
    assert await app.store.fetch_all("SELECT COUNT(*) FROM inbox") == [(0,)]


async def test_webhook_stores_update_before_answering_and_ignores_duplicates(
    server: str, app: App
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        for _ in range(2):  # Telegram may deliver the same update again
            async with http.post(f"{server}/telegram", json=update(10), headers=headers) as r:
                assert r.status == 200
        # Malformed, but from Telegram (right secret): recorded as rejected and answered 200,
        # since Telegram would otherwise send it again and again.
        async with http.post(f"{server}/telegram", data="not json", headers=headers) as r:
            assert r.status == 200
            assert (await r.text()).startswith("rejected: not JSON")
    assert await app.store.fetch_all("SELECT channel, shape FROM rejected_updates") == [
        ("telegram", "<not JSON>")
    ]
    rows = await app.store.fetch_all("SELECT channel, update_id, payload FROM inbox")
    assert len(rows) == 1
    assert rows[0][:2] == ("telegram", "10")
    assert json.loads(rows[0][2])["message"]["text"] == "halo"


async def test_a_rejected_update_keeps_no_name_text_or_number(server: str, app: App) -> None:
    """What `rejected_updates` keeps of a malformed update is its shape: no text, no name,
    no digits a person (or a forged body, in its keys) wrote."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    body = {"update_id": "not a number", "message": {
        "text": "KK saya 3325 0123 4567 8901", "from": {"id": 7001, "first_name": "Budi"}},
        "3325012345678901": {"Siti Aminah": "19800101 200501 1 001"}}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{server}/telegram", json=body, headers=headers) as r:
            assert r.status == 200
            assert (await r.text()).startswith("rejected: update_id")
    rows = await app.store.fetch_all("SELECT reason, shape FROM rejected_updates")
    assert len(rows) == 1
    kept = repr(rows[0])
    assert '"message":{"text":"<str 27>"' in kept  # the shape is kept
    for personal in ("3325", "0123", "Budi", "Siti", "19800101", "KK saya"):
        assert personal not in kept


async def test_metrics_count_updates_and_replies_from_this_machine(server: str, app: App) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        for n in (10, 11):
            async with http.post(f"{server}/telegram", json=update(n), headers=headers) as r:
                assert r.status == 200
        await app.processor.process_pending()
        async with http.get(f"{server}/metrics") as resp:
            assert resp.status == 200
            assert resp.content_type == "text/plain"
            text = await resp.text()
    assert 'tutor_sensus_updates{channel="telegram",status="done"} 2' in text
    assert 'tutor_sensus_outbox{channel="telegram",status="pending"} 2' in text  # the depth
    assert "tutor_sensus_process_updates_handled_total 2" in text
    assert "7001" not in text and "halo" not in text  # no person in the metrics


async def test_metrics_need_the_token_when_one_is_set(app: App) -> None:
    from aiohttp.test_utils import make_mocked_request

    from bot.channels.metrics import allowed

    class Peer:  # a connection from another machine
        def get_extra_info(self, name: str, default: object = None) -> object:
            return ("203.0.113.5", 40000) if name == "peername" else default

    remote = make_mocked_request("GET", "/metrics", transport=Peer())
    assert remote.remote == "203.0.113.5"
    assert not allowed(remote, None)  # from elsewhere, without a token: refused
    with_token = make_mocked_request("GET", "/metrics",
                                     headers={"Authorization": "Bearer t0ken-xyz"})
    assert allowed(with_token, "t0ken-xyz")
    wrong = make_mocked_request("GET", "/metrics", headers={"Authorization": "Bearer nope"})
    assert not allowed(wrong, "t0ken-xyz")
    port = free_port()
    app.settings.metrics_token = SecretStr("t0ken-xyz")
    runner = await start_http(build_http_app(app), "127.0.0.1", port)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                assert resp.status == 403  # a token is set: even local requests need it
            auth = {"Authorization": "Bearer t0ken-xyz"}
            async with http.get(f"http://127.0.0.1:{port}/metrics", headers=auth) as resp:
                assert resp.status == 200
    finally:
        await runner.cleanup()
