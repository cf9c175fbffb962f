"""The breach form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from caseflow.main.fields import VNDateTimeField, strip
from caseflow.main.forms import VersionedForm


class BreachForm(FlaskForm):
    detected_at = VNDateTimeField(_l("Thời điểm phát hiện"), validators=[
        DataRequired(_l("Vui lòng nhập thời điểm phát hiện."))])
    occurred_at = VNDateTimeField(_l("Thời điểm xảy ra vi phạm"), validators=[
        DataRequired(_l("Vui lòng nhập thời điểm xảy ra vi phạm: thời hạn 72 giờ tính từ thời "
                        "điểm này (nếu chưa rõ, nhập thời điểm sớm nhất có thể đã xảy ra)."))])
    nature = TextAreaField(_l("Mô tả tính chất vi phạm"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng mô tả vi phạm.")), Length(max=10000)])
    data_affected = TextAreaField(_l("Loại dữ liệu cá nhân bị ảnh hưởng"), filters=[strip],
                                  validators=[DataRequired(_l("Vui lòng nêu loại dữ liệu.")),
                                              Length(max=4000)])
    people_affected = IntegerField(_l("Số người bị ảnh hưởng (ước tính)"), validators=[
        DataRequired(_l("Vui lòng nhập số người (ước tính).")),
        NumberRange(min=1, max=10**9, message=_l("Số người phải từ 1 trở lên."))])
    consequences = TextAreaField(_l("Hậu quả, thiệt hại có thể xảy ra"), filters=[strip],
                                 validators=[Length(max=10000)])
    measures = TextAreaField(_l("Biện pháp đã và sẽ thực hiện"), filters=[strip],
                             validators=[Length(max=10000)])
    dpo_name = StringField(_l("Người phụ trách bảo vệ dữ liệu cá nhân"), filters=[strip],
                           validators=[DataRequired(_l("Vui lòng nhập họ tên.")),
                                       Length(max=120)])
    late_reason = TextAreaField(_l("Lý do thông báo chậm (bắt buộc khi đã quá 72 giờ)"),
                                filters=[strip], validators=[Length(max=4000)])
    dpo_contact = StringField(_l("Liên hệ (điện thoại, thư điện tử)"), filters=[strip],
                              validators=[DataRequired(_l("Vui lòng nhập thông tin liên hệ.")),
                                          Length(max=200)])


class NotifiedForm(VersionedForm):
    """Mark a breach notified; past the 72 hours the late reason is asked for."""

    late_reason = TextAreaField(_l("Lý do thông báo chậm"), filters=[strip],
                                validators=[Length(max=4000)])
