"""The type is decided by content: signatures, impostors and parsers."""

from __future__ import annotations

import pytest

from caseflow.evidence import content
from caseflow.evidence.models import EvidenceKind
from tests.evidence import samples

PIXELS = 50_000_000


@pytest.mark.parametrize(("data", "kind"), [
    (samples.jpeg(seed=1), EvidenceKind.JPEG),
    (samples.png(), EvidenceKind.PNG),
    (samples.pdf(pages=3), EvidenceKind.PDF),
], ids=["jpeg", "png", "pdf"])
def test_good_files_are_accepted_for_what_they_are(data, kind):
    assert content.inspect(data, max_pixels=PIXELS).kind is kind


def test_a_pdf_reports_its_pages():
    assert content.inspect(samples.pdf(pages=3), max_pixels=PIXELS).page_count == 3


def test_heic_is_read_when_pillow_heif_is_installed():
    if not content.HEIC_SUPPORTED:
        pytest.skip("pillow-heif is not installed")
    found = content.inspect(samples.heic(), max_pixels=PIXELS)
    assert (found.kind, found.width) == (EvidenceKind.HEIC, 64)


@pytest.mark.parametrize(("data", "code"), [
    (samples.HTML_AS_JPEG, "html"),
    (samples.SVG, "svg"),
    (samples.zip_archive(), "archive"),
    (samples.jpeg(seed=2) + samples.zip_archive(), "polyglot"),
    (samples.jpeg(seed=3, comment=b"<html><script>alert(1)</script></html>"), "polyglot"),
    (samples.png() + b"<html>hidden</html>", "polyglot"),
    (samples.PDF_GARBAGE, "corrupt_pdf"),
    (samples.pdf(password="mat-khau"), "encrypted_pdf"),
    (samples.jpeg(seed=4)[:200], "corrupt_image"),
    (b"GIF89a\x01\x00\x01\x00", "unknown"),
    (b"", "empty"),
], ids=["html named jpg", "svg", "zip", "jpeg+zip", "jpeg with html", "png+html",
        "%PDF- garbage", "encrypted pdf", "truncated jpeg", "gif", "empty"])
def test_dangerous_or_broken_files_are_refused_with_a_reason(data, code):
    with pytest.raises(content.Refused) as refused:
        content.inspect(data, max_pixels=PIXELS)
    assert refused.value.code == code


def test_an_image_over_the_pixel_cap_is_refused_before_decoding():
    with pytest.raises(content.Refused) as refused:
        content.inspect(samples.jpeg(size=(200, 200), seed=5), max_pixels=10_000)
    assert refused.value.code == "pixels"


def test_a_pdf_with_javascript_is_refused():
    data = samples.pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S "
                                 b"/JavaScript /JS (app.alert(1)) >>")
    with pytest.raises(content.Refused) as refused:
        content.inspect(data, max_pixels=PIXELS)
    assert refused.value.code == "active_pdf"
