"""The API against its own OpenAPI document, in process: no 5xx, answers match the document.

Bounded: a few examples per operation (positive and negative data), well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from caseflow.accounts.models import Role
from caseflow.extensions import db
from tests.api.conftest import bearer, new_key
from tests.factories import make_case, make_officer, make_user

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def api_world(app, firm_api):
    """A case of the firm referred to a police unit with a key of its own."""
    officer = make_officer(province_code="01")
    admin = make_user(role=Role.ADMIN, org=officer.organisation)
    clerk = make_user(role=Role.FIRM_CLERK, org=firm_api.firm)
    from caseflow.workflow.states import CaseStatus

    make_case(firm_user=clerk, officer=officer, status=CaseStatus.REFERRED)
    db.session.commit()
    return {"firm": firm_api.headers, "agency": bearer(new_key(admin, "Nghiệp vụ"))}


def operations(app):
    """Load the document as the app serves it and yield its operations."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    for result in schema.get_all_operations():
        yield result.ok()


def run_operation(operation, headers: dict[str, str]) -> None:
    """Send a few generated requests, valid and invalid, and check every answer."""
    strategy = operation.as_strategy(GenerationMode.POSITIVE) | \
        operation.as_strategy(GenerationMode.NEGATIVE)

    @given(case=strategy)
    @settings(max_examples=15, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


# Schemathesis' own pytest plugin (schema.parametrize) does not run on pytest 9 yet; the same
# generation and checks are driven here through its Python API.
@pytest.mark.parametrize("side", ["firm", "agency"])
def test_the_api_keeps_its_document(app, api_world, side):
    names = []
    for operation in operations(app):
        run_operation(operation, api_world[side])
        names.append(operation.label)
    assert len(names) == 8


def test_another_organisations_key_gets_404_everywhere(client, app, api_world, firm_api):
    """Every case-scoped read answers 404 to a key of an organisation without access."""
    from caseflow.cases.models import Case

    reference = db.session.scalar(db.select(Case.reference))
    stranger = bearer(new_key(make_user(role=Role.FIRM_SECURITY)))
    db.session.commit()
    for method, url in (("GET", f"/api/v1/cases/{reference}"),
                        ("POST", f"/api/v1/cases/{reference}/evidence")):
        assert client.open(url, method=method, headers=stranger).status_code == 404
    assert client.get(f"/api/v1/cases/{reference}", headers=api_world["firm"]).status_code == 200
