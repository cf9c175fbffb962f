"""Find active content in a parsed PDF: every object, object streams included, names decoded.

A byte search misses `/J#61vaScript` (a name with an escaped letter) and anything inside a
compressed object stream. pypdf decodes names and reads object streams, so each object listed
by the cross-reference tables (or found by pypdf's repair scan of a damaged file) is fetched
and its dictionaries and arrays are searched. Indirect references are not followed: every
object is visited on its own, so cycles cannot loop.

URI links stay allowed: a viewer asks before opening them, and originals are served as
attachments under `Content-Security-Policy: sandbox`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

#: Keys whose presence makes a dictionary active wherever it sits.
ACTIVE_KEYS = {
    "/JS": "JavaScript", "/JavaScript": "JavaScript", "/AA": "AA",
    "/EmbeddedFiles": "EmbeddedFiles", "/EF": "EmbeddedFile", "/XFA": "XFA",
    "/RichMediaContent": "RichMedia", "/RichMediaSettings": "RichMedia",
}
#: Action types (/S) that run code, open or send files.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR",
                  "/Rendition", "/Movie", "/Sound", "/RichMediaExecute"}
#: Object types and annotation subtypes that carry files or media players.
ACTIVE_TYPES = {"/EmbeddedFile", "/RichMedia", "/RichMediaExecute", "/FileAttachment", "/3D",
                "/Screen", "/Movie", "/Sound"}
#: Objects fetched at most; a larger file is refused rather than searched for minutes.
MAX_OBJECTS = 100_000


class TooManyObjects(Exception):
    """The PDF has more objects than are searched."""


def active_content(reader: PdfReader) -> str | None:
    """Name the first active feature found in any object, or None for a passive PDF."""
    for obj in _objects(reader):
        found = _search(obj)
        if found:
            return found
    return None


def _objects(reader: PdfReader) -> Iterator[Any]:
    """Yield the trailer and every numbered object, those in object streams included."""
    yield reader.trailer
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    if len(numbers) > MAX_OBJECTS:
        raise TooManyObjects(len(numbers))
    for num, gen in sorted(numbers):
        yield IndirectObject(num, gen, reader).get_object()


def _search(root: Any) -> str | None:
    """Search one object's dictionaries and arrays, without following references."""
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, DictionaryObject):  # stream objects too: their dictionary
            found = _active_dictionary(obj)
            if found:
                return found
            stack.extend(dict.values(obj))  # raw values: references stay unresolved
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    return None


def _active_dictionary(obj: DictionaryObject) -> str | None:
    for key in obj.keys() & ACTIVE_KEYS.keys():
        return ACTIVE_KEYS[key]
    action = _name(obj, "/S")
    if action in ACTIVE_ACTIONS:
        return action[1:]
    for key in ("/Type", "/Subtype"):
        kind = _name(obj, key)
        if kind in ACTIVE_TYPES:
            return kind[1:]
    return None


def _name(obj: DictionaryObject, key: str) -> str | None:
    value = dict.get(obj, key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, str) else None
