"""The fake Bot API, checked through the real, unmodified python-telegram-bot `Bot` over HTTP.

If PTB parses what the fake answers into the right objects and raises the right exceptions for
its errors, the end-to-end tests that use the fake test the bot against Telegram's behaviour.
"""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp import web
from fake_telegram import FakeBotApi, png_bytes
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.warnings import PTBDeprecationWarning

USER = 7001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


def make_bot(api: FakeBotApi, token: str | None = None) -> Bot:
    return Bot(token or api.token, base_url=api.base_url, base_file_url=api.base_file_url)


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with make_bot(api) as client:  # initialize() logs in with getMe
        yield client


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


async def test_get_me_logs_in(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123, "TutorSensusBot", True)
    assert bot.username == "TutorSensusBot"
    assert api.requests[0][0] == "getMe"


async def test_wrong_token_is_refused_like_telegram(api: FakeBotApi) -> None:
    for token in ("123:WRONG", "not-a-token"):  # 401 Unauthorized, 404 Not Found
        with pytest.raises(InvalidToken):
            await make_bot(api, token).get_me()


async def test_user_text_arrives_as_a_message_update(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start", first_name="Siti")
    updates = await bot.get_updates(timeout=5)
    assert len(updates) == 1
    message = updates[0].message
    assert isinstance(updates[0], Update) and message is not None
    assert message.text == "/start"
    assert message.from_user is not None and message.from_user.first_name == "Siti"
    assert (message.chat.id, message.chat.type) == (USER, "private")
    assert message.entities[0].type == "bot_command"


async def test_offset_confirms_updates_and_unconfirmed_ones_come_again(
    bot: Bot, api: FakeBotApi
) -> None:
    api.user_sends_text(USER, "satu")
    api.user_sends_text(USER, "dua")
    first = await bot.get_updates()
    again = await bot.get_updates()  # nothing confirmed yet: the same updates
    assert [u.update_id for u in again] == [u.update_id for u in first]
    assert len(first) == 2 and first[1].update_id == first[0].update_id + 1
    rest = await bot.get_updates(offset=first[0].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["dua"]
    assert await bot.get_updates(offset=first[1].update_id + 1) == ()
    assert api.pending_updates == []


async def test_limit_and_allowed_updates(bot: Bot, api: FakeBotApi) -> None:
    for text in ("satu", "dua", "tiga"):
        api.user_sends_text(USER, text)
    assert [u.message.text for u in await bot.get_updates(limit=2) if u.message] == [
        "satu", "dua"]
    confirmed = await bot.get_updates(offset=-1)  # only the last; the others are forgotten
    assert [u.message.text for u in confirmed if u.message] == ["tiga"]
    await bot.get_updates(offset=confirmed[0].update_id + 1, allowed_updates=["callback_query"])
    api.user_sends_text(USER, "tidak diminta")  # a message, but the bot asked for buttons only
    assert await bot.get_updates() == ()


async def test_long_poll_waits_for_news_and_returns_at_once(bot: Bot, api: FakeBotApi) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # it really waited

    async def later() -> None:
        await asyncio.sleep(0.2)
        api.user_sends_text(USER, "halo")

    task = asyncio.create_task(later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=20)
    await task
    assert [u.message.text for u in updates if u.message] == ["halo"]
    assert time.monotonic() - started < 5


async def test_send_message_with_keyboard_and_button_press(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start")
    sent = await bot.send_message(USER, "Silakan pilih:",
                                  reply_markup=keyboard([("Mulai", "1|go"), ("Menu", "1|menu")]))
    assert sent.text == "Silakan pilih:"
    assert [m.text for m in await api.wait_for_messages(USER, 1)] == ["Silakan pilih:"]
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "1|go"
    seen = api.last_message_to(USER)
    assert seen is not None and seen.message_id == sent.message_id
    assert seen.buttons == ["Mulai", "Menu"]

    updates = await bot.get_updates()
    query_id = api.user_presses(USER, sent.message_id, "1|go")
    news = await bot.get_updates(offset=updates[-1].update_id + 1)
    query = news[0].callback_query
    assert query is not None and query.id == query_id
    assert query.data == "1|go"
    assert query.from_user.id == USER
    assert query.message is not None and query.message.message_id == sent.message_id

    assert await bot.answer_callback_query(query_id) is True
    assert api.answered_callbacks == [query_id]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)  # once only
    with pytest.raises(LookupError):
        api.user_presses(USER, sent.message_id, "1|nope")  # not on the screen


async def test_edit_message_text_and_not_modified(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start")
    markup = keyboard([("Lanjut", "2|next")])
    sent = await bot.send_message(USER, "Langkah 1", reply_markup=markup)
    edited = await bot.edit_message_text("Langkah 2", chat_id=USER,
                                         message_id=sent.message_id, reply_markup=markup)
    assert edited.text == "Langkah 2" and edited.edit_date is not None
    seen = api.messages_to(USER)
    assert [(m.text, m.edited, m.buttons) for m in seen] == [("Langkah 2", True, ["Lanjut"])]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Langkah 2", chat_id=USER, message_id=sent.message_id,
                                    reply_markup=markup)
    await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)
    assert api.messages_to(USER)[0].buttons == []  # the keyboard is gone
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    assert await bot.delete_message(USER, sent.message_id) is True
    assert api.messages_to(USER) == []


async def test_bad_requests_are_refused_like_telegram(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    await bot.send_message(USER, "x" * 4096)  # the limit itself is fine
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "hi", reply_markup=keyboard([("A", "x" * 65)]))
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "hi")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(USER, png_bytes(), caption="x" * 1025)
    assert len(api.messages_to(USER)) == 1
    assert [c.status for c in api.calls_of("sendMessage")] == [400, 400, 200, 400, 400]


