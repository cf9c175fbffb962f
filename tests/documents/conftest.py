"""Fixtures of the document tests: a cast of every role around one Hà Nội case.

Jobs run inline: the test configuration sets TASKS_IMMEDIATE (tests/tasks runs real workers).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.documents import pdf
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_org, make_user


@pytest.fixture
def cast(app):
    """A Hà Nội firm, its police unit, another firm and unit, supervisors and an admin."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Thành phố Hà Nội")
    police = make_org(kind=OrgKind.POLICE, province_code="01", name="Công an Thành phố Hà Nội")
    other_firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Viettel Post")
    dost = make_org(kind=OrgKind.DOST, province_code="01", name="Sở Khoa học và Công nghệ Hà Nội")
    people = SimpleNamespace(
        firm=firm, police=police, dost=dost,
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        other_security=make_user(role=Role.FIRM_SECURITY, org=other_firm),
        officer=make_user(role=Role.AGENCY_OFFICER, org=police),
        other_officer=make_user(role=Role.AGENCY_OFFICER,
                                org=make_org(kind=OrgKind.CUSTOMS, province_code="01")),
        supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, org=dost),
        far_supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        admin=make_user(role=Role.ADMIN),
    )
    db.session.commit()
    return people


@pytest.fixture
def case(cast):
    """A case the police unit has accepted (investigating)."""
    created = make_case(firm_user=cast.clerk, status=CaseStatus.INVESTIGATING,
                        officer=cast.officer, security=cast.security)
    db.session.commit()
    return created


@pytest.fixture
def fast_render(monkeypatch):
    """Replace WeasyPrint with a stub where a test is about rules, not rendering."""
    def render(html: str, fetcher=None) -> pdf.RenderedPDF:
        return pdf.RenderedPDF(b"%PDF-1.7 stub " + html.encode()[:64], 1)

    monkeypatch.setattr(pdf, "render_pdf", render)
