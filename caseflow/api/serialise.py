"""Cases, referrals and evidence as the API returns them (no personal data)."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.api.schemas import CaseOut, EvidenceOut, ReferralOut
from caseflow.cases.models import Case
from caseflow.evidence.models import Evidence
from caseflow.extensions import db
from caseflow.referrals.models import Referral


def evidence_counts(case_ids: list[int]) -> dict[int, int]:
    """Count evidence files per case, in one query."""
    if not case_ids:
        return {}
    rows = db.session.execute(sa.select(Evidence.case_id, sa.func.count(Evidence.id))
                              .where(Evidence.case_id.in_(case_ids))
                              .group_by(Evidence.case_id))
    return {case_id: count for case_id, count in rows}


def referral_out(referral: Referral, reference: str | None = None) -> ReferralOut:
    """Return a referral's public facts."""
    return ReferralOut(
        id=referral.id, case_reference=reference or referral.case.reference,
        agency_id=referral.agency_id, agency_name=referral.agency.name,
        status=referral.status, status_label=str(referral.status.label),
        issued_at=referral.issued_at, due_at=referral.due_at,
        accepted_at=referral.accepted_at, closed_at=referral.closed_at,
        version=referral.version)


def case_out(case: Case, evidence_count: int = 0, *, with_referrals: bool = True) -> CaseOut:
    """Return a case's status and referrals."""
    referrals = [referral_out(r, case.reference) for r in case.referrals] \
        if with_referrals else []
    return CaseOut(
        id=case.id, reference=case.reference, tracking_number=case.tracking_number,
        status=case.status, status_label=str(case.status.label),
        province_code=case.province_code, created_at=case.created_at,
        updated_at=case.updated_at, submitted_at=case.submitted_at, referrals=referrals,
        evidence_count=evidence_count)


def evidence_out(item: Evidence) -> EvidenceOut:
    """Return an evidence file's facts and hashes."""
    return EvidenceOut(id=item.id, kind=item.kind.value, filename=item.filename,
                       caption=item.caption, size_bytes=item.size_bytes, sha256=item.sha256,
                       display_sha256=item.display_sha256, page_count=item.page_count,
                       uploaded_at=item.uploaded_at)
