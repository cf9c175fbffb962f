"""The public verify page: only the public facts, and a check of a pasted hash or an upload."""

from __future__ import annotations

import io
import re

import pytest

from caseflow.documents import services
from caseflow.extensions import db
from tests.conftest import csrf_token
from tests.documents.helpers import stored_pdf

FACT_RE = re.compile(r'data-fact="(\w+)"')


@pytest.fixture
def record(app, cast, case, fast_render):
    """A biên bản as a holder would have it: its bytes and its public page."""
    document = services.issue(services.bien_ban_draft(case, actor=cast.clerk),
                              url_root="http://localhost/")
    db.session.commit()
    return document


def page_token(client, url: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(True))
    return match.group(1)


def test_anyone_sees_number_kind_issuer_date_and_hash_only(client, record, case):
    response = client.get(f"/verify/{record.public_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FACT_RE.findall(html) == ["number", "kind", "issuer", "date", "sha256"]
    for shown in (record.number, "Biên bản dừng vận chuyển bưu gửi",
                  "Bưu điện Thành phố Hà Nội", record.sha256):
        assert shown in html
    for hidden in (case.reference, case.tracking_number, "Nguyễn Văn Bình", "Trần Thị Hoa"):
        assert hidden not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_or_integer_ids_are_not_found(client, record):
    assert client.get("/verify/not-a-document").status_code == 404
    assert client.get(f"/verify/{record.id}").status_code == 404


@pytest.mark.parametrize("field", ["sha256", "pdf"])
def test_a_genuine_copy_matches(client, record, field):
    url = f"/verify/{record.public_id}"
    data = {"csrf_token": page_token(client, url)}
    if field == "sha256":
        data["sha256"] = f"  {record.sha256.upper()} "
    else:
        data["pdf"] = (io.BytesIO(stored_pdf(record)), "ban-sao.pdf")
    html = client.post(url, data=data, content_type="multipart/form-data").get_data(True)
    assert 'data-match="yes"' in html


@pytest.mark.parametrize("field", ["sha256", "pdf"])
def test_an_altered_copy_does_not_match(client, record, field):
    url = f"/verify/{record.public_id}"
    data = {"csrf_token": page_token(client, url)}
    if field == "sha256":
        data["sha256"] = "0" * 64
    else:
        data["pdf"] = (io.BytesIO(stored_pdf(record) + b"\n%edited"), "ban-sao.pdf")
    html = client.post(url, data=data, content_type="multipart/form-data").get_data(True)
    assert 'data-match="no"' in html


def test_check_needs_the_form_token(client, record):
    response = client.post(f"/verify/{record.public_id}", data={"sha256": record.sha256})
    assert response.status_code == 400


def test_a_malformed_hash_is_explained(client, record):
    url = f"/verify/{record.public_id}"
    html = client.post(url, data={"csrf_token": page_token(client, url),
                                  "sha256": "abc"}).get_data(True)
    assert "64 ký tự" in html and "data-match" not in html


def test_oversized_uploads_are_refused(app, client, record):
    url = f"/verify/{record.public_id}"
    token = page_token(client, url)
    app.config["DOCUMENT_VERIFY_MAX_BYTES"] = 1024
    try:
        response = client.post(url, data={"csrf_token": token,
                                          "pdf": (io.BytesIO(b"x" * 4096), "big.pdf")},
                               content_type="multipart/form-data")
    finally:
        app.config.pop("DOCUMENT_VERIFY_MAX_BYTES")
    assert response.status_code == 413


def test_the_verify_page_is_the_only_public_document_endpoint(client, record):
    assert client.get(f"/documents/{record.id}/download").status_code == 302  # to login
    assert csrf_token(client)  # the public page renders in the site's layout
