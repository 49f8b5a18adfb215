"""What a channel adapter is: it turns its updates into `Incoming` and sends `Reply` models.

Send errors are mapped to the few outcomes the sender needs to decide what to do next.
"""

from __future__ import annotations

from typing import Any, Protocol

from conversations.models import Incoming, Reply


class SendError(Exception):
    """Base of the outcomes of a failed send."""


class RetryLater(SendError):
    """The platform asks us to slow down (Telegram 429): wait `seconds`, not a failure."""

    def __init__(self, seconds: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.seconds = seconds


class Blocked(SendError):
    """The person blocked the bot (Telegram 403): mark them, never retry."""


class Transient(SendError):
    """A network error or timeout: retry a bounded number of times with back-off."""


class Permanent(SendError):
    """The platform refused this message (bad request): do not retry it."""


class Channel(Protocol):
    name: str

    def parse(self, payload: dict[str, Any]) -> Incoming | None:
        """The update as an `Incoming`, or None for update kinds the bot does not handle."""
        ...

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send one reply; raise a `SendError` subclass when it does not go out."""
        ...
