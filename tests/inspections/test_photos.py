"""Photos of checklist items: attached by the Sở, seen by the inspection's readers, printed."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader

from caseflow.audit.models import AuditEvent
from caseflow.documents.models import Document
from caseflow.errors import NotAllowed
from caseflow.evidence.services import EvidenceRefused, TooLarge, Upload
from caseflow.extensions import db
from caseflow.inspections import photos
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import InspectionItem, InspectionPhoto
from caseflow.privacy.queries import processing_log
from tests.conftest import csrf_token, login, post
from tests.documents.helpers import pdf_text, squash
from tests.evidence import samples

pytestmark = pytest.mark.usefixtures("photo_store")


def item_of(inspection, item: ChecklistItem = ChecklistItem.BANNED_LIST_POSTED):
    return db.session.scalar(sa.select(InspectionItem).where(
        InspectionItem.inspection_id == inspection.id, InspectionItem.item == item))


def upload(client, item, files, captions=None):
    """POST files (name, bytes) with captions to the item's upload form."""
    data = {"csrf_token": csrf_token(client),
            "file": [(io.BytesIO(content), name) for name, content in files],
            "caption": captions or [f"Ảnh {i}" for i in range(len(files))]}
    return client.post(f"/inspections/{item.inspection_id}/items/{item.id}/photos", data=data,
                       content_type="multipart/form-data")


def stored_files(directory) -> list:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def photo_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(InspectionPhoto.id)))


def actions(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == name)
                                   .order_by(AuditEvent.seq)))


def photo_urls(photo) -> dict[str, str]:
    base = f"/inspections/{photo.item.inspection_id}/photos/{photo.id}"
    return {which: f"{base}/{which}" for which in ("thumb", "display", "original")}


# --- services -------------------------------------------------------------------------------

def test_the_sos_supervisor_attaches_photos_kept_byte_for_byte_with_hashes_audited(
        people, recorded, photo_store):
    item = item_of(recorded)
    photo = samples.jpeg(gps=True, seed=61)
    created = photos.attach(item, actor=people.supervisor, uploads=[
        Upload("quay.jpg", "Quầy giao dịch", photo), Upload("bang.png", "", samples.png())])
    db.session.commit()
    assert [(p.kind.value, p.caption, p.filename) for p in created] == [
        ("jpeg", "Quầy giao dịch", "quay.jpg"), ("png", "", "bang.png")]
    events = actions("inspection_photo.upload")
    assert [(e.object_id, e.payload["sha256"], e.payload["inspection_id"]) for e in events] == [
        (p.id, p.sha256, recorded.id) for p in created]
    files = stored_files(photo_store)
    assert len(files) == 6  # two originals, two display copies, two thumbnails
    assert next(f for f in files if f.name == created[0].sha256).read_bytes() == photo


def test_the_same_photo_twice_on_an_item_is_kept_once(people, recorded):
    item, photo = item_of(recorded), samples.jpeg(seed=62)
    photos.attach(item, actor=people.supervisor, uploads=[Upload("a.jpg", "", photo)])
    again = photos.attach(item, actor=people.supervisor, uploads=[Upload("b.jpg", "", photo)])
    assert again == [] and photo_count() == 1


@pytest.mark.parametrize("who", ["security", "clerk", "national", "far_supervisor"])
def test_only_the_provinces_supervisors_attach(people, recorded, who):
    with pytest.raises(NotAllowed):
        photos.attach(item_of(recorded), actor=getattr(people, who),
                      uploads=[Upload("a.jpg", "", samples.jpeg(seed=63))])


def test_a_pdf_is_not_a_photo(people, recorded, photo_store):
    with pytest.raises(EvidenceRefused, match="Chỉ nhận ảnh JPEG, PNG hoặc HEIC"):
        photos.attach(item_of(recorded), actor=people.supervisor,
                      uploads=[Upload("ok.jpg", "", samples.jpeg(seed=64)),
                               Upload("bb.pdf", "", samples.pdf())])
    assert photo_count() == 0 and stored_files(photo_store) == []


