"""CSV and XLSX exports of any list: one Sheet, two writers, one response.

What goes into a sheet is decided by its caller and never includes personal data (see
docs/supervision.md). Cells that a spreadsheet would run as a formula (=, +, -, @ …) are written
as text: CSV prefixes them with an apostrophe, XLSX stores them as strings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import Response, current_app
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from caseflow.errors import NotFound, ValidationFailed
from caseflow.i18n import to_local

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
DEFAULT_MAX_ROWS = 50_000


@dataclass
class Sheet:
    """A table to export: a title, the column headers and the rows (plain values)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def max_rows() -> int:
    """Return the largest export allowed (EXPORT_MAX_ROWS, 50 000 by default)."""
    return int(current_app.config.get("EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def check_size(count: int) -> None:
    """Refuse an export larger than the limit: the user narrows the filters instead."""
    if count > max_rows():
        raise ValidationFailed(_("Danh sách có %(n)s dòng, vượt quá giới hạn xuất %(m)s dòng; "
                                 "vui lòng thu hẹp bộ lọc.", n=count, m=max_rows()))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(sheet: Sheet) -> bytes:
    """Write the sheet as UTF-8 CSV with a BOM (so that Excel reads the diacritics)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe(str(h)) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([_safe(_text(v)) if not isinstance(v, int | float) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(ws, value: Any, **style) -> WriteOnlyCell:
    if not isinstance(value, int | float | date):
        value = _text(value)
    cell = WriteOnlyCell(ws, value=value)
    if cell.data_type == "f":  # text that looks like a formula stays text
        cell.data_type = "s"
    if isinstance(value, datetime):
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_bytes(sheet: Sheet) -> bytes:
    """Write the sheet as an XLSX workbook (openpyxl, write-only mode)."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=sheet.title[:31] or "Sheet1")
    ws.append([_cell(ws, str(h), font=Font(bold=True)) for h in sheet.headers])
    for row in sheet.rows:
        ws.append([_cell(ws, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_format(fmt: str) -> None:
    """Refuse a format other than csv and xlsx (404, as for an unknown URL)."""
    if fmt not in FORMATS:
        raise NotFound()


def send(sheet: Sheet, fmt: str, basename: str) -> Response:
    """Return the sheet as a download in the format asked for."""
    content = csv_bytes(sheet) if fmt == "csv" else xlsx_bytes(sheet)
    return Response(content, mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{basename}.{fmt}"',
        "Cache-Control": "private, no-store"})


def local_naive(value: datetime | None) -> datetime | None:
    """Return a UTC time as Vietnam wall-clock time without a zone (spreadsheets have none)."""
    return to_local(value).replace(tzinfo=None) if value else None
