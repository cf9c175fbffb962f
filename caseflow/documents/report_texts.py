"""The summary report's written parts: assessment, difficulties, recommendations, countries.

Each text has a default drawn from the period's figures (and, for the difficulties, from the
difficulty reports the firms filed in the period); the supervisor may replace any of them when
requesting the report.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import Select

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.difficulties.models import Difficulty
from caseflow.extensions import db
from caseflow.i18n import country_name
from caseflow.reports.queries import Period

#: The texts a supervisor may write, in the order the report prints them.
TEXT_KEYS = ("assessment", "difficulties", "recommendations")
#: Longest text accepted for each (the form checks the same limit).
MAX_TEXT = 6000


def country_rows(case_ids: Select, period: Period) -> list[tuple[str, int]]:
    """Count the period's international items by foreign country of origin or destination."""
    start, end = period.bounds
    in_period = sa.and_(Case.id.in_(case_ids), Case.submitted_at >= start,
                        Case.submitted_at < end)
    counts: dict[str, int] = {}
    for column in (Case.origin_country, Case.destination_country):
        rows = db.session.execute(sa.select(column, sa.func.count()).where(
            in_period, column.is_not(None), column != "", column != "VN").group_by(column))
        for code, n in rows:
            counts[code] = counts.get(code, 0) + n
    return sorted(((country_name(c, "vi"), n) for c, n in counts.items()),
                  key=lambda r: (-r[1], r[0]))


def difficulty_subjects(user: User, province_code: str | None, period: Period) -> list[str]:
    """Return the subjects of the difficulty reports filed in the period, in the user's scope."""
    start, end = period.bounds
    query = (permissions.visible_difficulties(user)
             .where(Difficulty.submitted_at >= start, Difficulty.submitted_at < end)
             .order_by(Difficulty.submitted_at))
    if province_code:
        query = query.where(Difficulty.province_code == province_code)
    return [d.subject for d in db.session.scalars(query)]


def default_texts(report: dict[str, Any], subjects: list[str]) -> dict[str, str]:
    """Write the three texts from the figures, for the supervisor to keep or replace."""
    return {"assessment": _assessment(report), "difficulties": _difficulties(report, subjects),
            "recommendations": _recommendations(report)}


def _assessment(report: dict[str, Any]) -> str:
    if not report["total"]:
        return _("Trong kỳ không phát sinh vụ việc bưu gửi nghi vấn chứa hàng cấm gửi, hàng "
                 "hạn chế gửi.")
    top = report["by_category"][0] if report["by_category"] else None
    text = _("Trong kỳ, các doanh nghiệp bưu chính đã phát hiện, dừng vận chuyển và báo cáo "
             "%(n)s vụ việc; %(v)s vụ việc được kết luận có vi phạm.", n=report["total"],
             v=len(report["violations"]))
    if top:
        text += " " + _("Nhóm hàng có nhiều vụ việc nhất: %(name)s (%(n)s vụ việc).",
                        name=top["name"], n=top["count"])
    if report["timings"]["ack_on_time"]:
        text += " " + _("Tỷ lệ hồ sơ chuyển được tiếp nhận đúng hạn: %(p)s.",
                        p=report["timings"]["ack_on_time"])
    return text


def _difficulties(report: dict[str, Any], subjects: list[str]) -> str:
    lines = []
    if report["late"]:
        lines.append(_("Còn %(n)s lượt hồ sơ chuyển cơ quan chức năng bị tiếp nhận quá hạn.",
                       n=len(report["late"])))
    if subjects:
        lines.append(_("Doanh nghiệp đã phản ánh %(n)s khó khăn, vướng mắc: %(list)s.",
                       n=len(subjects), list="; ".join(subjects)))
    return "\n".join(lines) or _("Trong kỳ không phát sinh khó khăn, vướng mắc.")


def _recommendations(report: dict[str, Any]) -> str:
    lines = []
    if report["late"]:
        lines.append(_("Đề nghị các cơ quan chức năng tiếp nhận hồ sơ chuyển đúng thời hạn."))
    lines.append(_("Đề nghị các doanh nghiệp bưu chính tiếp tục kiểm soát chặt chẽ bưu gửi "
                   "khi chấp nhận, phát hiện kịp thời hàng cấm gửi, hàng hạn chế gửi."))
    return "\n".join(lines)


def merge_texts(defaults: dict[str, str], given: dict[str, str] | None) -> dict[str, str]:
    """Keep what the supervisor wrote; fall back to the default where a text is blank."""
    given = given or {}
    return {k: (given.get(k) or "").strip()[:MAX_TEXT] or defaults[k] for k in TEXT_KEYS}
