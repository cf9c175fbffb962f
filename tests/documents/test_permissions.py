"""Who may produce and download which document: role × kind, deny by default, audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.documents import services
from caseflow.documents.models import Document
from caseflow.extensions import db
from tests.conftest import login, post

Y, N = True, False
KINDS = ("bien_ban", "referral_slip", "case_file", "summary_report")
#  role             biên bản  slip  case file  report (Hà Nội)
MATRIX = {
    "clerk":          (Y,      N,     N,        N),
    "security":       (Y,      Y,     Y,        N),
    "other_security": (N,      N,     N,        N),
    "officer":        (N,      N,     Y,        N),
    "other_officer":  (N,      N,     N,        N),
    "supervisor":     (N,      Y,     Y,        Y),
    "far_supervisor": (N,      N,     N,        N),
    "national":       (N,      Y,     Y,        Y),
    "admin":          (N,      N,     N,        N),
}
CASES = [(role, kind, allowed) for role, row in MATRIX.items()
         for kind, allowed in zip(KINDS, row, strict=True)]


def produce_url(kind: str, case) -> str:
    return {"bien_ban": f"/cases/{case.id}/documents/bien-ban",
            "referral_slip": f"/referrals/{case.referrals[0].id}/documents/slip",
            "case_file": f"/cases/{case.id}/documents/case-file",
            "summary_report": "/documents/reports"}[kind]


REPORT_FORM = {"scope": "01", "period": "month", "number": "5", "year": "2026"}


def audited(action: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


@pytest.mark.parametrize(("role", "kind", "allowed"), CASES)
def test_role_may_produce_and_download_kind(client, cast, case, fast_render, role, kind,
                                            allowed):
    login(client, getattr(cast, role))
    form = REPORT_FORM if kind == "summary_report" else {}
    response = post(client, produce_url(kind, case), form)
    documents = db.session.scalars(sa.select(Document)).all()
    if not allowed:
        assert response.status_code == 404
        assert documents == []
        return
    assert response.status_code == 302, response.get_data(True)[:300]
    [document] = documents
    download = client.get(f"/documents/{document.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert audited("document.generate") == 1 and audited("document.download") == 1


def test_case_page_offers_exactly_the_allowed_buttons(app, client, cast, case):
    login(client, cast.security)
    html = client.get(f"/cases/{case.id}").get_data(True)
    for kind in ("bien_ban", "referral_slip", "case_file"):
        assert f'data-document="{kind}"' in html
    officer = app.test_client()
    login(officer, cast.officer)
    html = officer.get(f"/cases/{case.id}").get_data(True)
    assert 'data-document="case_file"' in html and 'data-document="bien_ban"' not in html


def issue(draft) -> Document:
    document = services.issue(draft, url_root="http://x/")
    db.session.commit()
    return document


#  reader           firm's biên bản  slip   supervisor's case file  firm's case file
READERS = {
    "clerk":          (Y,              N,     N,                      N),
    "security":       (Y,              Y,     Y,                      Y),
    "officer":        (Y,              Y,     Y,                      Y),
    "other_officer":  (N,              N,     N,                      N),
    "supervisor":     (N,              Y,     Y,                      N),
    "national":       (N,              Y,     Y,                      N),
    "admin":          (N,              N,     N,                      N),
}


@pytest.mark.parametrize(("role", "expected"), READERS.items())
def test_downloads_follow_personal_data_and_referral(client, cast, case, fast_render, role,
                                                    expected):
    made = [issue(services.bien_ban_draft(case, actor=cast.clerk)),
            issue(services.referral_slip_draft(case.referrals[0], actor=cast.security)),
            issue(services.case_file_draft(case, actor=cast.supervisor)),
            issue(services.case_file_draft(case, actor=cast.security))]
    assert [d.personal_data for d in made] == [Y, N, N, Y]
    login(client, getattr(cast, role))
    got = [client.get(f"/documents/{d.id}/download").status_code for d in made]
    assert got == [200 if ok else 404 for ok in expected]
    assert audited("document.download") == sum(expected)


def test_the_agency_gets_its_slip_before_accepting_but_not_the_biên_bản(client, cast,
                                                                       fast_render):
    from caseflow.workflow.states import CaseStatus
    from tests.factories import make_case

    referred = make_case(firm_user=cast.clerk, status=CaseStatus.REFERRED,
                         officer=cast.officer, security=cast.security)
    db.session.commit()
    record = issue(services.bien_ban_draft(referred, actor=cast.clerk))
    slip = issue(services.referral_slip_draft(referred.referrals[0], actor=cast.security))
    login(client, cast.officer)
    assert client.get(f"/documents/{slip.id}/download").status_code == 200
    assert client.get(f"/documents/{record.id}/download").status_code == 404


def test_a_provincial_supervisor_cannot_read_the_national_report(client, cast, fast_render):
    from caseflow.reports.queries import Period

    report = issue(services.summary_report_draft(actor=cast.national, province_code="01",
                                                 period=Period.month(2026, 5)))
    login(client, cast.supervisor)
    assert client.get(f"/documents/{report.id}/download").status_code == 404
