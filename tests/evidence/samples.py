"""Files for the evidence tests, made in memory: real images and PDFs, and impostors."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from PIL import ExifTags, Image
from pypdf import PdfWriter


def jpeg(*, size: tuple[int, int] = (64, 48), gps: bool = False, orientation: int | None = None,
         seed: int | None = None, comment: bytes | None = None) -> bytes:
    """A JPEG with random pixels (unique bytes per seed), EXIF GPS and orientation if asked."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(size[0] * size[1])])
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Caseflow Test Camera"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 30.0),
            ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (105.0, 50.0, 10.0)}
    out = io.BytesIO()
    kwargs = {"comment": comment} if comment else {}
    image.save(out, "JPEG", exif=exif, quality=90, **kwargs)
    return out.getvalue()


def png(*, size: tuple[int, int] = (40, 30), seed: int = 1) -> bytes:
    """A PNG with transparency."""
    rng = random.Random(seed)
    image = Image.new("RGBA", size)
    image.putdata([(rng.randrange(256), 0, 0, rng.randrange(256))
                   for _ in range(size[0] * size[1])])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def heic(*, seed: int = 3) -> bytes:
    """A HEIC photo (pillow-heif encodes it)."""
    import pillow_heif

    rng = random.Random(seed)
    image = Image.new("RGB", (64, 64), (rng.randrange(256), 80, 120))
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, format="HEIF", quality=80)
    return out.getvalue()


def pdf(*, pages: int = 2, password: str | None = None) -> bytes:
    """A PDF of blank pages, encrypted with a password when given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_archive() -> bytes:
    """A ZIP holding a photo."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("anh.jpg", jpeg(seed=99))
    return out.getvalue()


HTML_AS_JPEG = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
       b'width="10" height="10"><script>alert(1)</script></svg>')
PDF_GARBAGE = b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\nnot really a pdf\n"


def raw_pdf(objects: dict[int, bytes], *, packed: dict[int, bytes] | None = None) -> bytes:
    """A PDF written byte by byte: `objects` as plain objects, `packed` ones compressed in an
    object stream (PDF 1.5), both listed by a cross-reference stream; object 1 is the root."""
    packed = packed or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    where: dict[int, tuple[int, int, int]] = {}
    for num, body in sorted(objects.items()):
        where[num] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    last = max([*objects, *packed])
    if packed:
        stream_num, last = last + 1, last + 1
        bodies = [packed[num] for num in sorted(packed)]
        offsets, position = [], 0
        for num, body in zip(sorted(packed), bodies, strict=True):
            offsets.append(b"%d %d" % (num, position))
            position += len(body) + 1
        index = b" ".join(offsets) + b"\n"
        data = zlib.compress(index + b"\n".join(bodies) + b"\n")
        where[stream_num] = (1, len(out), 0)
        out += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                b"\nstream\n%s\nendstream\nendobj\n"
                % (stream_num, len(packed), len(index), len(data), data))
        where.update({num: (2, stream_num, i) for i, num in enumerate(sorted(packed))})
    xref_num = last + 1
    where[xref_num] = (1, len(out), 0)
    rows = b"".join(struct.pack(">BIH", *where.get(num, (0, 0, 0))) for num in range(xref_num + 1))
    xref_at = len(out)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            b"%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (xref_num, xref_num + 1, len(rows), rows, xref_at))
    return bytes(out)


def pdf_objects(catalog_extra: bytes = b"", page_extra: bytes = b"") -> dict[int, bytes]:
    """A one-page document's objects, with extra entries in the catalog or the page."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b" >>",
    }
