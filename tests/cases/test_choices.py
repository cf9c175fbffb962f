"""The list's filter choices: read once per process, forgotten when an organisation changes."""

from __future__ import annotations

import re

import pytest

from caseflow.accounts import queries as accounts_queries
from caseflow.accounts.models import OrgKind
from caseflow.cases import choices
from caseflow.extensions import db
from tests.cases import test_views
from tests.conftest import login
from tests.factories import make_org

cast = test_views.cast  # the same people as the view tests


@pytest.fixture(autouse=True)
def _forget_choices():
    choices.forget()


def firm_reads(monkeypatch) -> list[int]:
    """Count how often the firms are read from the database."""
    calls = []
    real = accounts_queries.firms
    monkeypatch.setattr(accounts_queries, "firms", lambda: calls.append(1) or real())
    return calls


def test_the_second_list_page_reads_no_choices(client, cast, monkeypatch):
    reads = firm_reads(monkeypatch)
    login(client, cast.national)
    client.get("/cases/")
    client.get("/cases/?status=flagged")
    assert len(reads) == 1


def test_a_new_firm_shows_in_the_filter_at_once(client, cast, monkeypatch):
    login(client, cast.national)
    client.get("/cases/")
    make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính Mới Thành lập")
    db.session.commit()
    assert "Bưu chính Mới Thành lập" in client.get("/cases/").get_data(as_text=True)


def test_the_chosen_option_stays_selected(client, cast):
    login(client, cast.national)
    html = client.get(f"/cases/?province=79&firm={cast.firm.id}").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="province"[^>]*>.*?<option value="79" selected>', html,
                     re.S)
    assert f'<option value="{cast.firm.id}" selected>' in html
    assert html.count(" selected>") == 2


def test_an_unknown_choice_gets_its_message_and_nothing_selected(client, cast):
    login(client, cast.national)
    html = client.get("/cases/?province=xx").get_data(as_text=True)
    assert "Giá trị này không có trong danh sách lựa chọn." in html
    assert " selected>" not in html


def validations(monkeypatch) -> list[int]:
    """Count how often the filter form is read and checked."""
    from caseflow.cases.forms import CaseFilterForm

    calls = []
    real = CaseFilterForm.validate
    monkeypatch.setattr(CaseFilterForm, "validate",
                        lambda form, *a, **k: calls.append(1) or real(form, *a, **k))
    return calls


def test_a_filter_used_again_is_drawn_from_the_cache(client, cast, monkeypatch):
    checks = validations(monkeypatch)
    login(client, cast.national)
    first = client.get("/cases/?status=flagged&province=01").get_data(as_text=True)
    again = client.get("/cases/?province=01&status=flagged&after=1-1").get_data(as_text=True)
    assert len(checks) == 1
    form = re.compile(r'<form method="get".*?</form>', re.S)
    assert form.search(again)[0] == form.search(first)[0]
    assert '<option value="01" selected>' in first


def test_a_kept_wrong_filter_still_shows_its_message_and_filters_nothing(client, cast):
    login(client, cast.national)
    for _ in range(2):
        html = client.get("/cases/?date_from=31/02/2026").get_data(as_text=True)
        assert 'id="date_from-error"' in html


def test_kept_filter_forms_are_kept_apart_by_language(client, cast):
    login(client, cast.national)
    assert "Trạng thái" in client.get("/cases/").get_data(as_text=True)
    client.post("/language/en", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/cases/").get_data(as_text=True))[1]})
    html = client.get("/cases/").get_data(as_text=True)
    assert 'for="status">Status' in html
