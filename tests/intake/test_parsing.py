"""Reading an uploaded table: hostile XLSX and CSV files stay within bounds of memory and rows."""

from __future__ import annotations

import io
import resource
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from caseflow.intake import parsing, xlsx

SHEET = "xl/worksheets/sheet1.xml"
STRINGS, TYPES = "xl/sharedStrings.xml", "[Content_Types].xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, *, dimension: str = "A1:B2", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')


def crafted_xlsx(sheet: str, *, shared_strings: bytes | None = None) -> bytes:
    """An openpyxl workbook whose first sheet's XML is ours, with our shared strings if given."""
    book = Workbook()
    base = io.BytesIO()
    book.save(base)
    parts = {SHEET: sheet.encode()}
    if shared_strings is not None:
        parts[STRINGS] = shared_strings
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = parts.pop(info.filename, source.read(info))
            if info.filename == TYPES and shared_strings is not None:
                data = data.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
            zf.writestr(info.filename, data)
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def sst(*texts: str) -> bytes:
    """A shared strings part; a text starting with "<" is an item's XML as is."""
    items = "".join(text if text.startswith("<") else f"<si><t>{text}</t></si>" for text in texts)
    return f'<sst xmlns="{MAIN}" count="{len(texts)}">{items}</sst>'.encode()


def header_and(*rows: str) -> str:
    """A header row naming the tracking number column, then the given rows."""
    return f'<row r="1">{inline("A1", "tracking_number")}</row>' + "".join(rows)


def data_row(number: int, tracking: str = "EB123456789VN") -> str:
    return f'<row r="{number}">{inline(f"A{number}", tracking)}</row>'


@contextmanager
def address_space_cap(extra_bytes: int) -> Iterator[None]:
    """Let this process map at most extra_bytes more, so a regression fails fast, not the box."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + extra_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def peak_bytes_reading(data: bytes, *, max_rows: int = 5000) -> tuple[list, int]:
    tracemalloc.start()
    try:
        rows = parsing.read_table("x.xlsx", data, max_rows=max_rows)
        return rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_sheet_claiming_every_cell_of_excel_is_read_in_a_few_megabytes(app):
    rows = header_and(data_row(2, "EB1VN"), data_row(1_048_576, "EB2VN"))
    probe = crafted_xlsx(sheet_xml(rows, dimension="A1:XFD1048576"))
    assert len(probe) < 6_000
    with address_space_cap(512 * 1024 * 1024):  # openpyxl's padding asked for > 100 GB
        rows, peak = peak_bytes_reading(probe)
    assert [row["tracking_number"] for row in rows] == ["EB1VN", "EB2VN"]
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_cells_far_to_the_right_are_not_kept(app):
    wide = "".join(inline(f"{col}2", "rác") for col in ("XFD", "AAA", "ZZ"))
    probe = crafted_xlsx(sheet_xml(header_and(f'<row r="2">{inline("A2", "EB1VN")}{wide}</row>')))
    assert list(xlsx.rows(probe, max_lines=10)) == [["tracking_number"], ["EB1VN"]]


def test_reading_stops_at_the_row_cap_before_the_rest_of_the_file(app):
    broken = '<row r="9"><c r="A9" t="s"><v>999999</v></c></row>'  # no such shared string
    rows = [data_row(n, f"EB{n:09d}VN") for n in range(2, 6)]
    probe = crafted_xlsx(sheet_xml(header_and(*rows, broken)), shared_strings=sst("a"))
    with pytest.raises(parsing.FileRefused, match="tối đa 3 dòng"):
        parsing.read_table("x.xlsx", probe, max_rows=3)


def test_a_sheet_of_endless_blank_rows_is_refused(app):
    blanks = "".join(f'<row r="{n}"/>' for n in range(2, 200))
    probe = crafted_xlsx(sheet_xml(header_and(blanks, data_row(500))))
    with pytest.raises(parsing.FileRefused, match="quá nhiều dòng"):
        parsing.read_table("x.xlsx", probe, max_rows=5)


def test_a_csv_of_endless_blank_lines_is_refused(app):
    with pytest.raises(parsing.FileRefused, match="quá nhiều dòng"):
        parsing.read_table("x.csv", b"tracking_number\n" + b"\n" * 500, max_rows=5)


def test_row_numbers_the_file_claims_do_not_create_rows(app):
    probe = crafted_xlsx(sheet_xml(header_and(data_row(1_048_576))))
    assert [r["tracking_number"] for r in parsing.read_table("x.xlsx", probe, max_rows=5)] == [
        "EB123456789VN"]


def test_a_part_that_would_unpack_past_the_bound_is_refused(app):
    bomb = b"<sst>" + b" " * (xlsx.MAX_PART_BYTES + 1) + b"</sst>"
    probe = crafted_xlsx(sheet_xml(header_and(data_row(2))), shared_strings=bomb)
    assert len(probe) < 100_000
    with pytest.raises(parsing.FileRefused, match="Excel"):
        parsing.read_table("x.xlsx", probe, max_rows=5)


def test_entities_in_the_sheet_are_refused(app):
    laughs = '<!DOCTYPE x [<!ENTITY a "hahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    probe = crafted_xlsx(sheet_xml(header_and(f'<row r="2">{inline("A2", "&b;")}</row>'),
                                   prolog=laughs))
    with pytest.raises(parsing.FileRefused, match="Excel"):
        parsing.read_table("x.xlsx", probe, max_rows=5)


def test_shared_strings_are_read_one_item_at_a_time(app):
    cells = '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>0</v></c></row>'
    header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row>'
    runs = "<si><r><t>EB</t></r><r><rPr><b/></rPr><t>7VN</t></r></si>"
    phonetic = "<si><t>tracking_number</t><rPh sb='0' eb='1'><t>ふりがな</t></rPh></si>"
    probe = crafted_xlsx(sheet_xml(header + cells),
                         shared_strings=sst(phonetic, runs, "description"))
    assert parsing.read_table("x.xlsx", probe, max_rows=5) == [
        {"tracking_number": "EB7VN", "description": "tracking_number"}]


def test_a_sheet_of_millions_of_empty_cells_is_refused(app, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 50)
    probe = crafted_xlsx(sheet_xml(header_and(f'<row r="2">{"<c/>" * 60}</row>')))
    with pytest.raises(parsing.FileRefused, match=r"quá nhiều ô.*tối đa 50 ô"):
        parsing.read_table("x.xlsx", probe, max_rows=5)


def test_a_sheet_of_millions_of_other_elements_is_refused(app, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 50)
    probe = crafted_xlsx(sheet_xml(header_and(data_row(2)) + "<x/>" * 60))
    with pytest.raises(parsing.FileRefused, match="Excel"):
        parsing.read_table("x.xlsx", probe, max_rows=5)


def test_numbers_and_dates_read_as_before(app):
    book = Workbook()
    book.active.append(["Số hiệu bưu gửi (tracking_number)", "pieces", "accepted_at"])
    book.active.append(["EB000000001VN", 3, datetime(2026, 3, 5, 9, 15)])
    out = io.BytesIO()
    book.save(out)
    rows = parsing.read_table("x.xlsx", out.getvalue(), max_rows=5)
    assert rows == [{"tracking_number": "EB000000001VN", "pieces": "3",
                     "accepted_at": "05/03/2026 09:15"}]
