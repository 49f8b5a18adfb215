"""Export files written as the rows arrive (issue 14): constant memory at any size.

XLSX in openpyxl's write-only mode (each sheet streamed to disk as rows are appended, one
batch of rows in memory at a time), CSV row by row. The look of `bot/renderers/xlsx.py`'s
workbooks stays: a bold frozen header row, filters, dates as dates, text that looks like a
formula kept as text; the column widths fit the header and the first batch (a streamed
sheet's widths must be set before its first row).

A file over `limit` bytes (the admin's platform's upload limit: Telegram bots 50 MB,
WhatsApp documents 100 MB) is split into parts by rows, each a complete file with its
headers, so each can be sent and opened alone. CSV parts are cut while writing; an XLSX
workbook's size is known only once it is written, so a workbook over the limit is written
again as parts, each with every sheet's share of the rows (the snapshot reads the same rows
again). Files are 0600 in a 0700 folder: they hold phone numbers, names and NIPs.

Each batch is written in a worker thread, so the event loop keeps answering residents.
"""

from __future__ import annotations

import asyncio
import csv
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook as Book
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.files import FILE_MODE
from conversations.core.models import ExportFile
from conversations.reporting import cells as table_cells
from conversations.reporting.exports import Table

MIN_WIDTH, MAX_WIDTH = 6, 50
SPLIT_MARGIN = 0.9  # parts aim at 90% of the limit (rows differ in size)
BOM = "\ufeff".encode()  # utf-8-sig: Excel reads the "•" of the KK masks then


def _private_file(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # whatever the umask, and a file that existed before
    return os.fdopen(fd, "wb")


def _part_name(file_name: str, part: int, parts: int) -> str:
    stem, dot, ext = file_name.rpartition(".")
    return f"{stem}-{part}of{parts}{dot}{ext}"


# --- XLSX -------------------------------------------------------------------------------------
class _Sheet:
    """One streamed sheet: header and widths on the first batch, rows appended."""

    def __init__(self, book: Book, table: Table) -> None:
        self.sheet = book.create_sheet(table.title)
        self.headers = table_cells.sheet_headers(table.columns)
        self.formats = table_cells.sheet_formats(table.columns)
        self.rows = 0
        self.started = False

    def start(self, first: list[list[Any]]) -> None:
        widths = [len(h) for h in self.headers]
        for row in first:
            for col, value in enumerate(row):
                widths[col] = max(widths[col], len(str(value)))
        for col, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(col)].width = max(
                MIN_WIDTH, min(MAX_WIDTH, width + 2))
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for title in self.headers:
            cell = WriteOnlyCell(self.sheet, value=title)
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)
        self.started = True

    def append(self, rows: list[list[Any]]) -> None:
        if not self.started:
            self.start(rows)
        for row in rows:
            self.sheet.append([self._cell(col, value) for col, value in enumerate(row)])
        self.rows += len(rows)

    def _cell(self, col: int, value: Any) -> Any:
        if value == "" or value is None:
            return None
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith("="):  # typed by a resident: stays text, never a formula
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.data_type = "s"
                return cell
            return value
        if col in self.formats:  # numbers, dates
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = self.formats[col]
            return cell
        return value

    def finish(self) -> None:
        if not self.started:
            self.start([])
        if self.rows:
            self.sheet.auto_filter.ref = (
                f"A1:{get_column_letter(len(self.headers))}{self.rows + 1}")


async def _xlsx(tables: Sequence[Table], path: Path,
                shares: dict[str, tuple[int, int | None]] | None = None) -> dict[str, int]:
    """One workbook; `shares`: per table the rows [start, end) to take (a part)."""
    book = Book(write_only=True)
    book.properties.creator = "Tutor Sensus"
    counts: dict[str, int] = {}
    for table in tables:
        sheet = _Sheet(book, table)
        start, end = shares[table.name] if shares else (0, None)
        seen = 0
        # (a part reads the whole table and keeps its share: no early exit, so every
        # batch reader runs to its end and closes its cursor)
        async for rows in table.batches():
            first, seen = seen, seen + len(rows)
            low = max(0, start - first)
            high = len(rows) if end is None else min(len(rows), end - first)
            if low < high:
                cells = table_cells.sheet_cells(table.columns, rows[low:high])
                await asyncio.to_thread(sheet.append, cells)
        sheet.finish()
        counts[table.name] = sheet.rows
    if not tables:
        book.create_sheet("Kosong")

    def save() -> None:
        with _private_file(path) as out:
            book.save(out)

    await asyncio.to_thread(save)
    return counts