def test_the_per_case_limits_count_the_whole_inspection(app, people, recorded, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_FILES_PER_CASE", 1)
    photos.attach(item_of(recorded), actor=people.supervisor,
                  uploads=[Upload("a.jpg", "", samples.jpeg(seed=65))])
    other = item_of(recorded, ChecklistItem.STOP_AND_NOTIFY)
    with pytest.raises(TooLarge, match="tối đa 1 ảnh"):
        photos.attach(other, actor=people.supervisor,
                      uploads=[Upload("b.jpg", "", samples.jpeg(seed=66))])


# --- views ----------------------------------------------------------------------------------

def test_uploaded_photos_are_listed_under_their_item_as_clean_thumbnails(
        client, people, recorded):
    item = item_of(recorded)
    login(client, people.supervisor)
    response = upload(client, item, [("quay.jpg", samples.jpeg(gps=True, seed=67)),
                                     ("bang.png", samples.png())],
                      ["Quầy không niêm yết", "Bảng cũ"])
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/inspections/{recorded.id}#item-{item.id}")
    first, second = db.session.scalars(sa.select(InspectionPhoto).order_by(InspectionPhoto.id))
    page = client.get(f"/inspections/{recorded.id}").get_data(as_text=True)
    assert f'data-item-photos="{item.id}"' in page and "Quầy không niêm yết" in page
    assert photo_urls(first)["thumb"] in page and photo_urls(second)["thumb"] in page
    display = client.get(photo_urls(first)["display"])
    assert display.status_code == 200 and display.mimetype == "image/jpeg"
    assert len(Image.open(io.BytesIO(display.data)).getexif()) == 0  # no GPS, no camera


@pytest.mark.parametrize(("name", "content", "words"), [
    ("ve.svg", samples.SVG, "Không nhận tệp SVG"),
    ("anh.jpg", samples.HTML_AS_JPEG, "Không nhận tệp HTML"),
    ("anh.jpg", "Đây là một tệp văn bản.".encode(), "Chỉ nhận ảnh JPEG, PNG hoặc HEIC"),
    ("bien-ban.pdf", samples.pdf(), "Chỉ nhận ảnh JPEG, PNG hoặc HEIC"),
], ids=["svg", "html named .jpg", "text named .jpg", "pdf"])
def test_what_is_not_a_photo_is_refused_by_content_and_nothing_is_stored(
        client, people, recorded, photo_store, name, content, words):
    login(client, people.supervisor)
    response = upload(client, item_of(recorded), [("ok.jpg", samples.jpeg(seed=68)),
                                                  (name, content)])
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert words in text and f"Tệp “{name}” bị từ chối" in text
    assert photo_count() == 0 and stored_files(photo_store) == []
    assert actions("inspection_photo.upload") == []


@pytest.mark.parametrize(("setting", "words"), [
    ("EVIDENCE_MAX_FILE_BYTES", "vượt quá giới hạn"),
    ("EVIDENCE_MAX_REQUEST_BYTES", "Tổng dung lượng gửi lên"),
], ids=["per file", "per request"])
def test_too_big_is_413_and_nothing_is_stored(app, client, people, recorded, photo_store,
                                              monkeypatch, setting, words):
    login(client, people.supervisor)
    monkeypatch.setitem(app.config, setting, 2_000)
    response = upload(client, item_of(recorded), [("to.jpg", samples.jpeg(size=(120, 90),
                                                                         seed=69))])
    assert response.status_code == 413 and words in response.get_data(as_text=True)
    assert photo_count() == 0 and stored_files(photo_store) == []


@pytest.mark.parametrize("who", ["security", "clerk", "national", "far_supervisor",
                                 "other_security", "officer", "admin"])
def test_no_one_else_uploads_and_the_form_shows_only_to_the_sos_supervisors(
        app, client, people, recorded, photo_store, who):
    login(client, getattr(people, who))
    response = upload(client, item_of(recorded), [("a.jpg", samples.jpeg(seed=70))])
    assert response.status_code == 404
    assert photo_count() == 0 and stored_files(photo_store) == []
    page = client.get(f"/inspections/{recorded.id}").get_data(as_text=True)
    assert "data-photo-upload" not in page
    supervisor = app.test_client()
    login(supervisor, people.supervisor)
    page = supervisor.get(f"/inspections/{recorded.id}").get_data(as_text=True)
    assert page.count("data-photo-upload=") == len(recorded.items)


@pytest.fixture
def with_photo(people, recorded):
    """The recorded inspection with one photo (GPS in the original) on its failed item."""
    original = samples.jpeg(gps=True, seed=71)
    [photo] = photos.attach(item_of(recorded), actor=people.supervisor,
                            uploads=[Upload("quay.jpg", "Quầy giao dịch số 2", original)])
    db.session.commit()
    return photo, original


@pytest.mark.parametrize(("who", "thumb", "original"), [
    ("supervisor", 200, 200), ("national", 200, 200), ("security", 200, 404),
    ("clerk", 200, 404), ("far_supervisor", 404, 404), ("other_security", 404, 404),
    ("officer", 404, 404), ("admin", 404, 404),
])  # fmt: skip
def test_who_sees_the_copies_and_who_downloads_the_original(client, people, with_photo, who,
                                                            thumb, original):
    photo, _original = with_photo
    login(client, getattr(people, who))
    urls = photo_urls(photo)
    assert client.get(urls["thumb"]).status_code == thumb
    assert client.get(urls["display"]).status_code == thumb
    assert client.get(urls["original"]).status_code == original
    page = client.get(f"/inspections/{photo.item.inspection_id}")
    if thumb == 200:
        assert ('data-photo-original' in page.get_data(as_text=True)) == (original == 200)


def test_the_original_is_a_sandboxed_attachment_and_its_download_is_logged(
        client, people, with_photo):
    photo, original = with_photo
    login(client, people.national)
    response = client.get(photo_urls(photo)["original"])
    assert response.data == original  # GPS and all
    assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''quay.jpg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers.getlist("Content-Security-Policy")
    downloads = actions("inspection_photo.download")
    assert [(e.actor_id, e.object_id, e.payload["sha256"]) for e in downloads] == [
        (people.national.id, photo.id, photo.sha256)]
    logged = db.session.execute(processing_log({})).all()
    assert any(row[0].action == "inspection_photo.download" for row in logged)


def test_an_altered_original_raises_an_integrity_alert_and_is_refused(
        client, people, with_photo, photo_store, caplog):
    photo, _original = with_photo
    path = next(p for p in stored_files(photo_store) if p.name == photo.sha256)
    path.chmod(0o640)
    path.write_bytes(samples.jpeg(gps=True, seed=72))
    login(client, people.supervisor)
    response = client.get(photo_urls(photo)["original"], follow_redirects=True)
    assert response.request.path == f"/inspections/{photo.item.inspection_id}"
    assert "Cảnh báo toàn vẹn" in response.get_data(as_text=True)
    alerts = actions("inspection_photo.integrity_alert")
    assert [(a.object_id, a.payload["expected"]) for a in alerts] == [(photo.id, photo.sha256)]
    assert actions("inspection_photo.download") == []
    assert "EVIDENCE INTEGRITY ALERT" in caplog.text


def images_in(content: bytes) -> set[tuple[int, int]]:
    """Return the sizes of the distinct images a PDF embeds (pages share their resources)."""
    return {image.image.size for page in PdfReader(io.BytesIO(content)).pages
            for image in page.images}


def test_the_minute_embeds_the_photos_with_caption_and_hash(client, people, recorded):
    login(client, people.supervisor)
    post(client, f"/inspections/{recorded.id}/minute")
    without = db.session.scalar(sa.select(Document))
    [photo] = photos.attach(item_of(recorded), actor=people.supervisor,
                            uploads=[Upload("quay.jpg", "Quầy giao dịch số 2",
                                            samples.jpeg(size=(200, 150), seed=73))])
    db.session.commit()
    post(client, f"/inspections/{recorded.id}/minute")
    document = db.session.scalar(sa.select(Document).where(Document.id != without.id))
    content = client.get(f"/documents/{document.id}/download").data
    text = pdf_text(content)
    for part in ("Hình ảnh kèm theo", "Quầy giao dịch số 2", photo.sha256, "Kèm 1 ảnh"):
        assert squash(part) in text, part
    old = client.get(f"/documents/{without.id}/download").data
    assert images_in(content) - images_in(old) == {(200, 150)}  # the photo's print copy
