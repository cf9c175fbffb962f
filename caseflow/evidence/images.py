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


def shrunk(image: Image.Image, max_side: int) -> Image.Image:
    """Return a copy no larger than max_side, made before any full-size conversion."""
    if image.mode in ("1", "P"):  # resizing these would pick pixels, not average them
        image = image.convert("RGBA" if image.mode == "P" else "L")
    factor = max(image.size) // (max_side * 2)
    if factor > 1:  # a box average first: Pillow's own resize would convert RGBA at full size
        image = image.reduce(factor)
    width, height = image.size
    scale = min(1.0, max_side / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # the copies keep `info`, so the EXIF orientation still applies afterwards
    return image.resize(size, Image.Resampling.LANCZOS)


def derived_copies(image: Image.Image) -> tuple[bytes, bytes]:
    """Return the display copy and the thumbnail of a loaded image.

    The image is shrunk to the display size first, so the conversions that follow work on at
    most 2048 × 2048 pixels whatever the photo's size: the decoded original is the only
    full-size buffer.
    """
    upright = upright_rgb(shrunk(image, DISPLAY_MAX))
    return jpeg_copy(upright, DISPLAY_MAX), jpeg_copy(upright, THUMB_MAX, quality=80)
