"""Stream the first sheet of an XLSX upload row by row, within fixed bounds of memory.

openpyxl's reader trusts the sheet's `<dimension>`: its read-only mode pads every row to the
claimed width and height, so a 1.5 KB file claiming A1:XFD1048576 asked for gigabytes, and
it pre-scans the sheet for that claim keeping one element per row. Here openpyxl reads only
the small parts (content types, workbook, styles for dates) and converts single cells; the
sheet and the shared strings are parsed incrementally by defusedxml (no DTDs, no entities),
each processed element is dropped at once, only the first MAX_COLUMNS columns are kept, and
reading stops at the caller's bound on rows. The ZIP's declared sizes bound what is unpacked.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from defusedxml.ElementTree import iterparse
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

#: Columns read from each row; the template has 26, further columns are ignored.
MAX_COLUMNS = 64
#: Unpacked size of the sheet or the shared strings (a full 5 000-row import is ~5 MB).
MAX_PART_BYTES = 32 * 1024 * 1024
#: Unpacked size of every other part (styles, workbook, relations) — parsed whole by openpyxl.
MAX_SMALL_PART_BYTES = 2 * 1024 * 1024
#: Cells read in all (130 000 in a full import of the template's 26 columns).
MAX_CELLS = 500_000
#: XML elements parsed in one part (a cell with inline text is three), bounding the CPU time.
MAX_ELEMENTS = 1_000_000
STREAMED_PARTS = ("xl/worksheets/", "xl/sharedstrings.xml")
SI_TAG, R_TAG, T_TAG = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "r", "t"))


class Unreadable(Exception):
    """The file is not a workbook this reader accepts."""


class TooManyRows(Exception):
    """The sheet goes on past the caller's row bound."""


class TooManyCells(Exception):
    """The sheet has more than MAX_CELLS cells."""


def check_sizes(data: bytes) -> None:
    """Refuse an archive whose parts would unpack past the bounds (a ZIP bomb)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable from exc
    for info in infos:  # zipfile stops each part at its declared size, so these bind
        streamed = info.filename.lower().startswith(STREAMED_PARTS)
        if info.file_size > (MAX_PART_BYTES if streamed else MAX_SMALL_PART_BYTES):
            raise Unreadable(info.filename)


def rows(data: bytes, *, max_lines: int) -> Iterator[list[Any]]:
    """Yield the first sheet's rows as lists of cell values, at most max_lines rows."""
    check_sizes(data)
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    path = _first_sheet(reader)
    book = reader.wb
    parser = WorkSheetParser(None, _shared_strings(reader), data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats,
                             timedelta_formats=book._timedelta_formats)
    try:
        with reader.archive.open(path) as source:
            yield from _sheet_rows(source, parser, max_lines=max_lines)
    finally:
        reader.archive.close()


def _first_sheet(reader: ExcelReader) -> str:
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return rel.target
    raise Unreadable("no worksheet")


def _shared_strings(reader: ExcelReader) -> list[str]:
    """Read the shared strings table, one `<si>` at a time."""
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    with reader.archive.open(part.PartName[1:]) as source:
        return [_text(element) for event, element in _walk(source, keep=SI_TAG)
                if event == "end" and element.tag == SI_TAG]


def _text(si: Any) -> str:
    """Join an item's text and its runs' text, leaving out phonetic guides (as Excel shows)."""
    parts = [child.text or "" for child in si if child.tag == T_TAG]
    parts += [t.text or "" for run in si if run.tag == R_TAG for t in run if t.tag == T_TAG]
    return "".join(parts).replace("x005F_", "")  # as openpyxl does


def _walk(source: IO[bytes], *, keep: str) -> Iterator[tuple[str, Any]]:
    """Yield parse events; then drop each finished element unless a `keep` element holds it."""
    stack: list[Any] = []
    inside = 0  # open `keep` elements: their children are read when the element ends
    for count, (event, element) in enumerate(iterparse(source, events=("start", "end"))):
        if event == "start":
            if count > 2 * MAX_ELEMENTS:
                raise Unreadable("too many elements")
            stack.append(element)
            inside += element.tag == keep
            yield event, element
            continue
        stack.pop()
        yield event, element
        inside -= element.tag == keep
        if stack and not inside:
            stack[-1].remove(element)  # processed ones go first, so it is found at once


def _sheet_rows(source: IO[bytes], parser: WorkSheetParser, *,
                max_lines: int) -> Iterator[list[Any]]:
    """Yield the rows present in the sheet, in order; row numbers are claims and not used."""
    count, cells, values = 0, 0, []
    for event, element in _walk(source, keep=CELL_TAG):
        if event == "start" and element.tag == ROW_TAG:
            count += 1
            if count > max_lines:
                raise TooManyRows
            parser.row_counter, parser.col_counter = count, 0
        elif event == "end" and element.tag == CELL_TAG:
            cells += 1
            if cells > MAX_CELLS:
                raise TooManyCells
            _put(values, parser.parse_cell(element))
        elif event == "end" and element.tag == ROW_TAG:
            yield values
            values = []


def _put(values: list[Any], cell: dict[str, Any]) -> None:
    """Place a cell's value in its column; columns past MAX_COLUMNS are not kept."""
    column = cell["column"]
    if column <= MAX_COLUMNS and cell["value"] is not None:
        values.extend([None] * (column - len(values)))
        values[column - 1] = cell["value"]
