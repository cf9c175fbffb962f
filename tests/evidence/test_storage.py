"""The store: content-addressed, read-only files, every read verified; S3 with a stub client."""

from __future__ import annotations

import io
import stat

import pytest

from caseflow.evidence.storage import (
    FilesystemStorage,
    MissingBlob,
    S3Storage,
    TamperedBlob,
    sha256_of,
)


def test_a_blob_is_kept_once_under_its_hash_and_read_only(tmp_path):
    store = FilesystemStorage(tmp_path)
    sha = store.put(b"anh chung cu")
    assert sha == sha256_of(b"anh chung cu")
    assert store.put(b"anh chung cu") == sha
    path = store.path_of(sha)
    assert stat.S_IMODE(path.stat().st_mode) == 0o440
    assert store.get(sha) == b"anh chung cu"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [sha]


def test_altered_bytes_are_detected_on_read(tmp_path):
    store = FilesystemStorage(tmp_path)
    sha = store.put(b"original bytes")
    path = store.path_of(sha)
    path.chmod(0o640)
    path.write_bytes(b"altered bytes!")
    with pytest.raises(TamperedBlob) as tampered:
        store.get(sha)
    assert tampered.value.actual == sha256_of(b"altered bytes!")


def test_a_missing_blob_or_a_malformed_key_is_missing(tmp_path):
    store = FilesystemStorage(tmp_path)
    with pytest.raises(MissingBlob):
        store.get("0" * 64)
    with pytest.raises(MissingBlob):
        store.get("../../etc/passwd")


class FakeS3:
    """Just enough of boto3's S3 client: put_object, get_object."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}
        self.calls: list[dict] = []

    def put_object(self, **kwargs) -> dict:
        self.calls.append(kwargs)
        self.objects[kwargs["Bucket"], kwargs["Key"]] = kwargs["Body"]
        return {}

    def get_object(self, *, Bucket: str, Key: str) -> dict:  # noqa: N803 (boto3's names)
        if (Bucket, Key) not in self.objects:
            error = Exception("NoSuchKey")
            error.response = {"Error": {"Code": "NoSuchKey"}}
            raise error
        return {"Body": io.BytesIO(self.objects[Bucket, Key])}


def test_s3_backend_puts_with_a_checksum_and_verifies_reads():
    client = FakeS3()
    store = S3Storage(client, "bang-chung", prefix="evidence/")
    sha = store.put(b"photo")
    assert client.calls[0]["Key"] == f"evidence/{sha}"
    assert client.calls[0]["ChecksumSHA256"]
    assert store.get(sha) == b"photo"
    client.objects["bang-chung", f"evidence/{sha}"] = b"swapped"
    with pytest.raises(TamperedBlob):
        store.get(sha)
    with pytest.raises(MissingBlob):
        store.get("1" * 64)
