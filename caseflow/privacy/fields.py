"""Encrypted model attributes: plaintext in Python, AES-GCM ciphertext in the column."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from caseflow.privacy.crypto import associated_data, blind_index, decrypt, encrypt


def ensure_uid(obj) -> str:
    """Give a row the random identity its encrypted values are bound to."""
    if not obj.uid:
        obj.uid = uuid.uuid4().hex
    return obj.uid


class Encrypted:
    """A descriptor over the mapped column `_<name>` that encrypts on set and decrypts on get.

    With `index`, setting the value also sets that column to the blind index of the value as
    normalised by `normalise` (None when the value is empty or does not normalise). Columns of
    one `kind` share the index space: a phone finds the sender and the recipient alike.
    """

    def __init__(self, *, index: str | None = None, kind: str = "",
                 normalise: Callable[[str], str | None] | None = None) -> None:
        self.index, self.kind, self.normalise = index, kind, normalise

    def __set_name__(self, owner, name: str) -> None:
        self.name, self.column = name, f"_{name}"

    def aad(self, obj) -> bytes:
        return associated_data(obj.__tablename__, self.name, ensure_uid(obj))

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        token = getattr(obj, self.column)
        return decrypt(token, self.aad(obj)) if token else ""

    def __set__(self, obj, value: str | None) -> None:
        token, index = self.sealed(obj.__tablename__, ensure_uid(obj), value)
        setattr(obj, self.column, token)
        if self.index:
            setattr(obj, self.index, index)

    def sealed(self, table: str, uid: str, value: str | None) -> tuple[str, str | None]:
        """Return what a row of `table` stores for a value: its token and blind index."""
        value = value or ""
        token = encrypt(value, associated_data(table, self.name, uid)) if value else ""
        normalised = self.normalise(value) if value and self.index and self.normalise else None
        return token, blind_index(self.kind, normalised) if normalised else None

    def reencrypt(self, obj) -> bool:
        """Re-encrypt under the current key; tell whether anything changed."""
        token = getattr(obj, self.column)
        if not token:
            return False
        setattr(obj, self.column, encrypt(self.__get__(obj), self.aad(obj)))
        return True


def encrypted_fields(model) -> dict[str, Encrypted]:
    """Return a model's encrypted attributes by name."""
    return {name: attr for name, attr in vars(model).items() if isinstance(attr, Encrypted)}
