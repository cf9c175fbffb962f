"""The case export read in keyset batches: the list's rows and order, ties included, and no
batch asked for beyond the rows counted."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from caseflow.reports import case_export
from caseflow.workflow.states import CaseStatus
from tests.cases import test_views
from tests.cases.test_views import case_in, created, listed
from tests.conftest import login
from tests.paging import recorded_statements

BASE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)

cast = test_views.cast  # the same people as the case list's tests


@pytest.fixture
def seven(app, cast, monkeypatch):
    """Seven flagged cases, three created at the same moment; the export reads two at a time,
    the list shows ten a page."""
    monkeypatch.setattr(case_export, "BATCH", 2)
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 10)
    hours = (0, 1, 2, 2, 2, 3, 4)
    return [created(case_in(cast, CaseStatus.FLAGGED), BASE + timedelta(hours=h)) for h in hours]


def exported(client, query: str = "") -> list[str]:
    response = client.get(f"/cases/export.csv{query}")
    assert response.status_code == 200
    return [row[0] for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")))][1:]


def test_the_export_has_the_lists_rows_in_the_lists_order(client, cast, seven):
    login(client, cast.security)
    by_id = {case.id: case.reference for case in seven}
    assert exported(client) == [by_id[i] for i in listed(client)]
    assert sorted(exported(client)) == sorted(by_id.values())


def test_a_filtered_export_reads_only_its_rows(client, cast, seven):
    case_in(cast, CaseStatus.REFERRED)
    login(client, cast.security)
    assert exported(client, "?status=flagged") == [c.reference for c in seven[::-1]]


def test_the_export_asks_for_no_batch_beyond_the_rows_counted(client, cast, seven):
    login(client, cast.security)
    client.get("/cases/export.csv")  # warm the per-process caches
    with recorded_statements() as statements:
        exported(client)
    batches = [sql for sql in statements if "LIMIT" in sql and "service_type" in sql]
    assert len(batches) == 4  # 2 + 2 + 2 + 1, and no empty fifth
