"""Evidence as the printed case file shows it: name, hash and the photo as a data: URI."""

from __future__ import annotations

import base64
import io

from PIL import Image

from caseflow.cases.models import Case
from caseflow.evidence import queries, services
from caseflow.evidence.images import PRINT_MAX, jpeg_copy


def evidence_for_print(case: Case) -> list[dict[str, str]]:
    """Return one printable row per evidence file, oldest first."""
    return [_row(item) for item in queries.evidence_of(case)]


def _row(item) -> dict[str, str]:
    name = f"{item.caption} ({item.filename})" if item.caption else item.filename
    return {"name": name, "sha256": item.sha256, "image": _data_uri(item)}


def _data_uri(item) -> str:
    if item.display_sha256 is None:
        return ""
    try:
        data = services.read_verified(item, item.display_sha256, actor=None, which="display")
    except services.IntegrityFailure:
        return ""
    return print_data_uri(data)


def print_data_uri(data: bytes) -> str:
    """Downscale a (verified) display copy for print and return it as a data: URI."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        small = jpeg_copy(image, PRINT_MAX, quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(small).decode()
