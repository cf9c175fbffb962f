"""`flask evidence gc`: blobs no row names and older than the grace period go; the rest stay."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.audit.models import AuditEvent
from caseflow.evidence import gc
from caseflow.evidence import services as evidence_services
from caseflow.evidence.services import Upload
from caseflow.evidence.storage import S3Storage, storage
from caseflow.extensions import db
from caseflow.inspections import photos
from caseflow.inspections import services as inspections
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import ItemResult
from tests.evidence import samples
from tests.evidence.test_storage import PagedS3
from tests.factories import make_case, make_org, make_user

pytestmark = pytest.mark.usefixtures("evidence_dir")


def age(*shas: str, hours: float = 48) -> None:
    """Pretend these blobs were put `hours` ago."""
    stamp = time.time() - hours * 3600
    for sha in shas:
        os.utime(storage().path_of(sha), (stamp, stamp))


def stored() -> set[str]:
    return {blob.sha256 for blob in storage().blobs()}


def gc_events() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "evidence.gc")))


def run(app, *args: str):
    result = app.test_cli_runner().invoke(args=["evidence", "gc", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def inspection_item():
    """A recorded inspection's failed item, and the Sở supervisor who may attach photos."""
    dost = make_org(kind=OrgKind.DOST, province_code="01")
    supervisor = make_user(role=Role.PROVINCIAL_SUPERVISOR, org=dost)
    firm = make_org(kind=OrgKind.POSTAL_FIRM)
    inspection = inspections.plan(actor=supervisor, data={
        "firm_id": firm.id, "service_point": "", "planned_on": date(2026, 7, 1),
        "decision_number": "1/QĐ", "team": "Đoàn 1", "scope": ""})
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    inspections.record(inspection, actor=supervisor, inspected_on=date(2026, 7, 1),
                       results=results, conclusion="", expected_version=inspection.version)
    return inspection.items[0], supervisor


@pytest.fixture
def blobs(app):
    """A case's photo and PDF, an inspection photo, all put two days ago; two orphans."""
    clerk = make_user(role=Role.FIRM_CLERK)
    case = make_case(firm_user=clerk)
    photo, pdf = evidence_services.attach(case, actor=clerk, uploads=[
        Upload("anh.jpg", "Ảnh", samples.jpeg(seed=1)), Upload("bb.pdf", "", samples.pdf())])
    item, supervisor = inspection_item()
    (checked,) = photos.attach(item, actor=supervisor,
                               uploads=[Upload("kt.jpg", "", samples.jpeg(seed=2))])
    db.session.commit()
    old_orphan, new_orphan = storage().put(b"left by a rollback"), storage().put(b"in flight")
    referenced = {photo.sha256, photo.display_sha256, photo.thumb_sha256, pdf.sha256,
                  checked.sha256, checked.display_sha256, checked.thumb_sha256}
    age(*referenced, old_orphan)
    return SimpleNamespace(referenced=referenced, old_orphan=old_orphan, new_orphan=new_orphan)


def test_referenced_blobs_and_recent_orphans_stay_old_orphans_go(app, blobs):
    output = run(app)
    assert stored() == blobs.referenced | {blobs.new_orphan}
    assert output.startswith("9 blobs stored")
    assert "7 referenced, 1 unreferenced but newer than 24 h kept" in output
    assert output.endswith(f"deleted 1 ({len(b'left by a rollback')} bytes)")


def test_every_hash_column_counts_as_a_reference(app, blobs):
    assert gc.referenced_hashes() == blobs.referenced


def test_a_run_records_one_audit_event_with_the_counts(app, blobs):
    run(app)
    db.session.expire_all()
    (event,) = gc_events()
    assert event.payload["deleted"] == 1 and event.payload["stored"] == 9
    assert event.payload["referenced"] == 7 and event.payload["recent"] == 1
    assert event.payload["deleted_bytes"] == len(b"left by a rollback")
    assert event.actor_id is None


def test_a_dry_run_deletes_nothing_and_records_nothing(app, blobs):
    output = run(app, "--dry-run")
    assert "would delete 1" in output
    assert stored() == blobs.referenced | {blobs.old_orphan, blobs.new_orphan}
    assert gc_events() == []


def test_a_longer_grace_period_keeps_the_two_day_old_orphan(app, blobs):
    assert run(app, "--grace-hours", "72").endswith("deleted 0 (0 bytes)")
    assert blobs.old_orphan in stored()


def test_a_grace_period_under_an_hour_is_refused(app, blobs):
    result = app.test_cli_runner().invoke(args=["evidence", "gc", "--grace-hours", "0"])
    assert result.exit_code != 0 and blobs.old_orphan in stored()


def test_the_bytes_of_a_rolled_back_upload_are_collected(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    case = make_case(firm_user=clerk)
    db.session.commit()
    (item,) = evidence_services.attach(case, actor=clerk,
                                       uploads=[Upload("anh.jpg", "", samples.jpeg(seed=3))])
    left = {item.sha256, item.display_sha256, item.thumb_sha256}
    db.session.rollback()
    assert left <= stored()
    age(*left)
    run(app)
    assert not left & stored()


def test_a_blob_put_again_while_the_run_lists_is_spared(app):
    store = storage()
    sha = store.put(b"uploaded again")
    age(sha)
    listed = list(store.blobs())
    store.put(b"uploaded again")  # an upload of the same bytes, not committed yet
    store.blobs = lambda: iter(listed)  # the run saw the old time
    result = gc.collect(store, grace=timedelta(hours=24))
    assert result.deleted.count == 0 and result.recent.count == 1 and sha in stored()


def test_the_s3_backend_is_collected_the_same_way(app):
    client = PagedS3(page_size=1)
    store = S3Storage(client, "bang-chung")
    recent, old = store.put(b"in flight"), store.put(b"orphan")
    client.modified[f"evidence/{old}"] -= timedelta(hours=48)
    result = gc.collect(store, grace=timedelta(hours=24))
    assert (result.deleted.count, result.recent.count) == (1, 1)
    assert client.deleted == [f"evidence/{old}"] and len(client.listings) == 2
    assert ("bang-chung", f"evidence/{recent}") in client.objects
