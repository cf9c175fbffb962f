"""The flag form, the case filters and the closing form."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import TextInput

from caseflow.cases.models import DetectionMethod, Disposition, ServiceScope, ServiceType
from caseflow.main.fields import (
    DATE_FORMATS,
    DATE_MESSAGE,
    ChoiceField,
    MultiCheckboxField,
    VNAmountField,
    VNDateTimeField,
    VNDecimalField,
    blank_first,
    strip,
    upper_compact,
)
from caseflow.main.forms import VersionedForm
from caseflow.workflow.states import CaseStatus

PHONE_RE = re.compile(r"^(0\d{9,10}|84\d{9,10}|\+84\d{9,10}|\+\d{8,15})$")
#: A 12-digit personal identification number (CCCD / thẻ căn cước) or a passport number.
ID_RE = re.compile(r"^(\d{12}|[A-Z]\d{7,8})$")
#: The 9-digit CMND: no longer valid since 1/1/2025 (Identity Law 26/2023/QH15, Art. 46).
CMND_RE = re.compile(r"^\d{9}$")


def check_phone(form, field) -> None:
    """Accept Vietnamese and international numbers, ignoring spaces, dots and dashes."""
    if field.data and not PHONE_RE.match(re.sub(r"[\s.()-]", "", field.data)):
        raise ValidationError(_l("Số điện thoại không hợp lệ (ví dụ 0912 345 678 hoặc "
                                 "+84 912 345 678)."))


def check_id_number(form, field) -> None:
    """Accept a 12-digit CCCD / thẻ căn cước or a passport number; refuse the old CMND."""
    if field.data and CMND_RE.match(field.data):
        raise ValidationError(_l("CMND 9 số không còn giá trị sử dụng từ 01/01/2025; nhập số "
                                 "định danh cá nhân 12 số (CCCD, thẻ căn cước) hoặc số hộ "
                                 "chiếu, hoặc để trống."))
    if field.data and not ID_RE.match(field.data):
        raise ValidationError(_l("Số giấy tờ tùy thân phải là số định danh cá nhân 12 số (CCCD, "
                                 "thẻ căn cước) hoặc hộ chiếu (1 chữ cái và 7–8 số)."))


@cache
def _countries(language: str) -> list[tuple[str, str]]:
    territories = Locale.parse(language).territories
    return sorted(((code, name) for code, name in territories.items()
                   if len(code) == 2 and code.isalpha() and code != "ZZ"), key=lambda c: c[1])


def country_choices(language: str) -> list[tuple[str, str]]:
    """Return ISO country codes with names in the user's language."""
    return [("", "—"), *_countries(language)]


class FlagForm(FlaskForm):
    """Báo cáo bưu gửi nghi vấn: every field a clerk records about a suspicious item."""

    version = IntegerField(validators=[Optional()])
    tracking_number = StringField(_l("Số hiệu bưu gửi"), filters=[upper_compact], validators=[
        DataRequired(_l("Vui lòng nhập số hiệu bưu gửi.")),
        Regexp(r"^[A-Z0-9-]{6,30}$", message=_l(
            "Số hiệu bưu gửi gồm 6–30 ký tự: chữ in hoa không dấu, số hoặc dấu gạch ngang."))])
    province_code = ChoiceField(_l("Tỉnh, thành phố nơi dừng bưu gửi"), validators=[
        DataRequired(_l("Vui lòng chọn tỉnh, thành phố."))])
    # Optional selects: a post that leaves one out saves a draft instead of "Not a valid choice."
    service_scope = ChoiceField(_l("Phạm vi dịch vụ"), choices=blank_first(ServiceScope),
                                validators=[Optional()])
    service_type = ChoiceField(_l("Loại dịch vụ"), choices=blank_first(ServiceType),
                               validators=[Optional()])
    accepted_at = VNDateTimeField(_l("Thời điểm chấp nhận"), validators=[Optional()])
    acceptance_office = StringField(_l("Bưu cục chấp nhận"), filters=[strip],
                                    validators=[Length(max=200)])
    origin_province_code = ChoiceField(_l("Tỉnh, thành phố gửi"), validators=[Optional()])
    origin_country = ChoiceField(_l("Nước gửi (bưu gửi quốc tế)"), validators=[Optional()])
    destination_province_code = ChoiceField(_l("Tỉnh, thành phố nhận"), validators=[Optional()])
    destination_country = ChoiceField(_l("Nước nhận (bưu gửi quốc tế)"),
                                      validators=[Optional()])
    declared_contents = StringField(_l("Nội dung khai báo"), filters=[strip],
                                    validators=[Length(max=500)])
    # WTForms has no Vietnamese catalogue: say what a number looks like, or the user reads
    # "Not a valid integer value.".
    declared_value = VNAmountField(_l("Giá trị khai báo (đồng)"), validators=[
        Optional(), NumberRange(min=0, max=10**13, message=_l("Giá trị khai báo không hợp lệ."))],
        invalid_value_message=_l("Nhập số tiền bằng chữ số, ví dụ 1.500.000."))
    weight_kg = VNDecimalField(_l("Khối lượng (kg)"), places=3, validators=[
        Optional(), NumberRange(min=0.001, max=100000,
                                message=_l("Khối lượng phải lớn hơn 0 và không quá 100 tấn."))],
        invalid_value_message=_l("Khối lượng phải là một số, ví dụ 2,35."))
    pieces = IntegerField(_l("Số kiện"), validators=[
        Optional(), NumberRange(min=1, max=10000, message=_l("Số kiện từ 1 đến 10.000."))],
        invalid_value_message=_l("Số kiện phải là số nguyên."))
    sender_name = StringField(_l("Họ tên người gửi"), filters=[strip],
                              validators=[Length(max=200)])
    sender_phone = StringField(_l("Điện thoại người gửi"), filters=[strip],
                               validators=[Length(max=30), check_phone])
    sender_address = StringField(_l("Địa chỉ người gửi"), filters=[strip],
                                 validators=[Length(max=400)])
    # Optional: inbound international items and items with a fake sender carry none.
    sender_id_number = StringField(_l("Số CCCD/thẻ căn cước/hộ chiếu người gửi (nếu có)"),
                                   filters=[upper_compact],
                                   validators=[Length(max=20), check_id_number])
    recipient_name = StringField(_l("Họ tên người nhận"), filters=[strip],
                                 validators=[Length(max=200)])
    recipient_phone = StringField(_l("Điện thoại người nhận"), filters=[strip],
                                  validators=[Length(max=30), check_phone])
    recipient_address = StringField(_l("Địa chỉ người nhận"), filters=[strip],
                                    validators=[Length(max=400)])
    dong_kiem_done = BooleanField(_l("Đã đồng kiểm khi chấp nhận"))
    detection_method = ChoiceField(_l("Phương thức phát hiện"),
                                   choices=blank_first(DetectionMethod), validators=[Optional()])
    categories = MultiCheckboxField(_l("Nhóm hàng cấm nghi vấn"))
    description = TextAreaField(_l("Mô tả nghi vấn"), filters=[strip],
                                validators=[Length(max=10000)])
    stopped_at = VNDateTimeField(_l("Thời điểm dừng vận chuyển"), validators=[Optional()])
    held_at = StringField(_l("Nơi đang lưu giữ bưu gửi"), filters=[strip],
                          validators=[Length(max=300)])
    seal_number = StringField(_l("Số niêm phong"), filters=[strip], validators=[Length(max=60)])


