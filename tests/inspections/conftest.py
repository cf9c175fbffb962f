"""A Hà Nội Sở, two firms (with staff), a TP HCM Sở, the Ministry, an agency and an admin."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from tests.factories import fast_password_hashing, make_org, make_user


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    fast_password_hashing(monkeypatch)


@pytest.fixture
def people(app):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Thành phố Hà Nội")
    other_firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Viettel Post")
    dost = make_org(kind=OrgKind.DOST, province_code="01", name="Sở Khoa học và Công nghệ Hà Nội")
    cast = SimpleNamespace(
        firm=firm, other_firm=other_firm, dost=dost,
        supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, org=dost),
        far_supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        other_security=make_user(role=Role.FIRM_SECURITY, org=other_firm),
        officer=make_user(role=Role.AGENCY_OFFICER),
        admin=make_user(role=Role.ADMIN))
    db.session.commit()
    return cast
