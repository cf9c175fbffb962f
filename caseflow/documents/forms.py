"""Forms: the summary report request and the public verification check."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from caseflow.documents.report_texts import MAX_TEXT


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
