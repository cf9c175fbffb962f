"""Display copies: EXIF and GPS gone, orientation applied, pixels kept."""

from __future__ import annotations

import io

from PIL import Image

from caseflow.evidence import content, images
from tests.evidence import samples


def _copies(data: bytes) -> tuple[Image.Image, Image.Image]:
    display, thumb = content.inspect(data, max_pixels=10**8).copies
    return Image.open(io.BytesIO(display)), Image.open(io.BytesIO(thumb))


def test_the_original_carries_gps_the_display_copy_none():
    original = Image.open(io.BytesIO(samples.jpeg(gps=True, seed=10)))
    assert original.getexif().get_ifd(0x8825)  # the test photo really has GPS
    display, thumb = _copies(samples.jpeg(gps=True, seed=10))
    for copy in (display, thumb):
        assert len(copy.getexif()) == 0
        assert "exif" not in copy.info and "icc_profile" not in copy.info


def test_the_display_copy_is_turned_upright():
    display, _thumb = _copies(samples.jpeg(size=(64, 48), orientation=6, seed=11))
    assert display.size == (48, 64)  # orientation 6: rotated a quarter turn


def test_a_transparent_png_becomes_an_opaque_jpeg():
    display, thumb = _copies(samples.png(size=(40, 30)))
    assert (display.format, display.mode, display.size) == ("JPEG", "RGB", (40, 30))
    assert max(thumb.size) <= images.THUMB_MAX
