"""Decide what a file is from its bytes: sniff the signature, refuse what is dangerous, parse.

Names and browser-sent types are ignored. A file is accepted only when its first bytes are a
JPEG, PNG, HEIC or PDF signature, no other format hides in it (markup at either end, a ZIP
directory at the end), and the matching parser reads it completely (Pillow: verify, then load
under a pixel cap; pypdf: opens, has pages, is not encrypted, has no active content in any
object — see pdfcheck.py).
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image

from caseflow.evidence import images, pdfcheck
from caseflow.evidence.models import EvidenceKind

try:  # HEIC photos (iPhones) when pillow-heif is installed; refused with a reason otherwise
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the platform's wheels
    HEIC_SUPPORTED = False

HEAD = 1024
MARKUP = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<head",
          b"<iframe", b"<object", b"<embed", b"<meta", b"<a ", b"<img", b"<style", b"<div")
ARCHIVES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c",
            b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"MSCF", b"\x28\xb5\x2f\xfd")
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
PDF_ACTIVE = (b"/JavaScript", b"/Launch", b"/EmbeddedFile")
PIL_FORMATS = {EvidenceKind.JPEG: "JPEG", EvidenceKind.PNG: "PNG", EvidenceKind.HEIC: "HEIF"}

REASONS = {
    "empty": _l("Tệp rỗng."),
    "svg": _l("Không nhận tệp SVG (ảnh vẽ có thể chứa mã lệnh)."),
    "html": _l("Không nhận tệp HTML hoặc văn bản có mã đánh dấu."),
    "archive": _l("Không nhận tệp nén (ZIP, RAR, 7z, GZIP…); hãy tải lên từng ảnh hoặc PDF."),
    "polyglot": _l("Tệp mang đồng thời nhiều định dạng (nghi giả mạo); không được nhận."),
    "unknown": _l("Chỉ nhận ảnh JPEG, PNG, HEIC hoặc tài liệu PDF (xác định theo nội dung tệp)."),
    "heic": _l("Máy chủ chưa hỗ trợ ảnh HEIC; hãy chuyển sang JPEG."),
    "corrupt_image": _l("Tệp ảnh bị hỏng hoặc không đọc được."),
    "pixels": _l("Ảnh có %(pixels)s điểm ảnh, vượt giới hạn %(limit)s điểm ảnh mỗi ảnh."),
    "corrupt_pdf": _l("Tệp bắt đầu như PDF nhưng không đọc được."),
    "complex_pdf": _l("Tệp PDF có quá nhiều đối tượng để kiểm tra (tối đa %(limit)s)."),
    "encrypted_pdf": _l("Tệp PDF được đặt mật khẩu hoặc mã hóa; hãy tải lên bản không mã hóa."),
    "empty_pdf": _l("Tệp PDF không có trang nào."),
    "active_pdf": _l("Tệp PDF chứa mã lệnh, hành động tự động hoặc tệp đính kèm (%(what)s); "
                     "không được nhận."),
}


class Refused(Exception):
    """The file is not accepted; `code` names why, `message` says it in the user's language."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    @property
    def message(self) -> str:
        return str(REASONS[self.code]) % self.params if self.params else str(REASONS[self.code])


@dataclass
class Inspected:
    """What the content turned out to be; for a photo, its display copy and thumbnail (JPEG)."""

    kind: EvidenceKind
    width: int | None = None
    height: int | None = None
    page_count: int | None = None
    copies: tuple[bytes, bytes] | None = None


def inspect(data: bytes, *, max_pixels: int) -> Inspected:
    """Sniff, check and parse; raise Refused with the reason.

    A photo is decoded once, its copies are made, and the decoded pixels are released on
    return: callers looping over files hold one decoded image at a time.
    """
    kind = sniff(data)
    if kind is EvidenceKind.PDF:
        return Inspected(kind, page_count=parse_pdf(data))
    image = parse_image(data, kind, max_pixels=max_pixels)
    return Inspected(kind, width=image.width, height=image.height,
                     copies=images.derived_copies(image))


def pixel_count(data: bytes) -> int:
    """Read a photo's width × height from its header, decoding nothing; 0 if it is no photo."""
    if _signature(data) not in PIL_FORMATS:
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.width * image.height
        except Exception:  # an unreadable header (or a bomb) is refused by inspect()
            return 0


def sniff(data: bytes) -> EvidenceKind:
    """Name the format from the signature, refusing markup, archives and polyglots."""
    if not data:
        raise Refused("empty")
    kind = _signature(data)
    head = data[:HEAD].lower()
    if kind is None:
        if data.startswith(ARCHIVES) or data[257:262] == b"ustar":
            raise Refused("archive")
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if b"<svg" in head:
            raise Refused("svg")
        if text.startswith(b"<") or any(m in head for m in MARKUP):
            raise Refused("html")
        raise Refused("unknown")
    if any(m in head or m in data[-HEAD:].lower() for m in MARKUP) or _has_zip_directory(data):
        raise Refused("polyglot")
    if kind is EvidenceKind.PNG and not data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
        raise Refused("polyglot")  # bytes after the image's end hide another file
    return kind


def _signature(data: bytes) -> EvidenceKind | None:
    if data.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceKind.PNG
    if data.startswith(b"%PDF-"):
        return EvidenceKind.PDF
    if data[4:8] == b"ftyp" and data[8:12] in HEIC_BRANDS:
        return EvidenceKind.HEIC
    return None


def _has_zip_directory(data: bytes) -> bool:
    """Tell whether a ZIP reader would open the file (its directory sits at the end)."""
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except (OSError, ValueError):
        return False


def parse_image(data: bytes, kind: EvidenceKind, *, max_pixels: int) -> Image.Image:
    """Verify and fully decode an image within the pixel cap; return it loaded."""
    if kind is EvidenceKind.HEIC and not HEIC_SUPPORTED:
        raise Refused("heic")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format != PIL_FORMATS[kind]:
                raise Refused("polyglot")
            if image.width * image.height > max_pixels:
                raise Refused("pixels", pixels=_count(image.width * image.height),
                              limit=_count(max_pixels))
            image.verify()
            image = Image.open(io.BytesIO(data))  # verify() leaves the image unusable
            image.load()
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise Refused("pixels", pixels="?", limit=_count(max_pixels)) from exc
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            raise Refused("corrupt_image") from exc
    return image


def parse_pdf(data: bytes) -> int:
    """Open a PDF with pypdf; refuse encrypted, empty, active or unreadable ones."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    for marker in PDF_ACTIVE:  # plain names, even in objects no table lists
        if marker in data:
            raise Refused("active_pdf", what=marker[1:].decode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf warns about repairable quirks; we decide below
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise Refused("encrypted_pdf")
            found = pdfcheck.active_content(reader)
            pages = len(reader.pages)
        except Refused:
            raise
        except pdfcheck.TooManyObjects as exc:
            raise Refused("complex_pdf", limit=_count(pdfcheck.MAX_OBJECTS)) from exc
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
                IndexError, RecursionError, AssertionError) as exc:
            raise Refused("corrupt_pdf") from exc
    if found:
        raise Refused("active_pdf", what=found)
    if pages == 0:
        raise Refused("empty_pdf")
    return pages


def _count(number: int) -> str:
    """Write a count the Vietnamese way: 50.000.000."""
    return f"{number:,}".replace(",", ".")
