"""Forms: the summary report request, the public verification check, the parcel inspection."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from caseflow.documents.report_texts import MAX_TEXT
from caseflow.main.fields import DATE_FORMATS, VNDateTimeField


class ReportForm(FlaskForm):
    """Which province (or the nation) and which month or quarter to report on."""

    scope = SelectField(_l("Phạm vi"), choices=[])
    period = SelectField(_l("Kỳ báo cáo"), choices=lambda: [("month", _l("Tháng")),
                                                            ("quarter", _l("Quý"))])
    number = IntegerField(_l("Tháng hoặc quý"), validators=[InputRequired(),
                                                             NumberRange(min=1, max=12)])
    year = IntegerField(_l("Năm"), validators=[InputRequired(), NumberRange(min=2020, max=2100)])

    #: The report's written parts; left blank, each is drawn from the period's figures.
    assessment = TextAreaField(_l("Đánh giá chung"), validators=[Length(
        max=MAX_TEXT, message=_l("Mỗi phần tối đa %(max)d ký tự."))])
    difficulties = TextAreaField(_l("Khó khăn, vướng mắc"), validators=[Length(
        max=MAX_TEXT, message=_l("Mỗi phần tối đa %(max)d ký tự."))])
    recommendations = TextAreaField(_l("Kiến nghị, đề xuất"), validators=[Length(
        max=MAX_TEXT, message=_l("Mỗi phần tối đa %(max)d ký tự."))])

    def validate_number(self, field: IntegerField) -> None:
        if self.period.data == "quarter" and field.data and field.data > 4:
            raise ValidationError(_l("Quý phải từ 1 đến 4."))


class VerifyForm(FlaskForm):
    """A holder checks a copy: paste its SHA-256, or upload the PDF itself."""

    sha256 = StringField(_l("Mã SHA-256 của tệp"), validators=[
        Optional(), Regexp(r"^\s*[0-9a-fA-F]{64}\s*$",
                           message=_l("Mã SHA-256 gồm đúng 64 ký tự 0-9, a-f."))])
    pdf = FileField(_l("Hoặc tải lên tệp PDF"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.sha256.data or "").strip() and not self.pdf.data:
            self.sha256.errors = [_l("Hãy dán mã SHA-256 hoặc chọn tệp PDF.")]
            return False
        return True


class ParcelInspectionForm(FlaskForm):
    """The authority's inspection of a stopped item, made on its written request."""

    request_number = StringField(_l("Số văn bản yêu cầu kiểm tra"), validators=[
        InputRequired(_l("Vui lòng nhập số văn bản yêu cầu.")), Length(max=60)])
    request_date = DateField(_l("Ngày văn bản yêu cầu"), format=DATE_FORMATS, validators=[
        InputRequired(_l("Vui lòng nhập ngày văn bản yêu cầu."))],
        render_kw={"placeholder": "dd/mm/yyyy"})
    request_issuer = StringField(_l("Cơ quan, người ban hành văn bản yêu cầu"), validators=[
        InputRequired(_l("Vui lòng nhập cơ quan ban hành văn bản yêu cầu.")), Length(max=200)])
    inspected_at = VNDateTimeField(_l("Thời điểm kiểm tra"), validators=[
        InputRequired(_l("Vui lòng nhập thời điểm kiểm tra."))])
    place = StringField(_l("Địa điểm kiểm tra"), validators=[
        InputRequired(_l("Vui lòng nhập địa điểm kiểm tra.")), Length(max=300)])
    officer_name = StringField(_l("Người đại diện cơ quan kiểm tra"), validators=[
        InputRequired(_l("Vui lòng nhập họ tên người đại diện.")), Length(max=120)])
    officer_title = StringField(_l("Chức vụ người đại diện"), validators=[
        InputRequired(_l("Vui lòng nhập chức vụ người đại diện.")), Length(max=120)])
    firm_representative = StringField(_l("Đại diện doanh nghiệp bưu chính"),
                                      validators=[Optional(), Length(max=120)])
    findings = TextAreaField(_l("Kết quả kiểm tra"), validators=[Optional(), Length(max=5000)])
    refused_by = StringField(_l("Người từ chối ký (nếu có)"),
                             validators=[Optional(), Length(max=120)])
    refusal_reason = TextAreaField(_l("Lý do từ chối ký"), validators=[Optional(),
                                                                        Length(max=1000)])
    copies = IntegerField(_l("Số bản lập"), default=3, validators=[
        InputRequired(), NumberRange(min=2, max=10, message=_l("Số bản từ 2 đến 10."))])

    def validate_refused_by(self, field: StringField) -> None:
        # Here, not on refusal_reason: Optional() stops that field's chain when it is empty.
        if (field.data or "").strip() and not (self.refusal_reason.data or "").strip():
            raise ValidationError(_l("Vui lòng ghi lý do người đó từ chối ký."))
