"""Which personal-data rules are in force on a given day, as printed in the app's texts.

Decree 13/2023/NĐ-CP governed personal data until 31/12/2025; from 1/1/2026 the Personal Data
Protection Law 91/2025/QH15 and its implementing Decree 356/2025/NĐ-CP replace it. A text about
an act cites the rules of the act's date, never both at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from caseflow.i18n import to_local

#: The first day of the Personal Data Protection Law 91/2025/QH15 and Decree 356/2025/NĐ-CP.
LAW_91_FROM = date(2026, 1, 1)


@dataclass(frozen=True)
class PrivacyRules:
    """The citations of one regime."""

    #: Short citation for notices: "Nghị định 13/2023/NĐ-CP".
    short: str
    #: The basis of a breach notification, for "Căn cứ …".
    breach_basis: str
    #: The authority that receives breach notifications.
    authority: str
    #: The basis of the processing log.
    log_basis: str


DECREE_13 = PrivacyRules(
    short=_l("Nghị định số 13/2023/NĐ-CP"),
    breach_basis=_l("Điều 23 Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ "
                    "dữ liệu cá nhân (Mẫu số 03 tại Phụ lục)"),
    authority=_l("Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05) – "
                 "Bộ Công an"),
    log_basis=_l("Nghị định số 13/2023/NĐ-CP"),
)
LAW_91 = PrivacyRules(
    short=_l("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; Nghị định số 356/2025/NĐ-CP"),
    breach_basis=_l("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP "
                    "của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Bảo "
                    "vệ dữ liệu cá nhân"),
    authority=_l("Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05) – "
                 "Bộ Công an, cơ quan chuyên trách bảo vệ dữ liệu cá nhân"),
    log_basis=_l("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; Nghị định số 356/2025/NĐ-CP"),
)


def rules_on(when: date | datetime) -> PrivacyRules:
    """Return the rules in force on this day (a datetime is read in Vietnam time)."""
    day = to_local(when).date() if isinstance(when, datetime) else when
    return LAW_91 if day >= LAW_91_FROM else DECREE_13
