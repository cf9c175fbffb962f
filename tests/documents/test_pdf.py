"""The renderer: vendored fonts only, and a URL fetcher that reaches nothing but its own files."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from caseflow.documents import pdf, services
from caseflow.documents.pdf import FONTS_DIR, LockedFetcher, RefusedURL
from caseflow.extensions import db
from tests.documents.helpers import embedded_fonts, pdf_text, squash, stored_pdf
from tests.factories import make_case

HOSTILE = ('<img src="http://127.0.0.1:9/x"> file:///etc/passwd '
           '<link rel="stylesheet" href="file:///etc/passwd"> <b>đậm</b>')


def vendored_font_names() -> dict[str, str]:
    """Map each vendored font's full name to its version string."""
    names = {}
    for path in FONTS_DIR.glob("*.ttf"):
        font = TTFont(path)
        names[font["name"].getDebugName(4)] = font["name"].getDebugName(5)
    return names


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x", "https://example.com/a.png", "ftp://127.0.0.1/x",
    "file:///etc/passwd", "file://localhost/etc/passwd",
    f"file://{FONTS_DIR}/../../../../etc/passwd", f"file://{FONTS_DIR}/OFL.txt",
    f"file://{FONTS_DIR}/LiberationSerif-Regular.ttf?x=1", "caseflow:fonts/x.ttf",
])
def test_fetcher_refuses_everything_but_packaged_files_and_data(url):
    fetcher = LockedFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_data_urls_and_packaged_fonts():
    fetcher = LockedFetcher()
    assert fetcher.fetch("data:text/plain;base64,eGluIGNow6Bv").read() == "xin chào".encode()
    font = fetcher.fetch((FONTS_DIR / "LiberationSerif-Regular.ttf").as_uri())
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.refused == []


def test_markup_reaching_the_renderer_is_refused_not_fetched():
    fetcher = LockedFetcher()
    pdf.render_pdf(f"<p>{HOSTILE}</p>", fetcher=fetcher)
    assert {"http://127.0.0.1:9/x", "file:///etc/passwd"} <= set(fetcher.refused)


def test_description_with_urls_renders_as_text_and_fetches_nothing(app, cast, monkeypatch):
    asked: list[str] = []
    real_fetch = LockedFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(LockedFetcher, "fetch", spy)
    case = make_case(firm_user=cast.clerk, description=HOSTILE)
    document = services.issue(services.bien_ban_draft(case, actor=cast.clerk),
                              url_root="http://localhost/")
    db.session.commit()

    text = pdf_text(stored_pdf(document))
    assert squash('<img src="http://127.0.0.1:9/x">') in text
    assert squash("file:///etc/passwd") in text and squash("<b>đậm</b>") in text
    assert all(u.startswith("data:") for u in asked), asked


def test_pdf_embeds_only_the_vendored_fonts(app, cast, case):
    document = services.issue(services.case_file_draft(case, actor=cast.supervisor),
                              url_root="http://localhost/")
    fonts = embedded_fonts(stored_pdf(document))
    vendored = vendored_font_names()

    assert fonts and all(name.startswith("Caseflow-Serif") for name in fonts), fonts
    for program in fonts.values():
        names = TTFont(io.BytesIO(program))["name"]
        assert vendored.get(names.getDebugName(4)) == names.getDebugName(5)
