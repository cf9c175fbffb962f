"""Load referrals the user may see, and the read-only lists of the referral pages."""

from __future__ import annotations

from caseflow import permissions
from caseflow.accounts import queries as accounts_queries
from caseflow.accounts.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.referrals.models import Referral

Choices = dict[str, list[tuple[int, str]]]


def referral_for(user: User, referral_id: int) -> Referral:
    """Load a referral of a case the user may see, or raise NotFound."""
    referral = db.session.scalar(permissions.visible_referrals(user)
                                 .where(Referral.id == referral_id))
    if referral is None:
        raise NotFound()
    return referral


def agency_groups(case: Case, *, exclude: int | None = None) -> Choices:
    """Group the active agency units for a picker: the case's province first, then the others
    by name; inside a province by kind, then name, each labelled with its kind."""
    by_province: dict[str, list[Organisation]] = {}
    for agency in accounts_queries.agencies():
        if agency.id != exclude:
            by_province.setdefault(agency.province_code or "", []).append(agency)
    order = sorted(by_province, key=lambda code: (code != case.province_code,
                                                   _province_name(by_province[code])))
    return {_province_name(by_province[code]): [
        (a.id, f"{a.name} — {a.kind.label}")
        for a in sorted(by_province[code], key=lambda a: (str(a.kind.label), a.name))]
        for code in order}


def _province_name(agencies: list[Organisation]) -> str:
    province = agencies[0].province
    return province.name if province is not None else "—"
