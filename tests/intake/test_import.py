"""Importing a CSV or Excel file: template, preview, confirm (a worker imports), re-import."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from sqlalchemy.orm.attributes import set_committed_value

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Case
from caseflow.errors import Conflict
from caseflow.extensions import db
from caseflow.intake import imports, parsing
from caseflow.intake.models import BatchStatus, ImportBatch
from caseflow.tasks import work
from tests.conftest import csrf_token, login
from tests.factories import make_org, make_user


@pytest.fixture
def security(app):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    user = make_user(role=Role.FIRM_SECURITY, org=firm)
    db.session.commit()
    return user


def table(rows: int, *, bad: tuple[int, ...] = ()) -> list[list[str]]:
    """The template's header and rows made from its example, some broken."""
    head = parsing.headers()
    body = []
    for i in range(rows):
        values = dict(parsing.EXAMPLE, tracking_number=f"EB5{i:08d}VN")
        if i in bad:
            values["sender_phone"] = "không có"
        body.append([values.get(name, "") for name in parsing.FIELDS])
    return [head, *body]


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def as_xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(client, data: bytes, name: str):
    return client.post("/intake/", data={"csrf_token": csrf_token(client),
                                         "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def confirm(client, batch_id: int, *, script: bool = True):
    headers = {"Accept": "application/json"} if script else {}
    return client.post(f"/intake/{batch_id}/import", data={"csrf_token": csrf_token(client)},
                       headers=headers)


def cases() -> int:
    return db.session.scalar(sa.select(sa.func.count(Case.id)))


def test_the_templates_are_downloadable_and_read_back(client, security):
    login(client, security)
    as_text = client.get("/intake/template.csv").data.decode("utf-8-sig")
    assert as_text.startswith("Số hiệu bưu gửi (tracking_number)")
    book = load_workbook(io.BytesIO(client.get("/intake/template.xlsx").data))
    assert book.worksheets[0]["A1"].value == "Số hiệu bưu gửi (tracking_number)"
    rows = parsing.read_table("mau.csv", as_text.encode(), max_rows=10)
    assert rows[0]["tracking_number"] == "EB123456789VN" and rows[0]["dong_kiem_done"] is True


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_preview_then_confirm_in_the_background_then_reimport_creates_nothing(
        client, security, kind, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)
    login(client, security)
    data = as_csv(table(5, bad=(3,))) if kind == "csv" else as_xlsx(table(5, bad=(3,)))
    response = send(client, data, f"bao-cao.{kind}")
    assert response.status_code == 303
    batch = db.session.scalar(sa.select(ImportBatch))
    assert (batch.total_rows, batch.pending_rows, batch.rejected_count) == (5, 4, 1)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count('data-status="new"') == 4 and 'data-row="5" data-status="rejected"' in page
    assert "sender_phone" in page and cases() == 0  # the preview writes no case
    state = confirm(client, batch.id).get_json()  # the test queue runs the task inline
    assert (state["progress"], state["processed"], state["done"]) == (100, 4, True)
    assert client.get(state["progress_url"]).get_json()["done"] is True
    assert cases() == 4
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch.id).rows_sealed == ""
    again = send(client, data, f"lai.{kind}")
    second = db.session.scalars(sa.select(ImportBatch).order_by(ImportBatch.id)).all()[-1]
    assert (second.pending_rows, second.existing_count, second.status) == (4 - 4, 4,
                                                                           BatchStatus.DONE)
    assert "đã được tải lên" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert cases() == 4


def test_a_press_queues_the_import_and_a_second_press_resumes_a_lost_one(client, security,
                                                                        monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)
    queued = []
    monkeypatch.setattr(work, "import_batch",  # a worker that never comes
                        lambda batch_id, request_id: queued.append(batch_id))
    login(client, security)
    send(client, as_csv(table(3)), "a.csv")
    batch = db.session.scalar(sa.select(ImportBatch))
    assert confirm(client, batch.id, script=False).status_code == 303
    assert queued == [batch.id] and cases() == 0
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch.id).status is BatchStatus.IMPORTING
    imports.import_chunk(db.session.get(ImportBatch, batch.id), actor=security)
    db.session.commit()  # a worker imported one chunk, then died
    assert cases() == 2
    confirm(client, batch.id, script=False)  # "Tiếp tục nhập"
    imports.run(batch.id)  # what the new worker does: the rest, each chunk committed
    assert queued == [batch.id] * 2 and cases() == 3
    confirm(client, batch.id, script=False)
    assert len(queued) == 2  # done: nothing more to queue


def test_two_runs_of_one_batch_never_import_a_chunk_twice(client, security, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)
    monkeypatch.setattr(work, "import_batch", lambda batch_id, request_id: None)
    login(client, security)
    send(client, as_csv(table(3)), "a.csv")
    batch = db.session.scalar(sa.select(ImportBatch))
    confirm(client, batch.id, script=False)
    imports.import_chunk(batch, actor=security)
    db.session.commit()
    set_committed_value(batch, "processed_rows", 0)  # as a second run read it, before
    with pytest.raises(Conflict):
        imports.import_chunk(batch, actor=security)
    db.session.rollback()
    assert cases() == 2


def test_the_pending_rows_are_stored_encrypted(client, security):
    login(client, security)
    send(client, as_csv(table(2)), "a.csv")
    batch = db.session.scalar(sa.select(ImportBatch))
    assert batch.rows_sealed.startswith("v1.") and "Nguyễn" not in batch.rows_sealed


@pytest.mark.parametrize(("data", "words"), [
    (b"ten,so\nA,1\n", "Số hiệu bưu gửi"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "CSV"),
    (b"PK\x03\x04garbage", "Excel"),
], ids=["no tracking column", "binary", "broken xlsx"])
def test_unreadable_files_are_refused_with_a_reason(client, security, data, words):
    login(client, security)
    response = send(client, data, "x.csv")
    assert response.status_code == 200 and words in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ImportBatch.id))) == 0


@pytest.mark.parametrize("role", [Role.FIRM_CLERK, Role.AGENCY_OFFICER,
                                  Role.NATIONAL_SUPERVISOR], ids=str)
def test_only_a_firms_security_officer_imports(client, app, role):
    user = make_user(role=role)
    db.session.commit()
    login(client, user)
    assert client.get("/intake/").status_code == 404
