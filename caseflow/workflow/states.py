"""The states of a case and of a referral."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.db_types import LabelledEnum


class CaseStatus(LabelledEnum):
    """Where a case stands."""

    DRAFT = "draft"
    FLAGGED = "flagged"
    REFERRED = "referred"
    INVESTIGATING = "investigating"
    CONCLUDED = "concluded"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.DRAFT: _l("Nháp"),
            cls.FLAGGED: _l("Đã báo cáo"),
            cls.REFERRED: _l("Đã chuyển cơ quan chức năng"),
            cls.INVESTIGATING: _l("Đang xác minh"),
            cls.CONCLUDED: _l("Đã có kết luận"),
            cls.CLOSED: _l("Đã đóng"),
            cls.WITHDRAWN: _l("Đã rút"),
        }


class ReferralStatus(LabelledEnum):
    """Where one referral to an agency unit stands."""

    ISSUED = "issued"
    ACCEPTED = "accepted"
    INFO_REQUESTED = "info_requested"
    DECLINED = "declined"
    TRANSFERRED = "transferred"
    RESOLVED = "resolved"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.ISSUED: _l("Chờ tiếp nhận"),
            cls.ACCEPTED: _l("Đã tiếp nhận"),
            cls.INFO_REQUESTED: _l("Chờ bổ sung thông tin"),
            cls.DECLINED: _l("Đã từ chối"),
            cls.TRANSFERRED: _l("Đã chuyển đơn vị khác"),
            cls.RESOLVED: _l("Đã kết luận"),
        }


#: Referrals still waiting on the agency or the firm.
OPEN_REFERRAL_STATES = frozenset(
    {ReferralStatus.ISSUED, ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED}
)
#: Referrals whose agency holds the case (and so may see personal data in full).
HOLDING_REFERRAL_STATES = frozenset(
    {ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED, ReferralStatus.RESOLVED}
)
