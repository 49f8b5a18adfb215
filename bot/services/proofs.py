"""Proof files ("bukti pengisian"): fetched in the background, kept until the retention date.

A proof arrives as a channel file reference. It is downloaded (at most 10 MB) into
`<data dir>/proofs/` so staff on any channel can see it at redemption. When the download
fails, the channel's reference is kept and the error noted; the resident is not bothered.
After the campaign's final close plus `proof_retention_days`, files are deleted.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bot.files import private_folder
from bot.store import Store
from conversations.core.campaign import Campaign
from conversations.core.clock import Clock

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/webp": ".webp"}


class ProofFetcher:
    def __init__(
        self, store: Store, channels: Mapping[str, Any], data_dir: Path, campaign: Campaign,
        clock: Clock,
    ) -> None:
        self.store = store
        self.channels = channels
        self.folder = data_dir / "proofs"
        self.campaign = campaign
        self.clock = clock

    async def run(self, every: float = 2.0) -> None:
        while True:
            await self.fetch_pending()
            await self.delete_expired()
            await asyncio.sleep(every)

    async def fetch_pending(self) -> int:
        """Download proofs not yet stored; returns how many were handled."""
        async with self.store.transaction() as tx:
            pending = await tx.completions.proofs_to_fetch(20)
        for completion_id, channel_name, file_id, _kind in pending:
            channel = self.channels.get(channel_name)
            download = getattr(channel, "download", None)
            error, path = None, None
            if download is None:
                error = "channel cannot download files"
            else:
                try:
                    content, mime = await download(file_id, MAX_BYTES)
                    path = self._write(completion_id, content, mime)
                except Exception as exc:  # keep the reference; the resident is not bothered
                    error = f"{type(exc).__name__}: {exc}"[:200]
                    log.warning("proof of completion %s not downloaded: %s",
                                completion_id, type(exc).__name__)
            async with self.store.transaction() as tx:
                if path is not None:
                    await tx.completions.proof_stored(completion_id, str(path))
                else:
                    await tx.completions.proof_failed(completion_id, error or "unknown")
        return len(pending)

    def _write(self, completion_id: int, content: bytes, mime: str) -> Path:
        if len(content) > MAX_BYTES:
            raise ValueError("file too large")
        private_folder(self.folder)
        path = self.folder / f"{completion_id}{EXTENSIONS.get(mime, '.jpg')}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # (a file left by an older version keeps its mode otherwise)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        return path

    async def delete_expired(self) -> int:
        """After the retention date, delete every proof file and forget the references."""
        until = self.campaign.timeline.final.closes + timedelta(
            days=self.campaign.vouchers.proof_retention_days
        )
        if self.clock.now().date() <= until:
            return 0
        async with self.store.transaction() as tx:
            stored = await tx.completions.proofs_expired()
            for completion_id, path in stored:
                if path:  # once the references are forgotten for good
                    tx.after_commit(partial(Path(path).unlink, missing_ok=True))
                await tx.completions.proof_forget(completion_id)
        return len(stored)
