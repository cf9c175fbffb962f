"""QR codes pointing at a document's public verification page."""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """Return a QR code of the URL as an SVG data: URI (the only URL scheme the PDF may load)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)
