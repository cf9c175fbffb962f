"""Evidence through the case page's upload widget in real Chromium: pick, drop, progress,
thumbnails; and a refused file told in Vietnamese beside the widget, nothing stored."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from caseflow.accounts.models import User
from caseflow.evidence.models import Evidence
from caseflow.evidence.storage import EXTENSION_KEY
from caseflow.extensions import db
from tests.browser.conftest import WATCH_PROGRESS, progress_seen
from tests.evidence.samples import SVG, jpeg, png
from tests.factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Drop files on the zone as a browser does: dragenter and dragover (the zone must cancel them,
#: or no drop follows), then drop, all carrying one DataTransfer.
DROP = """(zone, files) => {
  const data = new DataTransfer();
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.b64), c => c.charCodeAt(0));
    data.items.add(new File([bytes], f.name, {type: f.type}));
  }
  const accepted = ['dragenter', 'dragover'].map(type => !zone.dispatchEvent(
    new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data})));
  zone.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));
  return accepted;
}"""


@pytest.fixture
def store(live_server, tmp_path) -> Path:
    """The evidence store of this test, so that what it holds can be counted."""
    live_server.app.config["EVIDENCE_DIR"] = str(tmp_path / "evidence")
    live_server.app.extensions.pop(EXTENSION_KEY, None)
    return tmp_path / "evidence"


@pytest.fixture
def case_page(live_server, people, store, login) -> Page:
    """The clerk on the page of a case the firm has just reported."""
    with live_server.app.app_context():
        clerk = db.session.scalars(sa.select(User).filter_by(username=people.clerk)).one()
        case = make_case(firm_user=clerk)
        case_id = case.id
        db.session.commit()
    page = login(people.clerk)
    page.goto(f"/cases/{case_id}")
    expect(page.get_by_role("heading", name="Tài liệu, hình ảnh chứng cứ")).to_be_visible()
    return page


def widget(page: Page):
    return page.locator("#evidence-upload")


def blobs(store: Path) -> list[Path]:
    return [p for p in store.rglob("*") if p.is_file()] if store.exists() else []


def stored(live_server) -> list[Evidence]:
    with live_server.app.app_context():
        return list(db.session.scalars(sa.select(Evidence).order_by(Evidence.id)))


def test_a_clerk_picks_one_photo_drops_another_and_sees_both(live_server, case_page, store):
    page, photo, drawing = case_page, jpeg(seed=11, size=(120, 90)), png(seed=12)
    zone = widget(page).locator("[data-drop-zone]")
    expect(zone).to_be_visible()  # the script replaced the plain file rows
    expect(widget(page).locator("[data-plain-rows]")).to_be_hidden()

    widget(page).get_by_label("Chọn tệp").set_input_files(
        {"name": "kien-hang.jpg", "mimeType": "image/jpeg", "buffer": photo})
    accepted = zone.evaluate(DROP, [{"name": "niem-phong.png", "type": "image/png",
                                     "b64": base64.b64encode(drawing).decode()}])
    assert accepted == [True, True]
    chosen = widget(page).locator("[data-file-list] li")
    expect(chosen).to_have_count(2)
    expect(chosen.nth(0)).to_contain_text("kien-hang.jpg")
    expect(chosen.nth(1)).to_contain_text("niem-phong.png")
    page.get_by_label("Chú thích — kien-hang.jpg").fill("Kiện hàng khi mở niêm phong")
    page.get_by_label("Chú thích — niem-phong.png").fill("Số niêm phong NP-0001")

    # Hold the upload in flight to see the widget at work, then let it through.
    held = []
    page.route("**/evidence", lambda route: held.append(route))
    widget(page).locator("[data-progress]").evaluate(WATCH_PROGRESS)
    widget(page).get_by_role("button", name="Tải lên").click()
    expect(widget(page).get_by_role("progressbar", name="Tiến độ tải lên")).to_be_visible()
    expect(widget(page).get_by_role("button", name="Tải lên")).to_be_disabled()
    assert len(held) == 1
    held[0].continue_()

    expect(page.locator(".alert-success")).to_have_text("Đã thêm 2 tệp chứng cứ.")
    assert max(progress_seen(page)) == 100
    items = page.get_by_test_id("evidence-list").locator("[data-evidence]")
    expect(items).to_have_count(2)
    expect(page.locator("#h-evidence .badge")).to_have_text("2")
    for caption in ("Kiện hàng khi mở niêm phong", "Số niêm phong NP-0001"):
        thumb = page.get_by_role("img", name=caption)
        expect(thumb).to_be_visible()
        assert thumb.evaluate("img => img.complete && img.naturalWidth") > 0

    rows = stored(live_server)
    assert [(e.filename, e.caption) for e in rows] == [
        ("kien-hang.jpg", "Kiện hàng khi mở niêm phong"),
        ("niem-phong.png", "Số niêm phong NP-0001")]
    assert [e.sha256 for e in rows] == [hashlib.sha256(b).hexdigest() for b in (photo, drawing)]
    for item in rows:  # originals kept byte for byte, with a thumbnail beside them
        assert item.thumb_sha256
        expect(page.locator(f'[data-evidence="{item.id}"]')).to_contain_text(item.sha256)
    kept = {p.name for p in blobs(store)}
    assert {e.sha256 for e in rows} | {e.thumb_sha256 for e in rows} <= kept


def test_a_refused_file_is_told_beside_the_widget_and_nothing_is_stored(live_server, case_page,
                                                                        store):
    page, error = case_page, widget(case_page).locator("[data-upload-error]")
    widget(page).get_by_label("Chọn tệp").set_input_files(
        {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": SVG})
    widget(page).get_by_role("button", name="Tải lên").click()
    expect(error).to_be_visible()
    expect(error).to_have_text("Tệp “logo.svg” bị từ chối: Không nhận tệp SVG (ảnh vẽ có thể "
                               "chứa mã lệnh).")
    expect(widget(page).locator("[data-progress]")).to_be_hidden()
    expect(widget(page).get_by_role("button", name="Tải lên")).to_be_enabled()
    assert stored(live_server) == []
    assert blobs(store) == []

    # A file over the per-file limit is refused before anything is sent.
    live_server.app.config["EVIDENCE_MAX_FILE_BYTES"] = 1024 * 1024
    page.reload()
    widget(page).get_by_label("Chọn tệp").set_input_files(
        {"name": "anh-lon.jpg", "mimeType": "image/jpeg",
         "buffer": jpeg(seed=5) + b"\0" * (1024 * 1024)})
    expect(error).to_have_text("Tệp vượt quá giới hạn 1 MB mỗi tệp: anh-lon.jpg")
    expect(widget(page).locator("[data-file-list] li")).to_have_count(0)
    assert stored(live_server) == [] and blobs(store) == []
