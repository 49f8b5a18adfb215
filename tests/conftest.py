"""Shared fixtures: a real SQLite file in a temporary folder, a fake clock, a chat harness.

The harness drives the real App (inbox -> engine -> outbox -> sender) and reads what a person
would see, so flow tests read like transcripts.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bot.app import App, build_app
from bot.channels.console import ConsoleChannel
from bot.settings import Settings
from conversations.core.clock import FakeClock
from conversations.core.models import Reply

WIB = ZoneInfo("Asia/Jakarta")
CAMPAIGN_OPEN = datetime(2020, 3, 2, 10, 0, tzinfo=WIB)

class RunningClock(FakeClock):
    """A fake clock that starts when the campaign is open and then runs with real time, since
    the sender's waits (a 429's retry_after) are real seconds."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        began = time.monotonic()
        self._source = lambda: self._now + timedelta(seconds=time.monotonic() - began)


class RecordingConsole(ConsoleChannel):
    """The console channel, recording replies per person instead of printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: dict[str, list[Reply]] = defaultdict(list)

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.sent[chat_id].append(reply)


class Chat:
    """One person talking to the bot through the real inbox, engine, outbox and sender."""

    def __init__(
        self, app: App, channel: RecordingConsole, user: str = "1", room: str | None = None
    ) -> None:
        self.app = app
        self.channel = channel
        self.user = user
        self.room = room  # a group chat id: this person talks there instead of privately
        self._counter = 0
        self.last: list[Reply] = []

    async def _deliver(self, **fields: str) -> list[Reply]:
        self._counter += 1
        update_id = f"{self.room or ''}:{self.user}-{self._counter}"
        where = self.room or self.user
        before = len(self.channel.sent[where])
        room = {"chat": self.room} if self.room else {}
        payload = json.dumps({"user": self.user, "update_id": update_id, **room, **fields})
        await self.app.processor.receive("console", update_id, payload)
        await self.app.step()
        self.last = self.channel.sent[where][before:]
        return self.last

    async def send(self, text: str) -> list[Reply]:
        return await self._deliver(text=text)

    def choice_data(self, label: str, replies: list[Reply] | None = None) -> str:
        """Callback data of the button whose label contains `label` in the last screen."""
        for reply in reversed(replies or self.last):
            for choice in reply.choices:
                if label.casefold() in choice.label.casefold():
                    return choice.id
        shown = [c.label for r in (replies or self.last) for c in r.choices]
        raise AssertionError(f"no button {label!r}; shown: {shown}")

    async def press(self, label: str) -> list[Reply]:
        return await self._deliver(choice=self.choice_data(label))

    async def press_data(self, data: str) -> list[Reply]:
        return await self._deliver(choice=data)

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last)

    @property
    def labels(self) -> list[str]:
        return [c.label for r in self.last for c in r.choices]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CAMPAIGN_OPEN)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_ADMINS="console:900",
        TUTOR_SENSUS_STAFF="console:800",
        _env_file=None,
    )


@pytest.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    application = await build_app(settings, clock=clock)
    yield application
    await application.close()


@pytest.fixture
def console(app: App) -> RecordingConsole:
    channel = RecordingConsole()
    app.add_channel(channel)
    return channel


@pytest.fixture
def chat(app: App, console: RecordingConsole) -> Chat:
    return Chat(app, console)
