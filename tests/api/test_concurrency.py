"""Two systems sending the same batch at the same moment create each case once."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.api.conftest import flag_json
from tests.concurrency import race


def test_racing_twin_batches_create_each_case_once(app, firm_api):
    items = [flag_json() for _ in range(20)]

    def post():
        client = app.test_client()
        return lambda: client.post("/api/v1/flags/bulk", json={"items": items},
                                   headers=firm_api.headers)

    answers = race(app, [post, post])

    assert [a.status_code for a in answers] == [200, 200], [a.get_data(as_text=True)
                                                            for a in answers]
    created = sorted(a.get_json()["created"] for a in answers)
    existing = sorted(a.get_json()["existing"] for a in answers)
    assert (created, existing) == ([0, 20], [0, 20])
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 20
