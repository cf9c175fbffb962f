"""Render HTML to PDF with WeasyPrint, the vendored fonts and a locked-down URL fetcher.

The fetcher is the only way WeasyPrint reads anything: it serves `data:` URLs and the files
packaged in caseflow/documents/{fonts,assets} (by their exact path), and refuses the rest, so
neither a description typed by a user nor a template mistake can reach the network or the disk.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
ASSETS_DIR = PACKAGE_DIR / "assets"
PRINT_CSS = ASSETS_DIR / "print.css"
#: The only files WeasyPrint may read: the packaged fonts and stylesheets.
ALLOWED_FILES = frozenset(p for d in (FONTS_DIR, ASSETS_DIR) for p in d.iterdir()
                          if p.suffix in (".ttf", ".css"))
#: The family name the stylesheet gives the vendored fonts; it names them in the PDF, too.
FONT_FAMILY = "Caseflow Serif"


class RefusedURL(ValueError):
    """WeasyPrint asked for something the fetcher does not serve."""


class LockedFetcher(URLFetcher):
    """Serve data: URLs and the packaged files; refuse (and remember) everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        #: Every URL refused, for logs and tests.
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """Return the resource if it is allowed, else raise RefusedURL."""
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        path = _packaged_path(url) if scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"refused to fetch {url[:200]}")
        return URLFetcherResponse(url, path.read_bytes(),
                                  {"Content-Type": _content_type(path)})


def _packaged_path(url: str) -> Path | None:
    """Return the packaged file a file: URL names exactly, or None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path)).resolve()
    return path if path in ALLOWED_FILES else None


def _content_type(path: Path) -> str:
    return "text/css" if path.suffix == ".css" else "font/ttf"


@dataclass
class _Renderer:
    """Parsed stylesheet and font configuration, kept per thread (Pango is not thread-safe)."""

    fetcher: LockedFetcher
    fonts: FontConfiguration
    css: CSS


_local = threading.local()


def _renderer() -> _Renderer:
    renderer = getattr(_local, "renderer", None)
    if renderer is None:
        fetcher, fonts = LockedFetcher(), FontConfiguration()
        css = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), base_url=PRINT_CSS.as_uri(),
                  url_fetcher=fetcher, font_config=fonts)
        renderer = _local.renderer = _Renderer(fetcher, fonts, css)
    return renderer


@dataclass(frozen=True)
class RenderedPDF:
    """The bytes of a rendered document and its page count."""

    content: bytes
    pages: int


def render_pdf(html: str, fetcher: LockedFetcher | None = None) -> RenderedPDF:
    """Lay out the HTML with the print stylesheet and return the PDF."""
    renderer = _renderer()
    fetcher = fetcher or renderer.fetcher
    # No base URL: a relative link in the HTML resolves to nothing and is never fetched.
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[renderer.css], font_config=renderer.fonts)
    return RenderedPDF(document.write_pdf(), len(document.pages))
