"""Where evidence bytes live: one small interface, a filesystem and an S3-compatible backend.

Blobs are content-addressed: the key is the SHA-256 of the bytes, so the same photo is kept
once and a blob can never be overwritten with other content. Every read re-computes the hash;
a mismatch raises TamperedBlob (see services.integrity_alert). Listing and deleting serve the
clean-up of blobs no row references (gc.py): a put refreshes a blob's modification time, even
when the bytes were already there, so a blob an upload is using never looks old.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from flask import Flask, current_app

EXTENSION_KEY = "caseflow.evidence_storage"
FILE_MODE = 0o440  # read-only, owner and group
DIR_MODE = 0o750
HEX = frozenset("0123456789abcdef")


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


def is_sha256(name: str) -> bool:
    """Tell whether a name is a lower-case hex SHA-256 (the only names blobs have)."""
    return len(name) == 64 and HEX.issuperset(name)


class StoredBlob(NamedTuple):
    """A blob as the store lists it."""

    sha256: str
    size: int
    #: The last put of these bytes (timezone-aware UTC).
    modified: datetime


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

    def blobs(self) -> Iterator[StoredBlob]:
        """Yield every stored blob with its size and last put."""

    def delete(self, sha256: str, *, older_than: datetime | None = None) -> bool:
        """Remove a blob (only if last put before older_than); tell whether it was removed."""


class FilesystemStorage:
    """Blobs as read-only files under root/ab/cd/<sha256>, outside the web root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """Return where a blob lives."""
        if not is_sha256(sha256):
            raise MissingBlob(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        sha = sha256_of(data)
        path = self.path_of(sha)
        if path.exists():
            _touch(path)
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

    def blobs(self) -> Iterator[StoredBlob]:
        """Yield the files at ab/cd/<sha256>; temporary upload files are not blobs."""
        for path in self.root.glob("??/??/*"):
            if not is_sha256(path.name) or path != self.path_of(path.name):
                continue
            try:
                info = path.stat()
            except FileNotFoundError:  # deleted since the directory was read
                continue
            yield StoredBlob(path.name, info.st_size, _mtime(info.st_mtime))

    def delete(self, sha256: str, *, older_than: datetime | None = None) -> bool:
        path = self.path_of(sha256)
        try:
            if older_than is not None and _mtime(path.stat().st_mtime) >= older_than:
                return False
            path.chmod(0o640)  # blobs are read-only; some filesystems refuse to unlink those
            path.unlink()
        except FileNotFoundError:
            return False
        return True


def _mtime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def _touch(path: Path) -> None:
    """Mark an existing blob as just put, so that the clean-up leaves it alone."""
    # Only the owner may set the time: a blob another account wrote keeps its old time.
    with contextlib.suppress(OSError):
        os.utime(path)


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

    def blobs(self) -> Iterator[StoredBlob]:
        """Yield the objects under the prefix, a page of list_objects_v2 at a time."""
        request = {"Bucket": self.bucket, "Prefix": self.prefix}
        while True:
            page = self.client.list_objects_v2(**request)
            for item in page.get("Contents", []):
                sha = item["Key"][len(self.prefix):]
                if is_sha256(sha):
                    yield StoredBlob(sha, item["Size"], item["LastModified"])
            if not page.get("IsTruncated"):
                return
            request["ContinuationToken"] = page["NextContinuationToken"]

    def delete(self, sha256: str, *, older_than: datetime | None = None) -> bool:
        key = self.key_of(sha256)
        if older_than is not None:
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=key)
            except Exception as exc:  # botocore's ClientError 404
                if _is_missing(exc):
                    return False
                raise
            if head["LastModified"] >= older_than:
                return False
        self.client.delete_object(Bucket=self.bucket, Key=key)
        return True


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