async def test_blocked_user_answers_403(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start")
    api.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "halo")
    updates = await bot.get_updates(allowed_updates=["message", "my_chat_member"])
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    api.user_sends_text(USER, "/start")  # writing again unblocks the bot
    assert (await bot.send_message(USER, "halo")).text == "halo"


async def test_rate_limit_gives_retry_after(api: FakeBotApi) -> None:
    async with FakeBotApi(max_per_second=2) as limited, make_bot(limited) as bot:
        limited.user_sends_text(USER, "/start")
        await bot.send_message(USER, "satu")
        await bot.send_message(USER, "dua")
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(USER, "tiga")
        assert seconds(refused.value) == 1
        assert [m.text for m in limited.messages_to(USER)] == ["satu", "dua"]

    async with make_bot(api) as bot:
        api.user_sends_text(USER, "/start")
        api.fail_next("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryAfter) as forced:
            await bot.send_message(USER, "satu")
        assert seconds(forced.value) == 7
        assert (await bot.send_message(USER, "satu")).text == "satu"  # only the next one


async def test_flood_wait_from_the_start(api: FakeBotApi) -> None:
    async with FakeBotApi(retry_after=3) as flooded, make_bot(flooded) as bot:
        flooded.user_sends_text(USER, "/start")
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(USER, "halo")
        assert seconds(refused.value) == 3
        assert (await bot.get_me()).id == 123  # only sending is limited


async def test_conflicts_between_pollers_and_with_a_webhook(bot: Bot, api: FakeBotApi) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_until(lambda: api.is_polling, what="the first long poll")
    async with make_bot(api) as second_bot:
        second = asyncio.create_task(second_bot.get_updates(timeout=10))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        await bot.set_webhook("http://127.0.0.1:9/telegram")
        with pytest.raises(Conflict, match="terminated by setWebhook request"):
            await second
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:9/telegram"
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_webhook_gets_updates_with_the_secret_token(bot: Bot, api: FakeBotApi) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []
    answers = iter([500, 200, 200])

    async def hook(request: web.Request) -> web.Response:
        status = next(answers)
        if status == 200:
            received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                             await request.json()))
        return web.Response(status=status)

    server = web.Application()
    server.router.add_post("/telegram", hook)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/telegram", secret_token="rahasia-1",
                              allowed_updates=["message", "callback_query"])
        api.user_sends_text(USER, "halo")
        api.user_sends_text(USER, "lagi")
        await api.wait_until(lambda: len(received) == 2, what="two webhook posts")
        assert [secret for secret, _ in received] == ["rahasia-1", "rahasia-1"]
        assert [u["message"]["text"] for _, u in received] == ["halo", "lagi"]  # in order
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0
        assert info.last_error_message == "Wrong response from the webhook: 500 Internal " \
            "Server Error"  # the first try failed and was retried
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_photo_upload_and_file_download(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start")
    image = png_bytes(40, 30)
    sent = await bot.send_photo(USER, image, caption="Contoh layar",
                                reply_markup=keyboard([("Lanjut", "3|next")]))
    largest = sent.photo[-1]
    assert (largest.width, largest.height) == (40, 30)
    assert sent.caption == "Contoh layar"
    seen = api.last_message_to(USER)
    assert seen is not None and (seen.kind, seen.text, seen.buttons) == (
        "photo", "Contoh layar", ["Lanjut"])
    file = await bot.get_file(largest.file_id)
    assert bytes(await file.download_as_bytearray()) == image
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(USER, b"not an image")
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")
    again = await bot.send_photo(USER, largest.file_id)  # by file_id, no upload
    assert again.photo[-1].file_id == largest.file_id


async def test_document_upload(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "/start")
    sent = await bot.send_document(USER, b"isi,nama\n1,Siti\n", filename="data.csv",
                                   caption="Daftar")
    assert sent.document is not None and sent.document.file_name == "data.csv"
    assert api.file_content(sent.document.file_id) == b"isi,nama\n1,Siti\n"
    upload = api.calls_of("sendDocument")[0].params["document"]
    assert upload.filename == "data.csv"  # it came as a multipart upload


async def test_user_media_arrive_as_ptb_objects(bot: Bot, api: FakeBotApi) -> None:
    image = png_bytes(8, 8)
    api.user_sends_photo(USER, image, caption="bukti")
    api.user_sends_document(USER, b"%PDF-1.4", file_name="bukti.pdf")
    api.user_sends_sticker(USER)
    api.user_sends_voice(USER, duration=4)
    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message]
    assert len(messages) == 4
    photo, document, sticker, voice = messages
    assert photo.photo and photo.caption == "bukti"
    file = await bot.get_file(photo.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == image
    assert document.document is not None and document.document.file_name == "bukti.pdf"
    assert document.document.mime_type == "application/pdf"
    assert sticker.sticker is not None and sticker.sticker.emoji == "👍"
    assert voice.voice is not None and voice.voice.mime_type == "audio/ogg"


async def test_group_messages_and_commands_menu(bot: Bot, api: FakeBotApi) -> None:
    api.user_sends_text(USER, "halo semua", chat_type="group", chat_id=-5001)
    update = (await bot.get_updates())[0]
    assert update.message is not None and update.message.chat.type == "group"
    assert (await bot.send_message(-5001, "Chat saya pribadi saja")).chat.id == -5001
    await bot.set_my_commands([("start", "Mulai"), ("menu", "Menu utama")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "menu"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad Command", "x")])
