"""A referral of one case to one agency unit, and the agency's conclusion."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from caseflow.accounts.models import Organisation, User
from caseflow.cases.models import Case, Disposition, Outcome
from caseflow.db_types import UTCDateTime, enum_type, utcnow
from caseflow.extensions import db
from caseflow.workflow.states import ReferralStatus


class Referral(db.Model):
    """The case handed to one agency unit; a case may have several at once."""

    __table_args__ = (
        sa.CheckConstraint("fine_amount IS NULL OR fine_amount >= 0", name="fine_positive"),
        sa.CheckConstraint("status <> 'resolved' OR outcome IS NOT NULL",
                           name="resolved_has_outcome"),
        sa.Index("ix_referral_agency_status", "agency_id", "status"),
        # An agency's case list: is this case referred to the unit? (cases/queries.py)
        sa.Index("ix_referral_agency_case", "agency_id", "case_id"),
        # ... and the unit's cases in the list's order, newest first (cases/listing.py).
        # id last: "no later referral of the case to the unit" is read from it too.
        sa.Index("ix_referral_agency_case_created", "agency_id", "case_created_at", "case_id",
                 "id"),
        # The dashboard: referrals per case (agencies, medians) and overdue ones, index-only.
        sa.Index("ix_referral_case_cover", "case_id",
                 postgresql_include=["agency_id", "status", "issued_at", "accepted_at",
                                     "closed_at"]),
        # Overdue referrals (issued, past due_at): the dashboard's figure and the case list's
        # filter, index-only. Partial: the issued ones are 1 % of the rows at 1 M (336 kB where
        # (status, due_at) over every referral took 49 MB).
        sa.Index("ix_referral_issued_due", "due_at", postgresql_include=["case_id", "agency_id"],
                 postgresql_where=sa.text("status = 'issued'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"))  # ix_referral_case_cover
    #: The agency unit the case is referred to.
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    #: The case's created_at, copied so that a unit's cases can be listed in the case list's
    #: order from its own referrals: walking every case newest first to find a small unit's
    #: took seconds at 1 M. Set at issue and kept in step by _copy_case_created_at below.
    #: Every row has one (case_id is a required foreign key, migration 0016 copied the old
    #: rows'); nullable only because SQLite adds a NOT NULL column by rebuilding the table.
    case_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[ReferralStatus] = mapped_column(enum_type(ReferralStatus),
                                                   default=ReferralStatus.ISSUED)
    issued_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Acknowledgement target (internal, not statutory): 24 clock hours after issue, 4 for
    #: critical categories.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(sa.Text, default="")
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The agency's detention decision (quyết định tạm giữ tang vật), when it made one.
    detention_decision_number: Mapped[str] = mapped_column(sa.String(60), default="")
    detention_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: End of the detention period: 7 working days from the decision, never paused
    #: (caseflow/workflow/timers.py); empty while no detention was decided.
    review_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The referral a transfer issued in place of this one.
    transferred_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referral.id"))
    version: Mapped[int] = mapped_column(default=1)
    #: The case's round when this referral was issued (see Case.round).
    round: Mapped[int] = mapped_column(default=1)

    # The conclusion
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome))
    sanction_decision_number: Mapped[str] = mapped_column(sa.String(60), default="")
    criminal_case_reference: Mapped[str] = mapped_column(sa.String(60), default="")
    fine_amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    legal_basis: Mapped[str] = mapped_column(sa.Text, default="")
    disposition: Mapped[Disposition | None] = mapped_column(enum_type(Disposition))
    conclusion_note: Mapped[str] = mapped_column(sa.Text, default="")

    case: Mapped[Case] = relationship(back_populates="referrals")
    agency: Mapped[Organisation] = relationship(foreign_keys=[agency_id])
    issued_by: Mapped[User] = relationship(foreign_keys=[issued_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])
    transferred_to: Mapped[Referral | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        """Tell whether the referral still waits on the agency or the firm."""
        from caseflow.workflow.states import OPEN_REFERRAL_STATES

        return self.status in OPEN_REFERRAL_STATES


@sa.event.listens_for(Session, "after_flush")
def _copy_case_created_at(session: Session, _context) -> None:
    """Keep the referrals' copy of a case's creation time when it is set again (the demo and
    tests move it), by SQL: the referrals' versions (optimistic locks) must not move."""
    table = Referral.__table__
    for case in session.dirty:
        if isinstance(case, Case) and sa.inspect(case).attrs.created_at.history.added:
            session.connection().execute(table.update().where(table.c.case_id == case.id)
                                         .values(case_created_at=case.created_at))
