"""Where evidence bytes live: one small interface, a filesystem and an S3-compatible backend.

Blobs are content-addressed: the key is the SHA-256 of the bytes, so the same photo is kept
once and a blob can never be overwritten with other content. Every read re-computes the hash;
a mismatch raises TamperedBlob (see services.integrity_alert).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app

EXTENSION_KEY = "caseflow.evidence_storage"
FILE_MODE = 0o440  # read-only, owner and group
DIR_MODE = 0o750


class MissingBlob(Exception):
    """No blob is stored under this hash."""


class TamperedBlob(Exception):
    """The stored bytes no longer hash to their key."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"blob {expected} hashes to {actual}")
        self.expected, self.actual = expected, actual


def sha256_of(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def verified(expected: str, data: bytes) -> bytes:
    """Return the bytes if they hash to the expected value, else raise TamperedBlob."""
    actual = sha256_of(data)
    if actual != expected:
        raise TamperedBlob(expected, actual)
    return data


class Storage(Protocol):
    """What evidence needs from a store: put bytes, get them back verified."""

    def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their SHA-256."""

    def get(self, sha256: str) -> bytes:
        """Return the bytes stored under the hash, verified, or raise."""


class FilesystemStorage:
    """Blobs as read-only files under root/ab/cd/<sha256>, outside the web root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """Return where a blob lives."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise MissingBlob(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        sha = sha256_of(data)
        path = self.path_of(sha)
        if path.exists():
            return sha
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, path)  # atomic: a reader sees the whole file or none
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        try:
            data = self.path_of(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise MissingBlob(sha256) from exc
        return verified(sha256, data)


class S3Storage:
    """Blobs as objects <prefix><sha256> in an S3-compatible bucket (several app servers)."""

    def __init__(self, client: Any, bucket: str, prefix: str = "evidence/") -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def key_of(self, sha256: str) -> str:
        """Return the object key of a blob."""
        return f"{self.prefix}{sha256}"

    def put(self, data: bytes) -> str:
        import base64

        sha = sha256_of(data)
        # The store checks the checksum on arrival: a corrupted upload is refused, not kept.
        self.client.put_object(Bucket=self.bucket, Key=self.key_of(sha), Body=data,
                               ContentType="application/octet-stream",
                               ChecksumSHA256=base64.b64encode(bytes.fromhex(sha)).decode())
        return sha

    def get(self, sha256: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key_of(sha256))
        except Exception as exc:  # botocore's NoSuchKey / ClientError
            if _is_missing(exc):
                raise MissingBlob(sha256) from exc
            raise
        return verified(sha256, response["Body"].read())


def _is_missing(exc: Exception) -> bool:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
    return code in ("NoSuchKey", "404", "NotFound")


def build(app: Flask) -> Storage:
    """Make the configured backend."""
    if app.config["EVIDENCE_STORAGE"] == "s3":
        import boto3

        client = boto3.client("s3", endpoint_url=app.config["EVIDENCE_S3_ENDPOINT_URL"])
        return S3Storage(client, app.config["EVIDENCE_S3_BUCKET"],
                         app.config["EVIDENCE_S3_PREFIX"])
    return FilesystemStorage(app.config["EVIDENCE_DIR"])


def storage() -> Storage:
    """Return the app's store, built on first use."""
    app = current_app._get_current_object()
    store = app.extensions.get(EXTENSION_KEY)
    if store is None:
        store = app.extensions[EXTENSION_KEY] = build(app)
    return store
