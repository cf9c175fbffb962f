"""The people of the difficulty tests: a firm's staff, another firm's clerk, supervisors of
Hà Nội and TP HCM, the Ministry, an agency officer and an admin."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from tests.factories import make_org, make_user


@pytest.fixture
def people(app):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Hà Nội")
    other_firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Viettel Post")
    cast = SimpleNamespace(
        firm=firm, security=make_user(role=Role.FIRM_SECURITY, org=firm),
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        other_firm=make_user(role=Role.FIRM_CLERK, org=other_firm),
        supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        far_supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        officer=make_user(role=Role.AGENCY_OFFICER), admin=make_user(role=Role.ADMIN))
    db.session.commit()
    return cast
