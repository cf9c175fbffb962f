"""Read a CSV or Excel file of flagged items into rows of flag-form values; write templates.

A column is recognised by the field's code (`tracking_number`) or its Vietnamese label, with
or without the code in brackets, as the template writes it: "Số hiệu bưu gửi (tracking_number)".
Cells keep their text; the flag form's rules judge them (validation.py).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from caseflow.cases.forms import FlagForm
from caseflow.cases.models import DetectionMethod, ServiceScope, ServiceType
from caseflow.errors import ValidationFailed
from caseflow.intake import xlsx
from caseflow.intake.validation import FIELDS

ENUMS = {"service_scope": ServiceScope, "service_type": ServiceType,
         "detection_method": DetectionMethod}
TRUE_WORDS = {"1", "x", "có", "co", "đã", "da", "yes", "y", "true", "đúng"}
XLSX_SIGNATURE = b"PK\x03\x04"
#: Lines read per allowed data row, blank ones included, before a file is refused as too long.
BLANK_LINES_PER_ROW = 20


class FileRefused(ValidationFailed):
    """The file cannot be read as a table of flags."""

    def __init__(self, message: str) -> None:
        super().__init__(message, {"file": [message]})


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().strip("*").strip().lower()


def labels() -> dict[str, str]:
    """Return each column's Vietnamese label."""
    with force_locale("vi"):
        return {name: str(getattr(FlagForm, name).args[0]) for name in FIELDS}


def headers() -> list[str]:
    """Return the template's header row."""
    return [f"{label} ({name})" for name, label in labels().items()]


def _column_map(header: list[Any]) -> dict[int, str]:
    known = {_key(name): name for name in FIELDS}
    known.update({_key(label): name for name, label in labels().items()})
    columns = {}
    for index, cell in enumerate(header):
        text = _key(cell or "")
        bracket = re.search(r"\(([a-z_]+)\)\s*$", text)
        name = known.get(bracket.group(1) if bracket else text)
        if name:
            columns[index] = name
    if "tracking_number" not in columns.values():
        raise FileRefused(_("Không tìm thấy cột “Số hiệu bưu gửi”; hãy dùng tệp mẫu."))
    return columns


def _cell(name: str, value: Any) -> Any:
    """Turn one cell into what the flag form reads."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y %H:%M" if isinstance(value, datetime) else "%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if name == "categories":
        return [c.upper() for c in re.split(r"[\s,;]+", text) if c]
    if name == "dong_kiem_done":
        return _key(text) in TRUE_WORDS
    if name in ENUMS:
        by_label = {_key(m.label): m.value for m in ENUMS[name]}
        return by_label.get(_key(text), text)
    if name.endswith("province_code") and text.isdigit():
        return text.zfill(2)
    return text


def rows_from(header: list[Any], body: Iterable[list[Any]], *,
              max_rows: int | None = None) -> list[dict[str, Any]]:
    """Map the table's rows to field values, skipping blank rows; stop past max_rows."""
    columns = _column_map(header)
    rows = []
    for raw in body:
        values = {name: _cell(name, raw[i]) for i, name in columns.items() if i < len(raw)}
        if any(v not in (None, "", []) for v in values.values()):
            rows.append(values)
            if max_rows is not None and len(rows) > max_rows:
                raise FileRefused(_("Mỗi tệp tối đa %(n)s dòng.", n=max_rows))
    return rows


def read_table(filename: str, data: bytes, *, max_rows: int) -> list[dict[str, Any]]:
    """Read a CSV or XLSX upload (decided by content) into rows, streaming, up to max_rows."""
    lines = max_rows * BLANK_LINES_PER_ROW + 1
    table = _xlsx(data, lines) if data.startswith(XLSX_SIGNATURE) else _csv(data, lines)
    header = next(table, None)
    if header is None:
        raise FileRefused(_("Tệp không có dữ liệu."))
    rows = rows_from(header, table, max_rows=max_rows)
    if not rows:
        raise FileRefused(_("Tệp không có dòng dữ liệu nào."))
    return rows


def _too_long(lines: int) -> FileRefused:
    return FileRefused(_("Tệp có quá nhiều dòng (kể cả dòng trống); tối đa %(n)s dòng.",
                         n=lines))


def _csv(data: bytes, lines: int) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(_("Không đọc được tệp CSV (hãy lưu với bảng mã UTF-8)."))
    if "\x00" in text:
        raise FileRefused(_("Chỉ nhận tệp CSV hoặc Excel (.xlsx)."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > lines:
            raise _too_long(lines)
        yield row


def _xlsx(data: bytes, lines: int) -> Iterator[list[Any]]:
    try:
        yield from xlsx.rows(data, max_lines=lines)
    except xlsx.TooManyRows as exc:
        raise _too_long(lines) from exc
    except xlsx.TooManyCells as exc:
        raise FileRefused(_("Tệp có quá nhiều ô (kể cả ô trống có định dạng); tối đa %(n)s ô.",
                            n=xlsx.MAX_CELLS)) from exc
    except Exception as exc:  # openpyxl and the XML parser raise many kinds on a broken file
        raise FileRefused(_("Không đọc được tệp Excel (.xlsx).")) from exc


EXAMPLE = {
    "tracking_number": "EB123456789VN", "province_code": "01", "service_scope": "domestic",
    "service_type": "parcel", "accepted_at": "05/03/2026 09:15",
    "acceptance_office": "Bưu cục Cầu Giấy", "origin_province_code": "01",
    "destination_province_code": "79", "declared_contents": "Mỹ phẩm",
    "declared_value": "1500000", "weight_kg": "2,35", "pieces": "1",
    "sender_name": "Nguyễn Văn A", "sender_phone": "0912345678",
    "sender_address": "12 Trần Duy Hưng, Hà Nội", "sender_id_number": "001089012345",
    "recipient_name": "Trần Thị B", "recipient_phone": "0987654321",
    "recipient_address": "45 Lê Lợi, TP. Hồ Chí Minh", "dong_kiem_done": "có",
    "detection_method": "xray", "categories": "C8", "description": "Nghi hàng giả nhãn hiệu",
    "stopped_at": "05/03/2026 10:00", "held_at": "Kho bưu cục Cầu Giấy",
    "seal_number": "NP-0001",
}


def template_csv() -> bytes:
    """Return the CSV template: header and one example row, UTF-8 with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    writer.writerow([EXAMPLE.get(name, "") for name in FIELDS])
    return ("\ufeff" + out.getvalue()).encode()


def template_xlsx() -> bytes:
    """Return the Excel template: the same columns, and a sheet of accepted codes."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Bao cao"
    sheet.append(headers())
    sheet.append([EXAMPLE.get(name, "") for name in FIELDS])
    codes = book.create_sheet("Ma")
    codes.append(["Cột", "Mã", "Ý nghĩa"])
    with force_locale("vi"):
        for name, enum_cls in ENUMS.items():
            for member in enum_cls:
                codes.append([name, member.value, str(member.label)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
