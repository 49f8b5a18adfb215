"""XLSX workbooks (openpyxl) from the conversations' `Workbook` requests (one sheet per table).

A bold frozen header row, filters and column widths that fit. Text cells are always text: a
desa or a name typed as "=..." is never a formula; characters XLSX cannot hold are dropped.
"""

from __future__ import annotations

import io

from openpyxl import Workbook as Book
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from conversations.core.models import Workbook

MIN_WIDTH, MAX_WIDTH = 6, 50


def workbook_xlsx(request: Workbook) -> bytes:
    book = Book()
    book.remove(book.active)
    book.properties.creator = "Tutor Sensus"
    bold = Font(bold=True)
    for item in request.sheets:
        sheet = book.create_sheet(item.title)
        widths = []
        for col, header in enumerate(item.headers, start=1):
            sheet.cell(row=1, column=col, value=header).font = bold
            widths.append(len(header))
        for r, row in enumerate(item.rows, start=2):
            for col, value in enumerate(row, start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=r, column=col, value=value if value != "" else None)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=..." typed by a resident stays text
                if col - 1 in item.number_formats and not isinstance(value, str):
                    cell.number_format = item.number_formats[col - 1]  # numbers, dates
                widths[col - 1] = max(widths[col - 1], len(str(value)))
        for col, width in enumerate(widths, start=1):
            letter = get_column_letter(col)
            sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
        if item.rows:
            sheet.auto_filter.ref = sheet.dimensions
    if not book.worksheets:
        book.create_sheet("Kosong")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
