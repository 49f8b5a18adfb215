"""What a channel adapter is: it turns its updates into `Incoming` and sends `Reply` models.

Send errors are mapped to the few outcomes the sender needs to decide what to do next.
"""

from __future__ import annotations

from typing import Any, Protocol

from conversations.core.models import Incoming, Reply


class SendError(Exception):
    """Base of the outcomes of a failed send."""


class RetryLater(SendError):
    """The platform asks us to slow down (Telegram 429): wait `seconds`, not a failure.

    `per_chat`: only this chat must wait (WhatsApp's pair rate limit, 131056), not the whole
    channel. A sender that does not look at it pauses the channel: slower, never wrong.
    """

    def __init__(
        self, seconds: float, message: str = "rate limited", *, per_chat: bool = False
    ) -> None:
        super().__init__(message)
        self.seconds = seconds
        self.per_chat = per_chat


class TokenRejected(RetryLater):
    """The platform refuses the bot's token (revoked, expired): nothing can go out until an
    operator sets a new one. The message names the setting, never the token. A sender that
    does not know it waits like for RetryLater; ours also stops the bot (bot/runner.py),
    as a rejected token does at start."""

    def __init__(self, message: str, seconds: float = 300.0) -> None:
        super().__init__(seconds, message)


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

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Send one reply; raise a `SendError` subclass when it does not go out. May return
        the platform's id of the (last) message sent, for channels that can edit (`Edits`)."""
        ...


class Edits(Protocol):
    """A channel that can change a message it sent (Telegram): a broadcast's progress
    message is edited in place. Channels without it get new messages instead."""

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Replace the text and buttons of message `message_id`; `Permanent` when it is gone."""
        ...


class Downloads(Protocol):
    """A channel that can fetch a file a person sent (the proof of filling in)."""

    async def download(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """The file's bytes and MIME type; raise `SendError` subclasses or ValueError
        (too large) when it cannot be fetched."""
        ...


class Rejected(Exception):
    """An update that cannot be read or stored as it is (malformed, of the wrong shape). The
    message is the reason, and holds no personal data: it is logged and recorded."""
