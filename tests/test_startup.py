"""`tutor-sensus run` at start, in a child process: a port that is taken, a Bot API that is
unreachable and then comes back, a token the Bot API rejects."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
from fake_telegram import FakeBotApi
from test_restart import START_TIMEOUT, BotProcess, bot_env, free_port


async def wait_exit(bot: BotProcess, within: float) -> int:
    assert bot.proc is not None
    code = await asyncio.wait_for(bot.proc.wait(), within)
    await bot._done()
    return code


async def healthz(port: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.get(
        f"http://127.0.0.1:{port}/healthz"
    ) as resp:
        return resp.status, await resp.json()


async def wait_health(port: str, status: int, within: float) -> dict[str, object]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        try:
            got, body = await healthz(port)
            if got == status:
                return body
        except aiohttp.ClientError:
            pass
        if loop.time() > deadline:
            raise AssertionError(f"/healthz never answered {status}")
        await asyncio.sleep(0.1)


async def test_a_taken_port_stops_the_start_at_once_naming_it(tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            env = {**bot_env(api, tmp_path, TELEGRAM_WEBHOOK_URL="https://bot.example.org",
                             TELEGRAM_WEBHOOK_SECRET="secret-for-the-test"),
                   "TUTOR_SENSUS_HTTP_PORT": str(port)}
            bot = BotProcess(env, cwd=tmp_path)
            await bot.start()
            code = await wait_exit(bot, START_TIMEOUT)
        log = "\n".join(bot.log)
        assert code == 2
        assert f"cannot listen on 127.0.0.1:{port}" in log
        assert "TUTOR_SENSUS_HTTP_PORT" in log
        assert "Traceback" not in log
        assert api.calls_of("setWebhook") == []  # no webhook registered for a dead server


async def test_an_unreachable_bot_api_is_retried_and_healthz_says_so(tmp_path: Path) -> None:
    """The Bot API is behind a forwarder that is down at start and comes up later."""
    async with FakeBotApi() as api:
        target = int(api.root_url.rsplit(":", 1)[1])
        gate = free_port()
        env = {**bot_env(api, tmp_path), "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{gate}/bot"}
        port = env["TUTOR_SENSUS_HTTP_PORT"]
        bot = BotProcess(env, cwd=tmp_path)
        await bot.start()
        forwarder: asyncio.Server | None = None
        try:
            body = await wait_health(port, 503, START_TIMEOUT)
            channels = body["channels"]
            assert isinstance(channels, dict)
            assert str(channels["telegram"]).startswith("unreachable since ")
            await asyncio.sleep(2.0)  # a few attempts
            assert bot.proc is not None and bot.proc.returncode is None  # still running

            async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                try:
                    while data := await reader.read(65536):
                        writer.write(data)
                        await writer.drain()
                except ConnectionError:
                    pass
                finally:
                    writer.close()

            async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target)
                await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

            forwarder = await asyncio.start_server(forward, "127.0.0.1", gate)
            body = await wait_health(port, 200, 30)
            assert body["channels"] == {"telegram": "connected"}
            api.user_sends_text(7001, "/start")
            await api.wait_until(lambda: bool(api.messages_to(7001)), within=20,
                                 what="the first reply after the Bot API came back")
        finally:
            code = await bot.terminate()
            if forwarder is not None:
                forwarder.close()
        log = "\n".join(bot.log)
        assert code == 0
        attempts = [line for line in bot.log if "cannot reach the platform" in line]
        assert len(attempts) >= 2  # one line per attempt
        assert "Traceback" not in log, log


async def test_a_rejected_token_stops_the_bot_with_a_clear_message(tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        env = {**bot_env(api, tmp_path), "TELEGRAM_BOT_TOKEN": "999:WRONG-TOKEN"}
        bot = BotProcess(env, cwd=tmp_path)
        await bot.start()
        code = await wait_exit(bot, START_TIMEOUT)
    log = "\n".join(bot.log)
    assert code == 2
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in log
    assert "Traceback" not in log
    assert "WRONG-TOKEN" not in log  # the token itself is never logged


async def test_an_unreachable_graph_api_keeps_whatsapp_webhooks_flowing(tmp_path: Path) -> None:
    """WhatsApp alone, its Graph API down: the bot runs, /healthz says 503 for WhatsApp, and a
    person's message posted by Meta is still taken (its reply waits in the outbox)."""
    from fake_graph import FakeGraphApi

    async with FakeBotApi() as api, FakeGraphApi() as graph:
        env = {k: v for k, v in bot_env(api, tmp_path).items()
               if not k.startswith("TELEGRAM_")}
        env.update(WHATSAPP_TOKEN=graph.token, WHATSAPP_PHONE_NUMBER_ID=graph.phone_number_id,
                   WHATSAPP_APP_SECRET=graph.app_secret, WHATSAPP_VERIFY_TOKEN="verify-it",
                   WHATSAPP_API_BASE_URL=f"http://127.0.0.1:{free_port()}/v26.0")
        port = env["TUTOR_SENSUS_HTTP_PORT"]
        graph.connect(f"http://127.0.0.1:{port}/whatsapp")
        bot = BotProcess(env, cwd=tmp_path)
        await bot.start()
        try:
            body = await wait_health(port, 503, START_TIMEOUT)
            channels = body["channels"]
            assert isinstance(channels, dict)
            assert str(channels["whatsapp"]).startswith("unreachable since ")
            await graph.user_sends_text("6281234567890", "halo")  # asserts the 200
        finally:
            code = await bot.terminate()
        assert code == 0
        assert "Traceback" not in "\n".join(bot.log)
