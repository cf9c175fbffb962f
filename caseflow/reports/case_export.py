"""The case list as an export sheet, with the list's filters applied.

Decision: the case-list export has no personal-data columns at all, for every role — not even
for the owning firm or an agency holding the case, who may read those fields on the case page.
A bulk copy of sender and recipient data held with crime suspicions (sensitive data: Decree
13/2023 Art. 2(4) to 2025, Law 91/2025/QH15 and Decree 356/2025 from 2026) is the riskiest
thing an export could carry, and no reported need calls for it; entitled readers open the
case. Free-text fields (description, notes) are left out too: clerks may type names there.
See docs/supervision.md.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from caseflow.accounts.models import Organisation, Province, User
from caseflow.cases.formdata import prepare_filters
from caseflow.cases.forms import CaseFilterForm
from caseflow.cases.models import Case
from caseflow.cases.queries import listed_cases
from caseflow.extensions import db
from caseflow.main.keyset import Order, in_batches
from caseflow.referrals.models import Referral
from caseflow.reports.exports import Sheet, check_size, local_naive
from caseflow.reports.queries import category_codes

BATCH = 1000
COLUMNS = (Case.id, Case.reference, Case.status, Case.tracking_number, Organisation.name,
           Province.name, Case.service_type, Case.detection_method, Case.created_at,
           Case.submitted_at, Case.closed_at, Case.disposition)


def read_filters(args: MultiDict) -> dict[str, Any]:
    """Validate the list's filters exactly as the list page does; invalid ones are ignored."""
    form = CaseFilterForm(args)
    prepare_filters(form)
    return form.data if form.validate() else {}


def case_sheet(user: User, args: MultiDict) -> tuple[Sheet, int, dict[str, str]]:
    """Return the filtered cases as a sheet, its row count, and the filters for the audit log."""
    filters = read_filters(args)
    cases, order = listed_cases(user, filters)  # the list's rows, read the list's way
    count = db.session.scalar(sa.select(sa.func.count()).select_from(
        cases.with_only_columns(Case.id).subquery())) or 0
    check_size(count)
    # The filters on the outer query itself (not `id IN (…)`): a batch then walks the index of
    # the list's order within the filters' bounds and stops at its last row.
    query = (cases.with_only_columns(*COLUMNS, maintain_column_froms=True)
             .join_from(Case, Organisation, Organisation.id == Case.firm_id)
             .join_from(Case, Province, Province.code == Case.province_code))
    headers = [_("Số hồ sơ"), _("Trạng thái"), _("Số hiệu bưu gửi"), _("Doanh nghiệp"),
               _("Tỉnh, thành phố"), _("Loại dịch vụ"), _("Phương thức phát hiện"),
               _("Nhóm hàng"), _("Cơ quan được chuyển"), _("Ngày tạo"), _("Ngày gửi báo cáo"),
               _("Ngày đóng"), _("Xử lý bưu gửi")]
    logged = {k: str(v) for k, v in filters.items() if v not in (None, "", False)}
    return Sheet(_("Hồ sơ vụ việc"), headers, _rows(query, order, count)), count, logged


def _rows(query: sa.Select, order: Order, count: int):
    """Yield the rows newest first in batches read by keyset (no OFFSET: the last batch of
    50,000 rows costs what the first does), each batch's categories and agencies in two
    queries; the rows counted, no more (the last batch stops there)."""
    for batch in in_batches(query, order, size=BATCH, total=count):
        ids = [r[0] for r in batch]
        codes, agencies = category_codes(ids), _agencies(ids)
        for r in batch:
            yield [r.reference or _("Nháp #%(id)s", id=r.id), str(r.status.label),
                   r.tracking_number, r[4], r[5], _label(r.service_type),
                   _label(r.detection_method), codes.get(r.id, ""), agencies.get(r.id, ""),
                   local_naive(r.created_at), local_naive(r.submitted_at),
                   local_naive(r.closed_at), _label(r.disposition)]


def _label(value) -> str:
    return str(value.label) if value is not None else ""


def _agencies(case_ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        sa.select(Referral.case_id, Organisation.name).distinct()
        .join(Organisation, Organisation.id == Referral.agency_id)
        .where(Referral.case_id.in_(case_ids)).order_by(Referral.case_id, Organisation.name))
    names: dict[int, list[str]] = {}
    for case_id, name in rows:
        names.setdefault(case_id, []).append(name)
    return {case_id: "; ".join(values) for case_id, values in names.items()}
