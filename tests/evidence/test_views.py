"""Uploading evidence through the case page, and handing it out: limits, rights, custody."""

from __future__ import annotations

import io
import stat

import pytest
import sqlalchemy as sa
from PIL import Image

from caseflow.accounts.models import OrgKind, Role
from caseflow.audit.models import AuditEvent
from caseflow.documents.context import evidence_rows
from caseflow.evidence.models import Evidence
from caseflow.extensions import db
from caseflow.privacy.queries import processing_log
from tests.conftest import csrf_token, login
from tests.evidence import samples
from tests.factories import make_officer, make_user

pytestmark = pytest.mark.usefixtures("evidence_dir")


def upload(client, case, files, captions=None, **kw):
    """POST files (name, bytes) with captions to the case's upload form."""
    data = {"csrf_token": csrf_token(client),
            "file": [(io.BytesIO(content), name) for name, content in files],
            "caption": captions or [f"Chú thích {i}" for i in range(len(files))]}
    return client.post(f"/cases/{case.id}/evidence", data=data,
                       content_type="multipart/form-data", **kw)


def stored_files(directory) -> list:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def evidence_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Evidence.id)))


def actions(prefix: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action.startswith(prefix)).order_by(AuditEvent.seq)))


def test_a_clerk_attaches_photos_and_a_pdf_with_captions(client, firm_case, evidence_dir):
    case, clerk = firm_case
    login(client, clerk)
    photo, scan = samples.jpeg(gps=True, seed=21), samples.pdf(pages=2)
    response = upload(client, case, [("anh-hop.jpg", photo), ("bien-ban.pdf", scan)],
                      ["Hộp mỹ phẩm", "Biên bản quét"])
    assert response.status_code == 303
    items = db.session.scalars(sa.select(Evidence).order_by(Evidence.id)).all()
    assert [(e.kind.value, e.caption, e.page_count) for e in items] == [
        ("jpeg", "Hộp mỹ phẩm", None), ("pdf", "Biên bản quét", 2)]
    assert items[0].display_sha256 and items[0].thumb_sha256 and items[1].display_sha256 is None
    uploads = actions("evidence.upload")
    assert [e.payload["sha256"] for e in uploads] == [items[0].sha256, items[1].sha256]
    files = stored_files(evidence_dir)
    assert len(files) == 4  # two originals, one display copy, one thumbnail
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o440 for f in files)
    original = next(f for f in files if f.name == items[0].sha256)
    assert original.read_bytes() == photo  # kept byte for byte, GPS and all
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'/evidence/{items[0].id}/thumb"' in page and items[1].sha256 in page


def test_the_script_gets_json(client, firm_case):
    case, clerk = firm_case
    login(client, clerk)
    response = upload(client, case, [("a.png", samples.png())],
                      headers={"Accept": "application/json"})
    assert response.status_code == 201
    assert response.get_json()["redirect"].endswith("#evidence")


