"""Authenticated field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256).

A stored value reads `v1.<key id>.<base64 nonce+ciphertext+tag>`. The additional data binds it
to its table, column and row, so a value copied to another row or column does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseflow.privacy.keys import keyring

VERSION = "v1"


class DecryptionError(Exception):
    """A stored value failed authentication or names an unknown key."""


def associated_data(table: str, column: str, row: str) -> bytes:
    """Bind a value to where it is stored."""
    return f"{table}|{column}|{row}".encode()


@lru_cache(maxsize=64)
def _cipher(key: bytes) -> AESGCM:
    """Return the AES-GCM cipher of a key (set up once: a bulk intake encrypts thousands)."""
    return AESGCM(key)


def encrypt(plaintext: str, aad: bytes, *, key_id: str | None = None) -> str:
    """Encrypt under the current key (or the one named)."""
    ring = keyring()
    kid = key_id or ring.current
    nonce = os.urandom(12)
    sealed = _cipher(ring.data_key(kid)).encrypt(nonce, plaintext.encode(), aad)
    return f"{VERSION}.{kid}.{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(token: str) -> str:
    """Return the id of the key a stored value was encrypted under."""
    return token.split(".", 2)[1]


def decrypt(token: str, aad: bytes) -> str:
    """Decrypt a stored value, or raise DecryptionError."""
    try:
        version, kid, body = token.split(".", 2)
        raw = base64.b64decode(body)
        key = keyring().data_key(kid)
    except (ValueError, KeyError) as exc:
        raise DecryptionError("malformed value or unknown key") from exc
    if version != VERSION:
        raise DecryptionError(f"unknown format {version}")
    try:
        return _cipher(key).decrypt(raw[:12], raw[12:], aad).decode()
    except InvalidTag as exc:
        raise DecryptionError("value failed authentication") from exc


def blind_index(kind: str, normalised: str) -> str:
    """Return the HMAC of a normalised value, for exact-match search without the plaintext."""
    digest = hmac.new(keyring().index_key, f"{kind}|{normalised}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def seal_bytes(data: bytes, aad: bytes, *, key_id: str | None = None) -> tuple[str, bytes]:
    """Encrypt bytes (a stored file) under the current key; return (key id, nonce+ciphertext)."""
    ring = keyring()
    kid = key_id or ring.current
    nonce = os.urandom(12)
    return kid, nonce + _cipher(ring.data_key(kid)).encrypt(nonce, data, aad)


def open_bytes(key_id: str, sealed: bytes, aad: bytes) -> bytes:
    """Decrypt bytes sealed by seal_bytes, or raise DecryptionError."""
    try:
        key = keyring().data_key(key_id)
        return _cipher(key).decrypt(sealed[:12], sealed[12:], aad)
    except KeyError as exc:
        raise DecryptionError("unknown key") from exc
    except InvalidTag as exc:
        raise DecryptionError("file failed authentication") from exc
