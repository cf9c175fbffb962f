"""Display copies and thumbnails: re-encoded pixels only, turned upright, no EXIF/GPS."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

DISPLAY_MAX = 2048
THUMB_MAX = 320
PRINT_MAX = 1200


def upright_rgb(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation and flatten onto white in RGB; the result carries no info."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a new image: no EXIF, XMP, GPS, ICC or text chunks come along
    return clean


def jpeg_copy(image: Image.Image, max_side: int, quality: int = 85) -> bytes:
    """Return a JPEG no larger than max_side on either side, without metadata."""
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def derived_copies(image: Image.Image) -> tuple[bytes, bytes]:
    """Return the display copy and the thumbnail of a loaded image."""
    upright = upright_rgb(image)
    return jpeg_copy(upright, DISPLAY_MAX), jpeg_copy(upright, THUMB_MAX, quality=80)
