"""Chat in the terminal: the embedded default (no token, a SQLite file in the data folder).

Choices appear as numbered options; the person types the number or the words. Reads a script
from a pipe too (`printf '/start\\n1\\n' | tutor-sensus chat`) and exits at the end of input.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from conversations.core.models import Incoming, Media, Reply

SEPARATOR = "─" * 40


class ConsoleChannel:
    name = "console"

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    def parse(self, payload: dict[str, Any]) -> Incoming | None:
        room = payload.get("chat")  # a shared chat (the staff room in tests and demos)
        return Incoming(
            channel="console",
            user=str(payload["user"]),
            update_id=str(payload["update_id"]),
            chat_type="group" if room else "private",
            chat_id=str(room) if room else None,
            text=payload.get("text"),
            choice=payload.get("choice"),  # replayed button presses (tests, scripts)
            media=_media(payload.get("media")),
            reply_to_text=payload.get("reply_to"),  # the bot message replied to (staff room)
        )

    async def send(self, chat_id: str, reply: Reply) -> None:
        lines = [reply.text]
        if reply.image is not None:
            lines.append(f"[gambar, {len(reply.image)} byte]")
        if reply.document is not None:
            lines.append(f"[dokumen: {reply.document.file_name}]")
        for number, choice in enumerate(reply.choices, start=1):
            lines.append(f"  {number}. {choice.label}")
        self.out.write("\n".join(lines) + f"\n{SEPARATOR}\n")
        self.out.flush()


    async def download(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """In the console a "file id" is a local path (scripts and tests send files so)."""
        path = Path(file_id)
        if path.stat().st_size > max_bytes:
            raise ValueError("file too large")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path.read_bytes(), mime


def payload_for(user: str, text: str) -> tuple[str, str]:
    update_id = f"{time.time_ns()}"
    return update_id, json.dumps({"user": user, "update_id": update_id, "text": text})


async def read_lines(stream: TextIO) -> Any:
    """Yield lines from stdin without blocking the event loop; stops at end of input."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stream.readline)
        if not line:
            return
        yield line.rstrip("\r\n")


def _media(value: Any) -> Media | None:
    """Scripts and tests send media as a kind ("sticker") or as fields (a proof file)."""
    if not value:
        return None
    if isinstance(value, dict):
        return Media.model_validate(value)
    return Media(kind=value)
