"""The catalogue of prohibited-item categories."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.accounts.models import OrgKind
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db


class Severity(LabelledEnum):
    """How urgent a category is; critical ones get a 4-hour acknowledgement deadline."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.CRITICAL: _l("Đặc biệt nghiêm trọng"),
            cls.HIGH: _l("Nghiêm trọng"),
            cls.MEDIUM: _l("Trung bình"),
            cls.LOW: _l("Thấp"),
        }


class Category(db.Model):
    """A category of prohibited items with its legal basis and lead agency."""

    code: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    name_vi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    postal_legal_basis: Mapped[str] = mapped_column(sa.String(300), default="")
    criminal_code_articles: Mapped[str] = mapped_column(sa.String(200), default="")
    #: The agency kind that leads on this category; referrals suggest it first.
    lead_agency: Mapped[OrgKind] = mapped_column(enum_type(OrgKind))
    #: Supporting agency kinds, comma-separated values of OrgKind.
    support_agencies: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Restricted categories are hidden from provincial supervisors.
    restricted: Mapped[bool] = mapped_column(default=False)
    severity: Mapped[Severity] = mapped_column(enum_type(Severity))
    #: Categories are deactivated, never deleted: cases keep their categories.
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def name(self) -> str:
        """Return the name in the current locale."""
        locale = get_locale()
        return self.name_en if locale and locale.language == "en" else self.name_vi

    @property
    def support_kinds(self) -> list[OrgKind]:
        """Return the supporting agency kinds as enums."""
        return [OrgKind(v) for v in self.support_agencies.split(",") if v]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


#: The columns a catalogue version carries; the Category row holds the version in force today.
VERSIONED_FIELDS = ("sort_order", "name_vi", "name_en", "postal_legal_basis",
                    "criminal_code_articles", "lead_agency", "support_agencies", "restricted",
                    "severity", "active")


class CategoryVersion(db.Model):
    """One wording of a category, in force from valid_from until a later version's date.

    Versions are only ever added (never edited or deleted). The version in force on a day is
    the one with the latest valid_from on or before it (ties: the latest recorded).
    """

    __table_args__ = (sa.Index("ix_category_version_code_valid", "category_code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_code: Mapped[str] = mapped_column(sa.ForeignKey("category.code"))
    valid_from: Mapped[date] = mapped_column(sa.Date)
    sort_order: Mapped[int] = mapped_column(default=0)
    name_vi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    postal_legal_basis: Mapped[str] = mapped_column(sa.String(300), default="")
    criminal_code_articles: Mapped[str] = mapped_column(sa.String(200), default="")
    lead_agency: Mapped[OrgKind] = mapped_column(enum_type(OrgKind))
    support_agencies: Mapped[str] = mapped_column(sa.String(100), default="")
    restricted: Mapped[bool] = mapped_column(default=False)
    severity: Mapped[Severity] = mapped_column(enum_type(Severity))
    active: Mapped[bool] = mapped_column(default=True)
    #: Why the wording changed (e.g. the new legal instrument).
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def name(self) -> str:
        """Return the name in the current locale."""
        locale = get_locale()
        return self.name_en if locale and locale.language == "en" else self.name_vi
