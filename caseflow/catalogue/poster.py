"""The banned-items poster (A4 or A3) that firms post at their service points.

Rendered by documents.pdf.render_pdf with the locked-down fetcher and the bundled fonts; its
own stylesheet (documents/assets/poster.css) is a packaged file the fetcher serves. The poster
is a copy of a public page, not an issued document: it is neither numbered nor stored, and its
QR code leads back to the page. Renders are cached per content, so the public URL is cheap.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from flask import render_template
from flask_babel import force_locale

from caseflow.documents.pdf import ASSETS_DIR, render_pdf
from caseflow.documents.qr import qr_data_uri

POSTER_CSS = ASSETS_DIR / "poster.css"
SIZES = ("A4", "A3")
#: Base font sizes (pt) tried in turn until the poster fits on exactly one sheet.
FIT_STEPS = {"A4": (10.5, 10, 9.5, 9, 8.5, 8, 7.5), "A3": (14, 13, 12, 11, 10)}
#: The names of the Criminal Code an editor may have typed into the articles field.
_CODE_NAME = re.compile(r"\b(BLHS|Bộ luật Hình sự)(\s*(năm\s*)?\d{4})?\b", re.IGNORECASE)
#: The poster is bilingual by design: these English lines are content printed beside the
#: Vietnamese (translated through Flask-Babel), not a translation of the interface.
ENGLISH = {
    "title": "Prohibited items in the postal network of Viet Nam",
    "intro": "Items in the following categories must not be sent by post. A parcel suspected "
             "of containing them is stopped and reported to the competent authority "
             "(Postal Law 49/2010/QH12, Article 14).",
    "code": "Code", "name": "Category", "basis": "Legal basis",
    "valid": "In force on", "check": "Check the current list",
}


def criminal_articles(text: str | None) -> str:
    """Return just the articles ("Điều 190, 191"), the code's name taken out, so that
    templates name the Criminal Code once: "Điều 190, 191 BLHS", never "BLHS Điều 190 BLHS"."""
    articles = " ".join(_CODE_NAME.sub(" ", text or "").split()).strip(" ,;:.-–")
    if articles and not articles.lower().startswith("điều"):
        articles = f"Điều {articles}"
    return articles


def poster_context(rows: list[dict[str, Any]], *, day: date, page_url: str,
                   size: str, font_pt: float | None = None) -> dict[str, Any]:
    """Return the poster template's context: plain values only."""
    rows = [{**r, "criminal": criminal_articles(r.get("criminal"))} for r in rows]
    return {"rows": rows, "day": day.strftime("%d/%m/%Y"), "page_url": page_url,
            "qr": qr_data_uri(page_url), "size": size.lower(), "en": ENGLISH,
            "stylesheet": POSTER_CSS.as_uri(),
            "font_pt": font_pt or FIT_STEPS.get(size.upper(), FIT_STEPS["A4"])[0]}


def render_poster(rows: list[dict[str, Any]], *, day: date, page_url: str, size: str) -> bytes:
    """Return the poster PDF of these rows (cached while the rows stay the same)."""
    key = tuple((r["code"], r["name_vi"], r["name_en"], r["legal_basis"], r["criminal"])
                for r in rows)
    return _render(key, day, page_url, size)


@lru_cache(maxsize=16)
def _render(key: tuple, day: date, page_url: str, size: str) -> bytes:
    rows = [dict(zip(("code", "name_vi", "name_en", "legal_basis", "criminal"), r, strict=True))
            for r in key]
    steps = FIT_STEPS.get(size.upper(), FIT_STEPS["A4"])
    for font_pt in steps:  # a poster is one sheet: shrink the type until the list fits
        with force_locale("vi"):
            html = render_template("catalogue/poster.html", **poster_context(
                rows, day=day, page_url=page_url, size=size, font_pt=font_pt))
        rendered = render_pdf(html)
        if rendered.pages == 1:
            break
    return rendered.content
