"""The banned-items poster: exactly one sheet, the Criminal Code named once per row."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.catalogue import poster, queries
from caseflow.catalogue.services import today
from tests.documents.helpers import page_count, pdf_text


@pytest.mark.parametrize(("typed", "printed"), [
    ("Điều 249-252 BLHS", "Điều 249-252"),
    ("BLHS Điều 190", "Điều 190"),
    ("Điều 190, 191, 305 Bộ luật Hình sự 2015", "Điều 190, 191, 305"),
    ("Bộ luật Hình sự năm 2015, Điều 244", "Điều 244"),
    ("190, 191", "Điều 190, 191"),
    ("", ""),
    (None, ""),
])
def test_criminal_articles_keep_only_the_articles(typed, printed):
    assert poster.criminal_articles(typed) == printed


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_poster_names_the_criminal_code_once_per_row_on_one_page(client, app, size):
    content = client.get(f"/catalogue/poster.pdf?size={size}").data
    text = pdf_text(content)
    assert page_count(content) == 1
    assert "Điều249-252BLHS" in text and "Điều190,191,305BLHS" in text
    assert "BLHSĐiều" not in text and "BLHSBLHS" not in text


def test_a_longer_list_still_fits_one_a4_sheet(app):
    rows = queries.public_list(today())
    longer = rows + [{**r, "code": f"X{r['code']}"} for r in rows[:4]]  # 21 categories
    with app.test_request_context():
        content = poster.render_poster(longer, day=date(2026, 7, 1),
                                       page_url="https://x.vn/catalogue/", size="A4")
    assert page_count(content) == 1
    assert "XC4" in pdf_text(content)


def test_the_public_list_names_the_criminal_code_once(client, app):
    html = client.get("/catalogue/").get_data(as_text=True)
    assert "Bộ luật Hình sự: Điều 249-252<" in html
    assert "Điều 249-252 BLHS" not in html


def test_every_fit_step_has_its_css_class():
    from caseflow.catalogue.poster import FIT_STEPS, POSTER_CSS

    css = POSTER_CSS.read_text()
    for steps in FIT_STEPS.values():
        for font_pt in steps:
            assert f"html.fit-{int(font_pt * 10)} {{ font-size: {font_pt:g}pt; }}" in css
