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


JS_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"
PROBES = {
    "hex-escaped javascript": samples.pdf_objects(
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "hex-escaped launch": samples.pdf_objects(b"/OpenAction << /S /L#61unch /F (calc.exe) >>"),
    "hex-escaped embedded files": {
        **samples.pdf_objects(b"/Names << /Embedded#46iles 4 0 R >>"),
        4: b"<< /Names [(a.exe) 5 0 R] >>",
        5: b"<< /Type /Filespec /F (a.exe) >>"},
    "embedded file stream": {
        **samples.pdf_objects(),
        4: b"<< /Type /Embedded#46ile /Length 2 >>\nstream\nMZ\nendstream"},
    "additional actions": samples.pdf_objects(
        page_extra=b"/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>"),
    "rich media": samples.pdf_objects(page_extra=b"/Annots [<< /Type /Annot /Subtype /RichM#65dia "
                                                 b"/Rect [0 0 9 9] >>]"),
    "xfa form": samples.pdf_objects(b"/AcroForm << /Fields [] /X#46A 4 0 R >>"),
    "submit form": samples.pdf_objects(
        page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] "
                   b"/A << /S /Subm#69tForm /F (http://x.example) >> >>]"),
    "import data": samples.pdf_objects(b"/OpenAction << /S /ImportData /F (x.fdf) >>"),
}


@pytest.mark.parametrize("objects", PROBES.values(), ids=PROBES.keys())
def test_active_content_is_found_whatever_the_name_spelling(objects):
    data = samples.raw_pdf(objects)
    assert b"/JavaScript" not in data and b"/Launch" not in data and b"/EmbeddedFile" not in data
    with pytest.raises(content.Refused) as refused:
        content.inspect(data, max_pixels=PIXELS)
    assert refused.value.code == "active_pdf"
    assert "không được nhận" in refused.value.message


def test_javascript_inside_a_compressed_object_stream_is_found():
    data = samples.raw_pdf(samples.pdf_objects(b"/OpenAction 4 0 R"), packed={4: JS_ACTION})
    assert b"JavaScript" not in data
    with pytest.raises(content.Refused) as refused:
        content.inspect(data, max_pixels=PIXELS)
    assert refused.value.code == "active_pdf" and "JavaScript" in refused.value.message


@pytest.mark.parametrize("objects", [
    samples.pdf_objects(b"/OpenAction [3 0 R /Fit]"),
    samples.pdf_objects(page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] "
                                   b"/A << /S /URI /URI (https://vnpost.vn) >> >>]"),
], ids=["open at page one", "web link"])
def test_passive_pdfs_with_object_streams_still_pass(objects):
    data = samples.raw_pdf({1: objects[1]}, packed={2: objects[2], 3: objects[3]})
    assert content.inspect(data, max_pixels=PIXELS).page_count == 1


def test_a_pdf_with_more_objects_than_are_searched_is_refused(monkeypatch):
    monkeypatch.setattr(content.pdfcheck, "MAX_OBJECTS", 3)
    with pytest.raises(content.Refused) as refused:
        content.inspect(samples.raw_pdf(samples.pdf_objects()), max_pixels=PIXELS)
    assert refused.value.code == "complex_pdf" and "tối đa 3" in refused.value.message


@pytest.mark.parametrize(("data", "words"), [
    (samples.pdf(password="mat-khau"), "mật khẩu"),
    (samples.PDF_GARBAGE, "không đọc được"),
    (samples.raw_pdf(samples.pdf_objects())[:-120], "không đọc được"),
], ids=["encrypted", "garbage", "cut short"])
def test_unreadable_or_encrypted_pdfs_are_refused_with_a_clear_message(data, words):
    with pytest.raises(content.Refused) as refused:
        content.inspect(data, max_pixels=PIXELS)
    assert words in refused.value.message
