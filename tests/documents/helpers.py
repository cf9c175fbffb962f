"""Reading PDFs back in tests: normalised text and embedded fonts (pypdf)."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """NFC-normalise and drop whitespace: text extraction glues and splits words freely."""
    return WHITESPACE.sub("", unicodedata.normalize("NFC", text))


def pdf_text(content: bytes) -> str:
    """Return the whole document's text, squashed."""
    reader = PdfReader(io.BytesIO(content))
    return squash("".join(page.extract_text() or "" for page in reader.pages))


def page_count(content: bytes) -> int:
    """Return the number of pages."""
    return len(PdfReader(io.BytesIO(content)).pages)


def embedded_fonts(content: bytes) -> dict[str, bytes]:
    """Return every font the PDF uses: base name (without subset tag) → embedded font program."""
    reader, fonts = PdfReader(io.BytesIO(content)), {}
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts") or [font]:
                descendant = descendant.get_object()
                descriptor = descendant.get("/FontDescriptor")
                data = b""
                if descriptor is not None:
                    stream = descriptor.get_object().get("/FontFile2")
                    data = stream.get_object().get_data() if stream is not None else b""
                fonts[str(descendant["/BaseFont"]).split("+", 1)[-1]] = data
    return fonts


def stored_pdf(document) -> bytes:
    """Return a stored document's plaintext PDF (decrypted when it holds personal data)."""
    from caseflow.documents import storage

    return storage.read(document)
