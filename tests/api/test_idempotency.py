"""Idempotency-Key answers last API_IDEMPOTENCY_HOURS: replayed within, absent after, purged."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from caseflow.api.models import IdempotencyRecord
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.extensions import db
from tests.api.conftest import flag_json

URL = "/api/v1/flags"


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def age_records(hours: float) -> None:
    """Pretend every stored answer was created this many hours ago."""
    db.session.execute(sa.update(IdempotencyRecord).values(
        created_at=utcnow() - timedelta(hours=hours)))
    db.session.commit()


def keyed(firm_api, key: str) -> dict[str, str]:
    return {**firm_api.headers, "Idempotency-Key": key}


def test_an_answer_within_the_window_is_replayed(client, firm_api):
    body, headers = flag_json(), keyed(firm_api, "trong-han")
    first = client.post(URL, json=body, headers=headers)
    age_records(23)
    again = client.post(URL, json=body, headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json() == first.get_json() and again.status_code == 201


def test_an_answer_past_the_window_is_not_replayed_the_flag_is_found_instead(client, firm_api):
    body, headers = flag_json(tracking_number="EB400000004VN"), keyed(firm_api, "qua-han")
    first = client.post(URL, json=body, headers=headers)
    age_records(25)
    again = client.post(URL, json=body, headers=headers)
    assert "Idempotent-Replayed" not in again.headers
    assert again.status_code == 200 and again.get_json()["status"] == "exists"
    assert again.get_json()["case"]["id"] == first.get_json()["case"]["id"]
    assert count(Case) == 1


def test_a_key_past_the_window_may_be_used_again_and_its_new_answer_is_kept(client, firm_api):
    headers = keyed(firm_api, "dung-lai")
    client.post(URL, json=flag_json(tracking_number="EB500000005VN"), headers=headers)
    age_records(25)
    other = flag_json(tracking_number="EB600000006VN")
    second = client.post(URL, json=other, headers=headers)
    assert second.status_code == 201 and count(Case) == 2
    third = client.post(URL, json=other, headers=headers)
    assert third.headers.get("Idempotent-Replayed") == "true"
    assert third.get_json() == second.get_json()
    assert count(IdempotencyRecord) == 1


def test_the_window_follows_the_setting(app, client, firm_api, monkeypatch):
    monkeypatch.setitem(app.config, "API_IDEMPOTENCY_HOURS", 1)
    body, headers = flag_json(), keyed(firm_api, "mot-gio")
    client.post(URL, json=body, headers=headers)
    age_records(2)
    assert "Idempotent-Replayed" not in client.post(URL, json=body, headers=headers).headers


def test_purge_deletes_only_the_records_past_the_window(app, client, firm_api):
    client.post(URL, json=flag_json(tracking_number="EB700000007VN"),
                headers=keyed(firm_api, "cu"))
    age_records(30)
    client.post(URL, json=flag_json(tracking_number="EB800000008VN"),
                headers=keyed(firm_api, "moi"))
    result = app.test_cli_runner().invoke(args=["api", "purge-idempotency"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "deleted 1 idempotency records older than 24 h"
    db.session.expire_all()
    assert db.session.scalars(sa.select(IdempotencyRecord.key)).all() == ["moi"]
    assert count(Case) == 2  # the work stays; only the stored answers go