def test_one_bad_file_refuses_the_request_and_nothing_is_stored(client, firm_case,
                                                                evidence_dir):
    case, clerk = firm_case
    login(client, clerk)
    response = upload(client, case, [("ok.jpg", samples.jpeg(seed=22)),
                                     ("anh.jpg", samples.HTML_AS_JPEG)],
                      headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert "anh.jpg" in response.get_json()["message"]
    assert "HTML" in response.get_json()["message"]
    assert evidence_count() == 0 and stored_files(evidence_dir) == []


@pytest.mark.parametrize(("setting", "value", "files", "words"), [
    ("EVIDENCE_MAX_FILE_BYTES", 2_000, 1, "mỗi tệp"),
    ("EVIDENCE_MAX_REQUEST_BYTES", 2_000, 1, "Tổng dung lượng gửi lên"),
    ("EVIDENCE_MAX_FILES_PER_REQUEST", 2, 3, "tối đa 2 tệp"),
    ("EVIDENCE_MAX_FILES_PER_CASE", 1, 2, "tối đa 1 tệp"),
    ("EVIDENCE_MAX_CASE_BYTES", 5_000, 2, "Tổng dung lượng chứng cứ"),
], ids=["per file", "per request", "files per request", "files per case", "bytes per case"])
def test_over_a_limit_is_413_with_a_clear_message_and_nothing_stored(
        app, client, firm_case, evidence_dir, monkeypatch, setting, value, files, words):
    case, clerk = firm_case
    login(client, clerk)
    monkeypatch.setitem(app.config, setting, value)
    photos = [(f"anh{i}.jpg", samples.jpeg(size=(120, 90), seed=30 + i)) for i in range(files)]
    response = upload(client, case, photos)
    assert response.status_code == 413
    assert words in response.get_data(as_text=True)
    assert evidence_count() == 0 and stored_files(evidence_dir) == []


@pytest.fixture
def with_evidence(client, firm_case):
    """The firm case with one photo (GPS in the original) attached by its clerk."""
    case, clerk = firm_case
    login(client, clerk)
    photo = samples.jpeg(gps=True, seed=40)
    assert upload(client, case, [("hop.jpg", photo)]).status_code == 303
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    item = db.session.scalar(sa.select(Evidence))
    return case, clerk, item, photo


def test_the_owning_firm_downloads_the_original_as_a_sandboxed_attachment(client,
                                                                          with_evidence):
    case, clerk, item, photo = with_evidence
    login(client, clerk)
    response = client.get(f"/cases/{case.id}/evidence/{item.id}/original")
    assert response.status_code == 200 and response.data == photo
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers.getlist("Content-Security-Policy")
    downloads = actions("evidence.download")
    assert [(e.actor_id, e.object_id, e.payload["sha256"]) for e in downloads] == [
        (clerk.id, item.id, item.sha256)]
    logged = db.session.execute(processing_log({})).all()
    assert any(row[0].action == "evidence.download" for row in logged)


def test_a_supervisor_sees_the_cleaned_copy_but_not_the_original(client, with_evidence):
    case, _clerk, item, _photo = with_evidence
    supervisor = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01")
    db.session.commit()
    login(client, supervisor)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/evidence/{item.id}/thumb" in page and "data-original" not in page
    display = client.get(f"/cases/{case.id}/evidence/{item.id}/display")
    assert display.status_code == 200
    assert len(Image.open(io.BytesIO(display.data)).getexif()) == 0
    assert client.get(f"/cases/{case.id}/evidence/{item.id}/original").status_code == 403
    assert actions("evidence.download") == []


def test_an_agency_gets_the_original_only_after_accepting(client, firm_case):
    case, clerk = firm_case
    officer = make_officer(kind=OrgKind.POLICE, province_code="01")
    db.session.commit()
    login(client, clerk)
    upload(client, case, [("hop.jpg", samples.jpeg(seed=41))])
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    from tests.factories import press, refer_case

    security = make_user(role=Role.FIRM_SECURITY, org=clerk.organisation)
    referral = refer_case(case, actor=security, agencies=[officer.organisation])[0]
    db.session.commit()
    item = db.session.scalar(sa.select(Evidence))
    url = f"/cases/{case.id}/evidence/{item.id}/original"
    login(client, officer)
    assert client.get(url).status_code == 403
    press(referral, "accept", actor=officer)
    db.session.commit()
    assert client.get(url).status_code == 200


def test_an_altered_file_raises_an_integrity_alert_and_is_not_handed_out(
        client, with_evidence, evidence_dir, caplog):
    case, clerk, item, _photo = with_evidence
    path = next(p for p in stored_files(evidence_dir) if p.name == item.sha256)
    path.chmod(0o640)
    path.write_bytes(samples.jpeg(gps=True, seed=42))
    login(client, clerk)
    response = client.get(f"/cases/{case.id}/evidence/{item.id}/original",
                          follow_redirects=True)
    assert "Cảnh báo toàn vẹn" in response.get_data(as_text=True)
    assert response.request.path == f"/cases/{case.id}"
    alerts = actions("evidence.integrity_alert")
    assert [(a.object_id, a.payload["expected"]) for a in alerts] == [(item.id, item.sha256)]
    assert actions("evidence.download") == []
    assert "EVIDENCE INTEGRITY ALERT" in caplog.text


def test_admins_get_404_and_others_see_no_upload_form(client, with_evidence):
    case, _clerk, item, _photo = with_evidence
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    login(client, admin)
    assert client.get(f"/cases/{case.id}/evidence/{item.id}/thumb").status_code == 404


def test_the_printed_case_file_embeds_the_photos_and_lists_the_pdfs(app, client, firm_case):
    case, clerk = firm_case
    login(client, clerk)
    upload(client, case, [("hop.jpg", samples.jpeg(seed=43)), ("bb.pdf", samples.pdf())],
           ["Hộp", ""])
    rows = evidence_rows(case)
    assert [r["name"] for r in rows] == ["Hộp (hop.jpg)", "bb.pdf"]
    assert rows[0]["image"].startswith("data:image/jpeg;base64,") and rows[1]["image"] == ""


def test_the_upload_form_works_without_javascript_and_loads_the_script(client, firm_case):
    case, clerk = firm_case
    login(client, clerk)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and page.count('name="file"') == 3
    assert "js/evidence-upload.js" in page and "<script>" not in page
