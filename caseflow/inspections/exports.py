"""The inspection and violation lists as export sheets (no personal data in either)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow.accounts.models import User
from caseflow.extensions import db
from caseflow.inspections import queries
from caseflow.inspections.models import Inspection, Violation
from caseflow.reports.exports import Sheet, check_size


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(
        query.order_by(None).with_only_columns(sa.literal(1)).subquery())) or 0


def inspections_sheet(user: User, filters: dict[str, Any]) -> tuple[Sheet, int]:
    """Return the filtered inspections as a sheet, and how many rows it has."""
    query = queries.filtered_inspections(user, filters)
    count = _count(query)
    check_size(count)
    headers = [_("Mã"), _("Doanh nghiệp"), _("Điểm phục vụ"), _("Tỉnh, thành phố"),
               _("Số quyết định kiểm tra"), _("Ngày dự kiến"), _("Ngày kiểm tra"),
               _("Trạng thái"), _("Số nội dung không đạt"), _("Số vi phạm")]
    return Sheet(_("Cuộc kiểm tra"), headers, (_inspection_row(i) for i in
                                          db.session.scalars(query))), count


def _inspection_row(i: Inspection) -> list[Any]:
    failed = sum(1 for item in i.items if item.result.value == "failed")
    return [i.id, i.firm.name, i.service_point, i.province.name, i.decision_number,
            i.planned_on, i.inspected_on, str(i.status.label), failed, len(i.violations)]


def violations_sheet(user: User, filters: dict[str, Any]) -> tuple[Sheet, int]:
    """Return the filtered violations as a sheet, and how many rows it has."""
    query = queries.filtered_violations(user, filters)
    count = _count(query)
    check_size(count)
    headers = [_("Mã"), _("Doanh nghiệp"), _("Hành vi"), _("Ngày vi phạm"), _("Văn bản áp dụng"),
               _("Điều khoản"), _("Mức phạt tối thiểu"), _("Mức phạt tối đa"),
               _("Số quyết định xử phạt"), _("Số tiền phạt"), _("Thời hạn khắc phục"),
               _("Trạng thái"), _("Mã cuộc kiểm tra")]
    return Sheet(_("Vi phạm"), headers, (_violation_row(v) for v in
                                         db.session.scalars(query))), count


def _violation_row(v: Violation) -> list[Any]:
    return [v.id, v.firm.name, str(v.item.label), v.act_date, str(v.decree.label),
            v.article or _("cần đối chiếu"), v.fine_min, v.fine_max, v.sanction_decision_number,
            v.fine_amount, v.remedy_deadline, str(v.status.label), v.inspection_id]
