"""Files for the evidence tests, made in memory: real images and PDFs, and impostors."""

from __future__ import annotations

import io
import random
import zipfile

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