async def write_xlsx(tables: Sequence[Table], folder: Path, file_name: str,
                     limit: int | None = None) -> list[ExportFile]:
    """One workbook (a sheet per table) in `folder` (which exists); parts when it is over
    `limit` bytes."""
    path = folder / file_name
    counts = await _xlsx(tables, path, None)
    size = path.stat().st_size
    if limit is None or size <= limit:
        return [ExportFile(path=str(path), file_name=file_name, rows=counts)]
    parts = max(2, math.ceil(size / (limit * SPLIT_MARGIN)))
    while True:
        files = []
        for index in range(parts):
            shares: dict[str, tuple[int, int | None]] = {
                name: (n * index // parts, n * (index + 1) // parts)
                for name, n in counts.items()}
            name = _part_name(file_name, index + 1, parts)
            part_counts = await _xlsx(tables, folder / name, shares)
            files.append(ExportFile(path=str(folder / name), file_name=name, rows=part_counts,
                                    part=index + 1, parts=parts))
        if all(Path(f.path).stat().st_size <= limit for f in files) or parts >= sum(
                counts.values()):
            break
        for f in files:
            Path(f.path).unlink(missing_ok=True)
        parts *= 2
    path.unlink(missing_ok=True)
    return files


# --- CSV --------------------------------------------------------------------------------------
class _CsvParts:
    """CSV rows into `folder/file_name`, a new part (with its header) before a row that
    would take the file over `limit` bytes."""

    def __init__(self, table: Table, folder: Path, file_name: str, limit: int | None) -> None:
        self.folder, self.file_name, self.limit = folder, file_name, limit
        self.header = self._line(list(table.columns))
        self.paths: list[Path] = []
        self.rows: list[int] = []
        self.out: BinaryIO | None = None
        self.size = 0

    @staticmethod
    def _line(cells: list[Any]) -> bytes:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(cells)
        return text.getvalue().encode()

    def _open(self) -> None:
        if self.out is not None:
            self.out.close()
        path = self.folder / f".{self.file_name}.{len(self.paths) + 1}"
        self.out = _private_file(path)
        self.paths.append(path)
        self.rows.append(0)
        self.out.write(BOM + self.header)
        self.size = len(BOM) + len(self.header)

    def write(self, rows: list[list[Any]]) -> None:
        for cells in rows:
            line = self._line(cells)
            if self.out is None or (self.limit is not None and self.rows[-1]
                                    and self.size + len(line) > self.limit):
                self._open()
            assert self.out is not None
            self.out.write(line)
            self.size += len(line)
            self.rows[-1] += 1

    def close(self, name: str) -> list[ExportFile]:
        if self.out is None:
            self._open()  # a table without rows: its header only
        assert self.out is not None
        self.out.close()
        parts = len(self.paths)
        files = []
        for index, (path, rows) in enumerate(zip(self.paths, self.rows, strict=True)):
            final = self.file_name if parts == 1 else _part_name(self.file_name, index + 1,
                                                                 parts)
            path.rename(self.folder / final)
            files.append(ExportFile(path=str(self.folder / final), file_name=final,
                                    rows={name: rows}, part=index + 1, parts=parts))
        return files


async def write_csv(table: Table, folder: Path, file_name: str,
                    limit: int | None = None) -> list[ExportFile]:
    """One table as CSV in `folder` (parts when over `limit` bytes)."""
    writer = _CsvParts(table, folder, file_name, limit)
    async for rows in table.batches():
        await asyncio.to_thread(writer.write, table_cells.csv_cells(table.columns, rows))
    return await asyncio.to_thread(writer.close, table.name)


async def write(tables: Sequence[Table], fmt: str, folder: Path, file_name: str,
                limit: int | None = None) -> list[ExportFile]:
    """XLSX: one workbook of `tables`; CSV: the one table of `tables`."""
    if fmt == "csv":
        if len(tables) != 1:
            raise ValueError("one CSV file holds one table")
        return await write_csv(tables[0], folder, file_name, limit)
    return await write_xlsx(tables, folder, file_name, limit)
