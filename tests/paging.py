"""Helpers of the request tests of the keyset-paged lists (caseflow/main/keyset.py): read a
page's rows and links, follow the links, record the SQL statements a request or a block runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape

import sqlalchemy as sa

from caseflow.extensions import db


def link(html: str, rel: str) -> str | None:
    """Return the URL of the next or previous page link (None when disabled)."""
    match = re.search(rf'rel="{rel}" href="([^"#]+)"', html)
    return unescape(match.group(1)) if match else None


def newest_link(html: str) -> str | None:
    """Return the URL of the "Mới nhất" link (None when disabled: this is the newest page)."""
    match = re.search(r'<a class="page-link" href="([^"#]+)">Mới nhất<', html)
    return unescape(match.group(1)) if match else None


def rows(html: str, pattern: str) -> list[int]:
    """Return the ids a page lists, in order, read by a pattern with one group."""
    return list(dict.fromkeys(int(found) for found in re.findall(pattern, html)))


def page(client, url: str, pattern: str) -> tuple[list[int], str]:
    """Return the ids a page lists and its HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return rows(html, pattern), html


def walk(client, url: str, pattern: str, *, rel: str = "next") -> list[list[int]]:
    """Follow the next (or previous) links from a page; return each page's ids."""
    pages: list[list[int]] = []
    while url is not None and len(pages) < 20:
        ids, html = page(client, url, pattern)
        pages.append(ids)
        url = link(html, rel)
    return pages


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def statements_run(client, url: str) -> list[str]:
    """Return the SQL statements one request runs."""
    with recorded_statements() as statements:
        assert client.get(url).status_code == 200
    return statements


def statements_of(client, url: str) -> int:
    """Return how many SQL statements one request runs."""
    return len(statements_run(client, url))
