"""The banned-items poster (A4 or A3) that firms post at their service points.

Rendered by documents.pdf.render_pdf with the locked-down fetcher and the bundled fonts; its
own stylesheet (documents/assets/poster.css) is a packaged file the fetcher serves. The poster
is a copy of a public page, not an issued document: it is neither numbered nor stored, and its
QR code leads back to the page. Renders are cached per content, so the public URL is cheap.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from flask import render_template
from flask_babel import force_locale

from caseflow.documents.pdf import ASSETS_DIR, render_pdf
from caseflow.documents.qr import qr_data_uri

POSTER_CSS = ASSETS_DIR / "poster.css"
SIZES = ("A4", "A3")
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


def poster_context(rows: list[dict[str, Any]], *, day: date, page_url: str,
                   size: str) -> dict[str, Any]:
    """Return the poster template's context: plain values only."""
    return {"rows": rows, "day": day.strftime("%d/%m/%Y"), "page_url": page_url,
            "qr": qr_data_uri(page_url), "size": size.lower(), "en": ENGLISH,
            "stylesheet": POSTER_CSS.as_uri()}


def render_poster(rows: list[dict[str, Any]], *, day: date, page_url: str, size: str) -> bytes:
    """Return the poster PDF of these rows (cached while the rows stay the same)."""
    key = tuple((r["code"], r["name_vi"], r["name_en"], r["legal_basis"], r["criminal"])
                for r in rows)
    return _render(key, day, page_url, size)


@lru_cache(maxsize=16)
def _render(key: tuple, day: date, page_url: str, size: str) -> bytes:
    rows = [dict(zip(("code", "name_vi", "name_en", "legal_basis", "criminal"), r, strict=True))
            for r in key]
    with force_locale("vi"):
        html = render_template("catalogue/poster.html",
                               **poster_context(rows, day=day, page_url=page_url, size=size))
    return render_pdf(html).content
