"""Notifications: in-app lines, the kinds users switch off, and the e-mail outbox."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db


class Notification(db.Model):
    """Something that happened which the user should look at."""

    #: The unread count of the badge; the list, paged newest first by keyset
    #: (notifications/queries.py).
    __table_args__ = (sa.Index("ix_notification_user_read", "user_id", "read_at"),
                      sa.Index("ix_notification_user_created", "user_id", "created_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    #: Written in Vietnamese when created; carries no personal data.
    text: Mapped[str] = mapped_column(sa.String(300))
    #: The same line in English, for readers who chose English ('' for older lines).
    text_en: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: A path inside the app (never an external URL).
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def text_in(self, language: str) -> str:
        """Return the line in the reader's language, Vietnamese when there is no other."""
        return self.text_en if language == "en" and self.text_en else self.text


class NotificationKind(LabelledEnum):
    """A workflow event that asks someone to act; users switch each kind on or off."""

    NEW_REFERRAL = "new_referral"
    REFERRAL_DECLINED = "referral_declined"
    REFERRAL_TRANSFERRED = "referral_transferred"
    INFO_REQUESTED = "info_requested"
    CASE_CONCLUDED = "case_concluded"
    CASE_REOPENED = "case_reopened"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.NEW_REFERRAL: _l("Hồ sơ mới được chuyển đến đơn vị"),
            cls.REFERRAL_DECLINED: _l("Cơ quan chức năng từ chối tiếp nhận"),
            cls.REFERRAL_TRANSFERRED: _l("Hồ sơ được chuyển sang đơn vị khác"),
            cls.INFO_REQUESTED: _l("Cơ quan chức năng yêu cầu bổ sung thông tin"),
            cls.CASE_CONCLUDED: _l("Hồ sơ đã có kết luận"),
            cls.CASE_REOPENED: _l("Hồ sơ được mở lại"),
        }


class Channel(LabelledEnum):
    """Where a notification goes."""

    IN_APP = "in_app"
    EMAIL = "email"

    @classmethod
    def labels(cls) -> dict:
        return {cls.IN_APP: _l("Trong ứng dụng"), cls.EMAIL: _l("Thư điện tử")}


class NotificationOptOut(db.Model):
    """A kind of notification a user switched off on one channel (no row: on)."""

    __tablename__ = "notification_opt_out"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind), primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel), primary_key=True)


class EmailStatus(LabelledEnum):
    """Where an e-mail of the outbox stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @classmethod
    def labels(cls) -> dict:
        return {cls.PENDING: _l("Chờ gửi"), cls.SENDING: _l("Đang gửi"),
                cls.SENT: _l("Đã gửi"), cls.FAILED: _l("Gửi không thành công")}


class OutboxEmail(db.Model):
    """An e-mail written in the transaction of its event, sent later by the outbox sender.

    It carries the case reference and a link only, never personal data (docs/notifications.md).
    """

    __tablename__ = "email_outbox"
    __table_args__ = (
        sa.Index("ix_email_outbox_due", "status", "next_attempt_at"),
        sa.CheckConstraint("status <> 'sending' OR locked_until IS NOT NULL",
                           name="sending_has_lease"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind))
    to_address: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    #: Fixed when the row is written: a resend after a crash carries the same Message-ID.
    message_id: Mapped[str] = mapped_column(sa.String(200), unique=True)
    status: Mapped[EmailStatus] = mapped_column(enum_type(EmailStatus),
                                                default=EmailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The lease of the sender that claimed the row; a row is never claimed twice inside it.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
