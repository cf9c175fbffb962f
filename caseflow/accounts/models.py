"""Provinces, organisations and users."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db


class OrgKind(LabelledEnum):
    """What an organisation is; decides which roles its users may hold."""

    POSTAL_FIRM = "postal_firm"
    POLICE = "police"
    #: The security police (Công an — An ninh): categories touching national security.
    SECURITY_POLICE = "security_police"
    MARKET_SURVEILLANCE = "market_surveillance"
    CUSTOMS = "customs"
    DOST = "dost"
    MINISTRY = "ministry"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.POSTAL_FIRM: _l("Doanh nghiệp bưu chính"),
            cls.POLICE: _l("Công an"),
            cls.SECURITY_POLICE: _l("Công an — An ninh"),
            cls.MARKET_SURVEILLANCE: _l("Quản lý thị trường"),
            cls.CUSTOMS: _l("Hải quan"),
            cls.DOST: _l("Sở Khoa học và Công nghệ"),
            cls.MINISTRY: _l("Bộ Khoa học và Công nghệ"),
        }

    @property
    def is_agency(self) -> bool:
        """Tell whether cases can be referred to this kind of organisation."""
        return self in AGENCY_KINDS


AGENCY_KINDS = frozenset({OrgKind.POLICE, OrgKind.SECURITY_POLICE, OrgKind.MARKET_SURVEILLANCE,
                          OrgKind.CUSTOMS})


class Role(LabelledEnum):
    """What a user does; one role per user."""

    FIRM_CLERK = "firm_clerk"
    FIRM_SECURITY = "firm_security"
    AGENCY_OFFICER = "agency_officer"
    PROVINCIAL_SUPERVISOR = "provincial_supervisor"
    NATIONAL_SUPERVISOR = "national_supervisor"
    ADMIN = "admin"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.FIRM_CLERK: _l("Nhân viên bưu cục"),
            cls.FIRM_SECURITY: _l("Cán bộ an ninh doanh nghiệp"),
            cls.AGENCY_OFFICER: _l("Cán bộ cơ quan chức năng"),
            cls.PROVINCIAL_SUPERVISOR: _l("Giám sát cấp tỉnh (Sở KH&CN)"),
            cls.NATIONAL_SUPERVISOR: _l("Giám sát cấp trung ương (Bộ KH&CN)"),
            cls.ADMIN: _l("Quản trị hệ thống"),
        }


#: Which roles a user of each kind of organisation may hold; admin may sit anywhere.
ROLES_BY_ORG_KIND: dict[OrgKind, frozenset[Role]] = {
    OrgKind.POSTAL_FIRM: frozenset({Role.FIRM_CLERK, Role.FIRM_SECURITY, Role.ADMIN}),
    OrgKind.POLICE: frozenset({Role.AGENCY_OFFICER, Role.ADMIN}),
    OrgKind.SECURITY_POLICE: frozenset({Role.AGENCY_OFFICER, Role.ADMIN}),
    OrgKind.MARKET_SURVEILLANCE: frozenset({Role.AGENCY_OFFICER, Role.ADMIN}),
    OrgKind.CUSTOMS: frozenset({Role.AGENCY_OFFICER, Role.ADMIN}),
    OrgKind.DOST: frozenset({Role.PROVINCIAL_SUPERVISOR, Role.ADMIN}),
    OrgKind.MINISTRY: frozenset({Role.NATIONAL_SUPERVISOR, Role.ADMIN}),
}


class Province(db.Model):
    """One of the 34 provincial units in force since 1/7/2025."""

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    #: City (thành phố trực thuộc trung ương) or province.
    kind: Mapped[str] = mapped_column(sa.String(10))
    #: The former provinces merged into this unit, as in the reference list.
    formed_from: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Prefix of case references, e.g. HN in HN-2026-000123.
    ref_prefix: Mapped[str] = mapped_column(sa.String(4), unique=True)

    def __str__(self) -> str:
        return self.name


class Organisation(db.Model):
    """A postal firm, an agency unit, a Sở KH&CN or the Ministry."""

    __table_args__ = (
        sa.CheckConstraint(
            "kind = 'ministry' OR kind = 'postal_firm' OR province_code IS NOT NULL",
            name="local_orgs_have_province",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    kind: Mapped[OrgKind] = mapped_column(enum_type(OrgKind), index=True)
    #: Home province; agency units and Sở KH&CN are provincial, the Ministry is not.
    province_code: Mapped[str | None] = mapped_column(sa.ForeignKey("province.code"), index=True)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    #: The 24/7 duty contact (name, phone) an agency calls about a referral; printed on slips.
    duty_contact: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    province: Mapped[Province | None] = relationship()

    def __str__(self) -> str:
        return self.name


def new_session_stamp() -> str:
    """Return a fresh random session stamp."""
    return secrets.token_urlsafe(12)


class User(UserMixin, db.Model):
    """A person who logs in, with one role in one organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(60), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    #: Position (chức vụ) printed under the signature of the documents the user signs.
    job_title: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Part of the id Flask-Login keeps in each session; a new stamp ends every session of the
    #: user (password change, deactivation, two-factor reset). See caseflow/accounts/auth.py.
    session_stamp: Mapped[str] = mapped_column(sa.String(32), default=new_session_stamp,
                                               server_default="0")
    #: The TOTP secret, encrypted and bound to this row (two_factor.py); None: not enrolled.
    totp_secret: Mapped[str | None] = mapped_column(sa.Text)
    #: The time-step of the last accepted code: that code and older ones are refused (no replay).
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    #: Unread notifications, read with the session's user (accounts/sessions.py) for the bar;
    #: None when the user was loaded otherwise (main/navbar.py then counts them itself).
    unread_notifications: Mapped[int | None] = query_expression()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active and self.organisation.active

    @property
    def has_two_factor(self) -> bool:
        """Tell whether the user has enrolled an authenticator app."""
        return self.totp_secret is not None

    def get_id(self) -> str:
        """Return the session's user token: the id and the current session stamp."""
        return f"{self.id}:{self.session_stamp}"

    def __str__(self) -> str:
        return self.full_name


class ServerSession(db.Model):
    """A server-side session (Flask-Session's store); the browser's cookie holds only its id."""

    __tablename__ = "server_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: Idle timeout: pushed forward by each request; an expired row is never loaded.
    expiry: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: Whose session it is, so that all of a user's sessions can be deleted at once.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                                index=True)
