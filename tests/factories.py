"""Keyword-only factories that build real objects through the real services."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from decimal import Decimal

from caseflow.accounts.models import ROLES_BY_ORG_KIND, Organisation, OrgKind, Role, User
from caseflow.accounts.services import hash_password
from caseflow.cases import services as case_services
from caseflow.cases.models import Case, DetectionMethod, ServiceScope, ServiceType
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.referrals import services as referral_services
from caseflow.referrals.models import Referral
from caseflow.workflow.states import CaseStatus

DEFAULT_PASSWORD = "mat-khau-thu-nghiem-2026"
_HASH: dict[str, str] = {}
_seq = itertools.count(1)

KIND_FOR_ROLE = {
    Role.FIRM_CLERK: OrgKind.POSTAL_FIRM, Role.FIRM_SECURITY: OrgKind.POSTAL_FIRM,
    Role.AGENCY_OFFICER: OrgKind.POLICE, Role.PROVINCIAL_SUPERVISOR: OrgKind.DOST,
    Role.NATIONAL_SUPERVISOR: OrgKind.MINISTRY, Role.ADMIN: OrgKind.MINISTRY,
}


def make_org(*, kind: OrgKind, province_code: str | None = "01", name: str | None = None,
             active: bool = True) -> Organisation:
    """Create an organisation (the Ministry has no province)."""
    n = next(_seq)
    org = Organisation(name=name or f"{kind.label} {n}", short_name=f"ORG{n}", kind=kind,
                       province_code=None if kind is OrgKind.MINISTRY else province_code,
                       active=active)
    db.session.add(org)
    db.session.flush()
    return org


def make_user(*, role: Role, org: Organisation | None = None, province_code: str = "01",
              username: str | None = None, active: bool = True) -> User:
    """Create a user with DEFAULT_PASSWORD, and an organisation of the right kind if none given."""
    org = org or make_org(kind=KIND_FOR_ROLE[role], province_code=province_code)
    assert role in ROLES_BY_ORG_KIND[org.kind]
    if DEFAULT_PASSWORD not in _HASH:  # argon2 is slow on purpose; hash once per run
        _HASH[DEFAULT_PASSWORD] = hash_password(DEFAULT_PASSWORD)
    user = User(username=username or f"user{next(_seq)}", full_name=f"Người dùng {role.value}",
                password_hash=_HASH[DEFAULT_PASSWORD], role=role, organisation=org, active=active)
    db.session.add(user)
    db.session.flush()
    return user


def flag_data(*, province_code: str = "01", categories: tuple[str, ...] = ("C8",),
              **overrides) -> dict:
    """Return complete, valid flag-form data, as the form would produce it."""
    now = utcnow()
    data = {
        "tracking_number": f"EB{next(_seq):09d}VN", "province_code": province_code,
        "service_scope": ServiceScope.DOMESTIC, "service_type": ServiceType.PARCEL,
        "accepted_at": now - timedelta(hours=5), "acceptance_office": "Bưu cục Cầu Giấy",
        "origin_province_code": province_code, "origin_country": None,
        "destination_province_code": "79", "destination_country": None,
        "declared_contents": "Mỹ phẩm, quần áo", "declared_value": 1_500_000,
        "weight_kg": Decimal("2.350"), "pieces": 1,
        "sender_name": "Nguyễn Văn Bình", "sender_phone": "0912 345 678",
        "sender_address": "12 Trần Duy Hưng, Cầu Giấy, Hà Nội",
        "sender_id_number": "001089012345", "recipient_name": "Trần Thị Hoa",
        "recipient_phone": "0987654321",
        "recipient_address": "45 Lê Lợi, Bến Thành, Thành phố Hồ Chí Minh",
        "dong_kiem_done": True, "detection_method": DetectionMethod.XRAY,
        "description": "Hình ảnh soi chiếu cho thấy nhiều hộp mỹ phẩm nghi giả nhãn hiệu.",
        "stopped_at": now - timedelta(hours=4), "held_at": "Kho bưu cục Cầu Giấy",
        "seal_number": "NP-0001", "categories": list(categories),
    }
    return {**data, **overrides}


def make_case(*, firm_user: User, status: CaseStatus = CaseStatus.FLAGGED,
              agency: Organisation | None = None, officer: User | None = None,
              security: User | None = None, **data) -> Case:
    """Create a case through the services and drive it to the wanted status."""
    case = case_services.save_draft(None, actor=firm_user, data=flag_data(**data))
    if status is CaseStatus.DRAFT:
        return case
    if status is CaseStatus.WITHDRAWN:
        case_services.transition(case, "discard", actor=firm_user, reason="",
                                 expected_version=case.version)
        return case
    case_services.submit(case, actor=firm_user)
    if status is CaseStatus.FLAGGED:
        return case
    security = security or (firm_user if firm_user.role is Role.FIRM_SECURITY else
                            make_user(role=Role.FIRM_SECURITY, org=firm_user.organisation))
    officer = officer or make_user(role=Role.AGENCY_OFFICER,
                                   org=agency or make_org(kind=OrgKind.POLICE,
                                                          province_code=case.province_code))
    referral_services.refer(case, actor=security, agency_ids=[officer.organisation_id],
                            note="Đề nghị kiểm tra", expected_version=case.version)
    if status is CaseStatus.REFERRED:
        return case
    referral = case.referrals[-1]
    referral_services.transition(referral, "accept", actor=officer, reason="",
                                 expected_version=referral.version)
    if status is CaseStatus.INVESTIGATING:
        return case
    conclude(referral, officer=officer)
    if status is CaseStatus.CONCLUDED:
        return case
    case_services.close(case, actor=security, disposition="confiscated", note="Đã bàn giao",
                        expected_version=case.version)
    assert case.status is status
    return case


def conclude(referral: Referral, *, officer: User) -> Referral:
    """Conclude a referral as a confirmed violation."""
    return referral_services.resolve(referral, actor=officer, data={
        "outcome": "violation", "sanction_decision_number": "123/QĐ-XPHC",
        "criminal_case_reference": "", "fine_amount": 15_000_000,
        "legal_basis": "Nghị định 98/2020/NĐ-CP Điều 11", "disposition": "confiscated",
        "conclusion_note": "Hàng giả nhãn hiệu"}, expected_version=referral.version)


def flag_form(**overrides) -> dict:
    """Return complete flag-form data as a browser would post it (strings, local times)."""
    from enum import Enum

    from caseflow.i18n import to_local

    form: dict = {}
    for name, value in flag_data(**overrides).items():
        if value is None or value is False:
            value = "" if value is None else None
        elif value is True:
            value = "y"
        elif isinstance(value, Enum):
            value = value.value
        elif hasattr(value, "astimezone"):
            value = to_local(value).strftime("%d/%m/%Y %H:%M")
        elif not isinstance(value, list):
            value = str(value)
        if value is not None:
            form[name] = value
    return form


def make_officer(*, kind: OrgKind = OrgKind.POLICE, province_code: str = "01") -> User:
    """Create an agency officer in a new unit of this kind and province."""
    return make_user(role=Role.AGENCY_OFFICER, org=make_org(kind=kind, province_code=province_code))


def refer_case(case: Case, *, actor: User, agencies: list[Organisation],
               note: str = "Đề nghị kiểm tra") -> list[Referral]:
    """Refer a flagged case to these agency units through the service."""
    return referral_services.refer(case, actor=actor, agency_ids=[a.id for a in agencies],
                                   note=note, expected_version=case.version)


def press(referral: Referral, name: str, *, actor: User, reason: str = "") -> Referral:
    """Press a referral transition that needs at most a reason (accept, decline, …)."""
    return referral_services.transition(referral, name, actor=actor, reason=reason,
                                        expected_version=referral.version)


def transfer(referral: Referral, *, officer: User, to: Organisation,
             reason: str = "Không thuộc thẩm quyền") -> Referral:
    """Transfer a referral to another unit; return the new referral."""
    return referral_services.transfer(referral, actor=officer, agency_id=to.id, reason=reason,
                                      expected_version=referral.version)


def fast_password_hashing(monkeypatch) -> None:
    """Make argon2 cheap (every test: conftest's cheap_password_hashing); the hash stays
    argon2id.

    The users the factories make then carry a cheap hash of DEFAULT_PASSWORD, and the login
    view verifies (and hashes new passwords) with the same cheap parameters.
    """
    from argon2 import PasswordHasher

    from caseflow.accounts import services as account_services

    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(account_services, "_hasher", hasher)
    monkeypatch.setattr(account_services, "_DUMMY_HASH", hasher.hash("timing-equaliser"))
    monkeypatch.setitem(_HASH, DEFAULT_PASSWORD, hasher.hash(DEFAULT_PASSWORD))


# --- Two-factor (TOTP) ------------------------------------------------------------------------

TOTP_SECRET_RE = re.compile(r'data-testid="totp-secret">([A-Z2-7 ]+)<')


def enrol_two_factor(user: User, *, secret: str | None = None) -> str:
    """Give the user an authenticator app (as the enrolment would); return its secret."""
    import pyotp

    from caseflow.accounts import two_factor

    secret = secret or pyotp.random_base32()
    user.totp_secret, user.totp_enrolled_at = two_factor.seal(user, secret), utcnow()
    db.session.flush()
    return secret


def totp_code(secret: str, *, after_step: int | None = None, offset: int = 0) -> str:
    """Return the code the app shows now (moved by `offset` steps), skipping steps already used."""
    import pyotp

    from caseflow.accounts import two_factor

    now = int(two_factor.clock() // two_factor.STEP_SECONDS) + offset
    for step in (now, now + 1):  # the next step is still inside the accepted window
        if after_step is None or step > after_step:
            return pyotp.TOTP(secret).generate_otp(step)
    raise AssertionError("both usable codes of this 30-second window are used up")


def totp_code_for(user: User) -> str:
    """Return a fresh, unused code of an enrolled user's app, read from the database."""
    import sqlalchemy as sa

    from caseflow.accounts import two_factor

    row = db.session.execute(sa.select(User.totp_secret, User.totp_last_step)
                             .where(User.id == user.id)).one()
    return totp_code(two_factor.unseal(user, row.totp_secret), after_step=row.totp_last_step)


def totp_code_from_page(html: str) -> str:
    """Read the secret an enrolment page shows and return the app's current code."""
    match = TOTP_SECRET_RE.search(html)
    assert match, "no TOTP secret on the enrolment page"
    return totp_code(match.group(1).replace(" ", ""))
