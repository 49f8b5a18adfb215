"""Renderers: the images and files of replies, from the conversations' render requests.

Flows describe a chart, a workbook, a QR code, a poster or a stored proof file
(conversations/core/models.py); `fulfil` renders them off the event loop before the replies
are queued, so conversations/ imports no matplotlib, openpyxl, Pillow or segno and reads no
file. The heavy libraries are imported on first use only.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from conversations.core.models import (
    Poster,
    ProgressChart,
    QrCode,
    Render,
    Reply,
    StoredFile,
    Workbook,
)

log = logging.getLogger(__name__)


def render(request: Render) -> bytes | None:
    """The bytes of one request; None for a stored file that is gone."""
    if isinstance(request, QrCode):
        from bot.renderers.qr import qr_png

        return qr_png(request.data)
    if isinstance(request, Poster):
        from bot.renderers.poster import poster_png

        return poster_png(request.link, request.call_to_action, request.name_line,
                          request.footer)
    if isinstance(request, ProgressChart):
        from bot.renderers.charts import progress_chart

        return progress_chart(**request.model_dump(exclude={"kind"}))
    if isinstance(request, Workbook):
        from bot.renderers.xlsx import workbook_xlsx

        return workbook_xlsx(request)
    if isinstance(request, StoredFile):
        try:
            return Path(request.path).read_bytes()
        except FileNotFoundError:
            log.warning("a stored file is gone (deleted after its retention date?)")
            return None
    raise TypeError(f"nothing renders {type(request).__name__}")


def _fulfil(replies: list[Reply]) -> list[Reply]:
    done: dict[str, bytes | None] = {}  # the same poster as a photo and as a document

    def bytes_of(request: Render) -> bytes | None:
        key = request.model_dump_json()
        if key not in done:
            done[key] = render(request)
        return done[key]

    out = []
    for reply in replies:
        update: dict[str, object] = {}
        if reply.image_render is not None:
            update.update(image=bytes_of(reply.image_render), image_render=None)
        document = reply.document
        if document is not None and document.render is not None:
            content = bytes_of(document.render)
            update["document"] = (None if content is None
                                  else document.model_copy(update={"content": content,
                                                                   "render": None}))
        out.append(reply.model_copy(update=update) if update else reply)
    return out


async def fulfil(replies: list[Reply]) -> list[Reply]:
    """The replies with their images and documents rendered (in a worker thread)."""
    if not any(r.image_render is not None or (r.document and r.document.render)
               for r in replies):
        return replies
    return await asyncio.to_thread(_fulfil, replies)
