"""Forms of the referral actions that need more than a reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseflow.cases.models import Disposition, Outcome
from caseflow.main.fields import (
    MultiCheckboxField,
    VNAmountField,
    VNDateTimeField,
    blank_first,
    strip,
)
from caseflow.main.forms import VersionedForm


class ReferForm(VersionedForm):
    """Refer a flagged case to one or more agency units."""

    agencies = MultiCheckboxField(_l("Đơn vị tiếp nhận"), coerce=int, validators=[
        DataRequired(_l("Vui lòng chọn ít nhất một đơn vị tiếp nhận."))])
    note = TextAreaField(_l("Nội dung đề nghị"), filters=[strip], validators=[Length(max=4000)])


class TransferForm(VersionedForm):
    """Hand the referral over to another agency unit."""

    agency_id = SelectField(_l("Chuyển đến đơn vị"), coerce=int, validators=[
        DataRequired(_l("Vui lòng chọn đơn vị nhận."))])
    reason = TextAreaField(_l("Lý do chuyển"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nêu lý do.")), Length(max=4000)])


class ConcludeForm(VersionedForm):
    """The agency's conclusion on the referral."""

    outcome = SelectField(_l("Kết luận"), choices=blank_first(Outcome), validators=[
        DataRequired(_l("Vui lòng chọn kết luận."))])
    sanction_decision_number = StringField(_l("Số quyết định xử phạt"), filters=[strip],
                                           validators=[Length(max=60)])
    criminal_case_reference = StringField(_l("Số quyết định khởi tố / hồ sơ hình sự"),
                                          filters=[strip], validators=[Length(max=60)])
    fine_amount = VNAmountField(_l("Số tiền phạt (đồng)"), validators=[
        Optional(), NumberRange(min=0, max=10**12, message=_l("Số tiền phạt không hợp lệ."))],
        invalid_value_message=_l("Nhập số tiền bằng chữ số, ví dụ 15.000.000."))
    legal_basis = TextAreaField(_l("Căn cứ pháp lý"), filters=[strip],
                                validators=[Length(max=4000)])
    disposition = SelectField(_l("Xử lý bưu gửi"), choices=blank_first(Disposition), validators=[
        DataRequired(_l("Vui lòng chọn cách xử lý bưu gửi."))])
    conclusion_note = TextAreaField(_l("Nội dung kết luận"), filters=[strip],
                                    validators=[Length(max=10000)])


class DetentionForm(VersionedForm):
    """The agency's detention decision (quyết định tạm giữ tang vật): number and date."""

    number = StringField(_l("Số quyết định tạm giữ"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập số quyết định tạm giữ.")), Length(max=60)])
    decided_at = VNDateTimeField(_l("Thời điểm ra quyết định tạm giữ"), validators=[
        DataRequired(_l("Vui lòng nhập thời điểm ra quyết định tạm giữ."))])
