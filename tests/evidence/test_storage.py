"""The store: content-addressed, read-only files, every read verified; S3 with a stub client."""

from __future__ import annotations

import io
import os
import stat
import time
from datetime import UTC, datetime, timedelta

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


# --- listing and deleting, for the clean-up (gc.py) ------------------------------------------

def make_old(store: FilesystemStorage, sha: str, hours: float = 48) -> None:
    stamp = time.time() - hours * 3600
    os.utime(store.path_of(sha), (stamp, stamp))


def test_the_filesystem_lists_its_blobs_with_size_and_time_not_temporary_files(tmp_path):
    store = FilesystemStorage(tmp_path)
    sha = store.put(b"bang chung")
    (store.path_of(sha).parent / ".upload-abc").write_bytes(b"half written")
    (tmp_path / "README").write_text("not a blob")
    (blob,) = store.blobs()
    assert (blob.sha256, blob.size) == (sha, len(b"bang chung"))
    assert abs((datetime.now(UTC) - blob.modified).total_seconds()) < 60


def test_an_empty_or_missing_directory_lists_nothing(tmp_path):
    assert list(FilesystemStorage(tmp_path / "chua-co").blobs()) == []


def test_the_filesystem_deletes_a_read_only_blob(tmp_path):
    store = FilesystemStorage(tmp_path)
    sha = store.put(b"mo coi")
    assert store.delete(sha) is True
    assert not store.path_of(sha).exists()
    assert store.delete(sha) is False  # already gone
    with pytest.raises(MissingBlob):
        store.get(sha)


def test_delete_spares_a_blob_put_since_the_cutoff(tmp_path):
    store = FilesystemStorage(tmp_path)
    sha = store.put(b"dang tai len")
    cutoff = datetime.now(UTC) - timedelta(hours=24)
    assert store.delete(sha, older_than=cutoff) is False
    make_old(store, sha)
    assert store.delete(sha, older_than=cutoff) is True


def test_putting_known_bytes_again_refreshes_their_time(tmp_path):
    store = FilesystemStorage(tmp_path)
    sha = store.put(b"anh cu")
    make_old(store, sha)
    store.put(b"anh cu")
    (blob,) = store.blobs()
    assert blob.modified > datetime.now(UTC) - timedelta(minutes=1)


class PagedS3(FakeS3):
    """FakeS3 with list_objects_v2 (pages of `page_size`), head_object and delete_object."""

    def __init__(self, page_size: int = 2) -> None:
        super().__init__()
        self.page_size, self.listings, self.deleted = page_size, [], []
        self.modified: dict[str, datetime] = {}

    def put_object(self, **kwargs) -> dict:
        self.modified[kwargs["Key"]] = datetime.now(UTC)
        return super().put_object(**kwargs)

    def list_objects_v2(self, *, Bucket: str, Prefix: str,  # noqa: N803
                        ContinuationToken: str = "") -> dict:  # noqa: N803
        self.listings.append(ContinuationToken)
        keys = sorted(k for b, k in self.objects if b == Bucket and k.startswith(Prefix))
        start = int(ContinuationToken or 0)
        page = keys[start:start + self.page_size]
        more = start + self.page_size < len(keys)
        contents = [{"Key": k, "Size": len(self.objects[Bucket, k]),
                     "LastModified": self.modified[k]} for k in page]
        return {"Contents": contents, "IsTruncated": more,
                **({"NextContinuationToken": str(start + self.page_size)} if more else {})}

    def head_object(self, *, Bucket: str, Key: str) -> dict:  # noqa: N803
        self.get_object(Bucket=Bucket, Key=Key)  # raises NoSuchKey the same way
        return {"LastModified": self.modified[Key]}

    def delete_object(self, *, Bucket: str, Key: str) -> dict:  # noqa: N803
        self.deleted.append(Key)
        self.objects.pop((Bucket, Key), None)
        return {}


def test_s3_lists_every_page_under_its_prefix():
    client = PagedS3(page_size=2)
    store = S3Storage(client, "bang-chung", prefix="evidence/")
    shas = {store.put(f"anh {i}".encode()) for i in range(5)}
    client.put_object(Bucket="bang-chung", Key="evidence/notes.txt", Body=b"x")
    client.put_object(Bucket="bang-chung", Key="other/" + "a" * 64, Body=b"x")
    listed = list(store.blobs())
    assert {b.sha256 for b in listed} == shas
    assert {b.size for b in listed} == {len(b"anh 0")}
    assert client.listings == ["", "2", "4"]


def test_s3_deletes_only_what_is_older_than_the_cutoff():
    client = PagedS3()
    store = S3Storage(client, "bang-chung", prefix="evidence/")
    old, new = store.put(b"cu"), store.put(b"moi")
    client.modified[f"evidence/{old}"] -= timedelta(hours=48)
    cutoff = datetime.now(UTC) - timedelta(hours=24)
    assert store.delete(new, older_than=cutoff) is False
    assert store.delete(old, older_than=cutoff) is True
    assert store.delete(old, older_than=cutoff) is False  # gone: head_object says 404
    assert client.deleted == [f"evidence/{old}"]
    assert store.delete(new) is True and ("bang-chung", f"evidence/{new}") not in client.objects
