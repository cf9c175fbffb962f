"""The catalogue of prohibited-item categories."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.accounts.models import OrgKind
from caseflow.db_types import LabelledEnum, enum_type
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
