"""API fixtures: a firm with a key, an agency with a key, JSON flags."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.api import keys
from caseflow.extensions import db
from tests.factories import flag_data, make_org, make_user


def flag_json(**overrides) -> dict:
    """A complete, valid flag as a firm's system would send it."""
    body = {}
    for name, value in flag_data(**overrides).items():
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, Decimal):
            value = float(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        body[name] = value
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_key(user, name: str = "Hệ thống soi chiếu") -> str:
    """Create a key as this user and return its token."""
    _key, token = keys.create_key(actor=user, name=name)
    db.session.commit()
    return token


@pytest.fixture
def firm_api(app):
    """A firm in Hà Nội, its security officer and an API key of the firm."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    security = make_user(role=Role.FIRM_SECURITY, org=firm)
    db.session.commit()
    token = new_key(security)
    return SimpleNamespace(firm=firm, security=security, token=token, headers=bearer(token))


@pytest.fixture
def agency_api(app):
    """A police unit in Hà Nội, an officer, and a key of the unit made by its admin."""
    unit = make_org(kind=OrgKind.POLICE, province_code="01")
    officer = make_user(role=Role.AGENCY_OFFICER, org=unit)
    admin = make_user(role=Role.ADMIN, org=unit)
    db.session.commit()
    token = new_key(admin, "Hệ thống nghiệp vụ")
    return SimpleNamespace(unit=unit, officer=officer, admin=admin, token=token,
                           headers=bearer(token))
