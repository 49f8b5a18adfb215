"""What the shape review found, mended: paging that always fits, garbled page buttons, the
language switch, and a writer that always rolls back."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.app import FEATURES, App, build_app
from bot.settings import Settings
from bot.store import Store
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign())


@pytest.fixture
async def hello_app(settings: Settings) -> App:
    import hello_feature

    application = await build_app(settings, clock=FakeClock(CAMPAIGN_OPEN),
                                  features=[*FEATURES, hello_feature.FEATURE])
    yield application
    await application.close()


@pytest.fixture
def hello(hello_app: App) -> Chat:
    console = RecordingConsole()
    hello_app.add_channel(console)
    return Chat(hello_app, console)


@pytest.mark.parametrize(("items", "nav"), [(0, 12), (5, 8), (20, 7), (3, 10), (30, 0)])
async def test_every_screen_fits_ten_rows_and_every_choice_is_reachable(
    hello: Chat, items: int, nav: int
) -> None:
    await hello.send(f"/banyak {items} {nav}")
    seen: set[str] = set()
    for _ in range(items + nav + 2):  # walk forward through the pages
        assert 0 < len(hello.labels) <= 10
        seen |= {label for label in hello.labels if label.startswith(("Item", "Tombol"))}
        if T("nav-more") not in hello.labels:
            break
        await hello.press(T("nav-more"))
    expected = {f"Item {n}" for n in range(items)} | {f"Tombol {n}" for n in range(nav)}
    assert seen == expected
    await hello.send(f"Tombol {nav - 1}" if nav else f"Item {items - 1}")  # typed, any page
    assert hello.text.startswith("hello: hello.")


@pytest.mark.parametrize("garbage", ["page.", "page.x", "page.-1", "page.1e9"])
async def test_a_garbled_page_button_is_answered_as_stale(hello: Chat, garbage: str) -> None:
    await hello.send("/banyak 30 0")
    version = hello.choice_data("Item 0").split("|")[0]
    await hello.press_data(f"{version}|{garbage}")
    assert T("button-stale") in hello.text
    assert "Item 0" in hello.labels  # the same screen, nothing lost


async def test_switching_language_answers_in_the_new_one(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("/bahasa")
    await chat.press("English")
    assert "The language is now English" in chat.text
    other = Chat(chat.app, chat.channel, user="2")
    await other.send("/start")
    assert "Mulai panduan" in other.labels  # someone else's language is untouched


async def test_mark_blocked_rolls_back_and_the_store_goes_on(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            await tx.save_person("telegram", "7", lang="id", kecamatan=None, state={},
                                 now=CAMPAIGN_OPEN)
        await store.fetch_all("SELECT 1")
        async with store.transaction() as tx:
            await tx._write("CREATE TEMP TRIGGER no_outbox BEFORE UPDATE ON outbox"
                            " BEGIN SELECT RAISE(ABORT, 'refused'); END")
            await tx.enqueue("telegram", "7", "{}", CAMPAIGN_OPEN)
        with pytest.raises(Exception, match="refused"):
            await store.mark_blocked("telegram", "7", CAMPAIGN_OPEN)
        # The person's row was not half-updated, and the next transaction starts normally.
        assert await store.fetch_all("SELECT blocked_at FROM people") == [(None,)]
        async with store.transaction() as tx:
            await tx.add_event("telegram", "7", "after", CAMPAIGN_OPEN)
        assert await store.fetch_all("SELECT kind FROM events") == [("after",)]
    finally:
        await store.close()
