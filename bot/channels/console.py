"""Chat in the terminal: the embedded default (no token, a SQLite file in the data folder).

Choices appear as numbered options; the person types the number or the words. Reads a script
from a pipe too (`printf '/start\\n1\\n' | tutor-sensus chat`) and exits at the end of input.

The terminal is one person's phone (`chat --user ID`): only what is addressed to that person
is printed. A message for someone else (a broadcast's copies, a staff answer, the staff
chat's notice) goes to that person's console inbox (`<data>/console-inbox/<id>.jsonl`) and is
shown, oldest first, when they next chat. Images and documents are saved under
`<data>/console-files/<id>/` and their path printed. Folders 0700, files 0600: they hold what
people were sent, so both are in the privacy registry (bot/store/personal_data.py's
PERSONAL_FILES) and `/hapus_data` deletes them.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from conversations.core.models import Incoming, Media, Reply

SEPARATOR = "─" * 40


class ConsoleChannel:
    name = "console"

    def __init__(
        self, out: TextIO | None = None, *, user: str | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.out = out or sys.stdout
        # The person at the keyboard; None: print everything (scripts that drive several
        # people through one terminal, and tests).
        self.user = user
        self.data_dir = data_dir

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
            sender_name=payload.get("name"),  # `chat --name`: as a platform shows a name
        )

    async def send(self, chat_id: str, reply: Reply) -> None:
        files = self._save_files(chat_id, reply)
        if self.user is not None and chat_id != self.user:
            self._to_inbox(chat_id, reply, files)
            return
        lines = [reply.text, *(f"[{label}: {path}]" for label, path in files)]
        for number, choice in enumerate(reply.choices, start=1):
            lines.append(f"  {choice.number or number}. {choice.label}")  # fixed on pages
        self.out.write("\n".join(lines) + f"\n{SEPARATOR}\n")
        self.out.flush()

    # --- files and the inbox ------------------------------------------------------------------
    def _folder(self, *parts: str) -> Path:
        assert self.data_dir is not None
        folder = self.data_dir.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for parent in [folder, *folder.parents]:  # mkdir's mode is masked by the umask
            if parent == self.data_dir:
                break
            parent.chmod(0o700)
        return folder

    def _save_files(self, chat_id: str, reply: Reply) -> list[tuple[str, str]]:
        """An image or document as a file (mode 0600): (what it is, its path)."""
        found: list[tuple[str, str, bytes]] = []
        if reply.image is not None:
            found.append(("gambar", "gambar.png", reply.image))
        if reply.document is not None:
            found.append(("dokumen", reply.document.file_name, reply.document.content))
        if not found:
            return []
        if self.data_dir is None:  # nowhere to keep them: say what came, as before
            return [(label, f"{name}, {len(content)} byte") for label, name, content in found]
        folder = self._folder("console-files", file_name(chat_id))
        saved = []
        for label, name, content in found:
            stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
            path = folder / f"{stamp}-{file_name(name)}"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            saved.append((label, str(path)))
        return saved

    def _inbox(self, chat_id: str) -> Path:
        return self._folder("console-inbox") / f"{file_name(chat_id)}.jsonl"

    def _to_inbox(self, chat_id: str, reply: Reply, files: list[tuple[str, str]]) -> None:
        if self.data_dir is None:
            return
        entry = {"text": reply.text, "files": files, "choices": [c.label for c in reply.choices]}
        fd = os.open(self._inbox(chat_id), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def show_inbox(self, header: Callable[[int], str] = lambda n: f"📥 {n}") -> int:
        """Print what arrived for the person at the keyboard while they were away, then empty
        the inbox. Old buttons are listed without numbers: numbers answer the current screen."""
        if self.user is None or self.data_dir is None:
            return 0
        inbox = self._inbox(self.user)
        if not inbox.is_file():
            return 0
        entries = [json.loads(line) for line in inbox.read_text(encoding="utf-8").splitlines()
                   if line.strip()]
        inbox.unlink()
        if entries:
            self.out.write(f"{header(len(entries))}\n{SEPARATOR}\n")
        for entry in entries:
            lines = [entry["text"], *(f"[{label}: {path}]" for label, path in entry["files"])]
            lines += [f"  [{label}]" for label in entry["choices"]]
            self.out.write("\n".join(lines) + f"\n{SEPARATOR}\n")
        self.out.flush()
        return len(entries)


    async def download(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """In the console a "file id" is a local path (scripts and tests send files so)."""
        path = Path(file_id)
        if path.stat().st_size > max_bytes:
            raise ValueError("file too large")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path.read_bytes(), mime


def payload_for(user: str, text: str, name: str | None = None) -> tuple[str, str]:
    update_id = f"{time.time_ns()}"
    payload = {"user": user, "update_id": update_id, "text": text}
    if name:
        payload["name"] = name
    return update_id, json.dumps(payload)


async def read_lines(stream: TextIO) -> Any:
    """Yield lines from stdin without blocking the event loop; stops at end of input."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stream.readline)
        if not line:
            return
        yield line.rstrip("\r\n")


def file_name(name: str) -> str:
    """A user id or file name as a file name of its own (no folders, no dots first)."""
    return re.sub(r"[^\w.\-]", "_", name).lstrip(".") or "_"


def _media(value: Any) -> Media | None:
    """Scripts and tests send media as a kind ("sticker") or as fields (a proof file)."""
    if not value:
        return None
    if isinstance(value, dict):
        return Media.model_validate(value)
    return Media(kind=value)
