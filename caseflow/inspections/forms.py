"""Forms: plan an inspection, record its checklist, sanction and remedy a violation, filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import InspectionStatus, ItemResult, ViolationStatus
from caseflow.main.fields import DATE_FORMATS, DATE_MESSAGE, VNAmountField, blank_first, strip
from caseflow.main.forms import VersionedForm

AMOUNT_MESSAGE = _l("Nhập số tiền bằng chữ số, ví dụ 15.000.000.")


def vn_date(label, required: bool = False) -> DateField:
    """A date typed as dd/mm/yyyy in a plain text box."""
    validators = [InputRequired(_l("Vui lòng nhập ngày."))] if required else [Optional()]
    return DateField(label, format=DATE_FORMATS, validators=validators, widget=TextInput(),
                     invalid_value_message=DATE_MESSAGE, render_kw={"placeholder": "dd/mm/yyyy"})


def amount(label, required: bool = False) -> VNAmountField:
    """An amount of đồng typed the Vietnamese way."""
    validators = [InputRequired(AMOUNT_MESSAGE)] if required else [Optional()]
    return VNAmountField(label, validators=[*validators, NumberRange(min=0, max=10**12)],
                         invalid_value_message=AMOUNT_MESSAGE)


class PlanForm(FlaskForm):
    """Kế hoạch kiểm tra: which firm (or service point), when, who and what."""

    firm_id = SelectField(_l("Doanh nghiệp bưu chính"), coerce=int,
                          validators=[DataRequired(_l("Vui lòng chọn doanh nghiệp."))])
    service_point = StringField(_l("Điểm phục vụ được kiểm tra (tên, địa chỉ)"), filters=[strip],
                                validators=[Length(max=300)])
    decision_number = StringField(_l("Số quyết định kiểm tra"), filters=[strip],
                                  validators=[Length(max=60)])
    planned_on = vn_date(_l("Ngày kiểm tra dự kiến"), required=True)
    team = TextAreaField(_l("Thành phần đoàn kiểm tra"), filters=[strip],
                         validators=[DataRequired(_l("Vui lòng nhập thành phần đoàn.")),
                                     Length(max=4000)])
    scope = TextAreaField(_l("Phạm vi, nội dung kiểm tra"), filters=[strip],
                          validators=[Length(max=4000)])


class RecordForm(VersionedForm):
    """The checklist: one result and note per item (fields added below), date, conclusion."""

    inspected_on = vn_date(_l("Ngày kiểm tra"), required=True)
    conclusion = TextAreaField(_l("Kết luận của đoàn kiểm tra"), filters=[strip],
                               validators=[Length(max=8000)])

    def item_fields(self) -> list[tuple[ChecklistItem, SelectField, TextAreaField]]:
        """Return each checklist item with its result and note fields, in checklist order."""
        return [(item, self[f"result_{item.value}"], self[f"note_{item.value}"])
                for item in ChecklistItem]


for _item in ChecklistItem:
    setattr(RecordForm, f"result_{_item.value}", SelectField(
        _item.labels()[_item], choices=ItemResult.choices, default=ItemResult.NOT_CHECKED.value))
    setattr(RecordForm, f"note_{_item.value}", TextAreaField(
        _l("Ghi chú"), filters=[strip], validators=[Length(max=4000)]))


class SanctionForm(VersionedForm):
    """The sanction decision on a violation, within the article's fine range."""

    act_date = vn_date(_l("Ngày thực hiện hành vi vi phạm"), required=True)
    ongoing = BooleanField(_l("Hành vi đang thực hiện khi bị phát hiện"))
    discovered_on = vn_date(_l("Ngày phát hiện hành vi"))
    article = StringField(_l("Điều, khoản áp dụng"), filters=[strip],
                          validators=[Length(max=200)])
    fine_min = amount(_l("Mức phạt tối thiểu của khung (đồng)"))
    fine_max = amount(_l("Mức phạt tối đa của khung (đồng)"))
    sanction_decision_number = StringField(_l("Số quyết định xử phạt"), filters=[strip],
                                           validators=[DataRequired(_l(
                                               "Vui lòng nhập số quyết định.")), Length(max=60)])
    fine_amount = amount(_l("Số tiền phạt (đồng)"), required=True)
    remedy_deadline = vn_date(_l("Thời hạn khắc phục"), required=True)


class OffenceReportForm(VersionedForm):
    """The biên bản vi phạm hành chính a sanction decision rests on."""

    report_number = StringField(_l("Số biên bản vi phạm hành chính"), filters=[strip],
                                validators=[DataRequired(_l(
                                    "Vui lòng nhập số biên bản vi phạm hành chính.")),
                                    Length(max=60)])
    report_date = vn_date(_l("Ngày lập biên bản"), required=True)


class RemedyForm(VersionedForm):
    """The firm reports how it remedied a violation."""

    remedy_note = TextAreaField(_l("Kết quả khắc phục"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng mô tả việc khắc phục.")), Length(max=4000)])


class InspectionFilterForm(FlaskForm):
    """Filters of the inspection list (query string)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Trạng thái"), choices=blank_first(InspectionStatus),
                         validators=[Optional()])
    firm = SelectField(_l("Doanh nghiệp"), validators=[Optional()])
    date_from = vn_date(_l("Từ ngày"))
    date_to = vn_date(_l("Đến ngày"))


class ViolationFilterForm(FlaskForm):
    """Filters of the violation list (query string)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Trạng thái"), choices=blank_first(ViolationStatus),
                         validators=[Optional()])
    firm = SelectField(_l("Doanh nghiệp"), validators=[Optional()])
    date_from = vn_date(_l("Hành vi từ ngày"))
    date_to = vn_date(_l("Đến ngày"))