class CaseFilterForm(FlaskForm):
    """Filters of the case list, read from the query string."""

    class Meta:
        csrf = False

    status = ChoiceField(_l("Trạng thái"), choices=blank_first(CaseStatus), validators=[Optional()])
    province = ChoiceField(_l("Tỉnh, thành phố"), validators=[Optional()])
    firm = ChoiceField(_l("Doanh nghiệp"), validators=[Optional()])
    agency = ChoiceField(_l("Cơ quan tiếp nhận"), validators=[Optional()])
    category = ChoiceField(_l("Nhóm hàng"), validators=[Optional()])
    date_from = DateField(_l("Từ ngày"), format=DATE_FORMATS, validators=[Optional()],
                          invalid_value_message=DATE_MESSAGE, widget=TextInput(),
                          render_kw={"placeholder": "dd/mm/yyyy"})
    date_to = DateField(_l("Đến ngày"), format=DATE_FORMATS, validators=[Optional()],
                        invalid_value_message=DATE_MESSAGE, widget=TextInput(),
                        render_kw={"placeholder": "dd/mm/yyyy"})
    tracking_number = StringField(_l("Số hiệu bưu gửi"), filters=[upper_compact],
                                  validators=[Optional(), Length(max=40)])
    q = StringField(_l("Tìm kiếm"), filters=[strip], validators=[Optional(), Length(max=100)])
    # The dashboard's links: cases submitted in a period, cases with an overdue referral.
    submitted_from = DateField(_l("Gửi báo cáo từ ngày"), format=DATE_FORMATS,
                               validators=[Optional()], invalid_value_message=DATE_MESSAGE,
                               widget=TextInput(), render_kw={"placeholder": "dd/mm/yyyy"})
    submitted_to = DateField(_l("Gửi báo cáo đến ngày"), format=DATE_FORMATS,
                             validators=[Optional()], invalid_value_message=DATE_MESSAGE,
                             widget=TextInput(), render_kw={"placeholder": "dd/mm/yyyy"})
    overdue = BooleanField(_l("Có lượt chuyển quá hạn tiếp nhận"))


#: The query-string keys the filter form reads (the rest, e.g. the list position, are not its).
FILTER_NAMES = frozenset(name for name, value in vars(CaseFilterForm).items()
                         if hasattr(value, "field_class"))


class CloseForm(VersionedForm):
    """The firm records what became of the parcel and closes the case."""

    disposition = ChoiceField(_l("Xử lý bưu gửi"), choices=blank_first(Disposition),
                              validators=[DataRequired(_l("Vui lòng chọn cách xử lý bưu gửi."))])
    note = TextAreaField(_l("Ghi chú"), filters=[strip], validators=[Length(max=4000)])

