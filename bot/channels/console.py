"""Chat in the terminal: the embedded default (no token, a SQLite file in the data folder).

Choices appear as numbered options; the person types the number or the words. Reads a script
from a pipe too (`printf '/start\\n1\\n' | tutor-sensus chat`) and exits at the end of input.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any, TextIO

from conversations.models import Incoming, Media, Reply

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
            media=Media(kind=payload["media"]) if payload.get("media") else None,
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
