"""The category editing form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import TextInput

from caseflow.accounts.models import AGENCY_KINDS, OrgKind
from caseflow.catalogue.models import Severity
from caseflow.main.fields import DATE_FORMATS, DATE_MESSAGE, MultiCheckboxField, strip


def agency_choices() -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in OrgKind if k in AGENCY_KINDS]


class CategoryForm(FlaskForm):
    code = StringField(_l("Mã nhóm"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập mã nhóm.")),
        Regexp(r"^C\d{1,3}$", message=_l("Mã nhóm có dạng C + số, ví dụ C18."))])
    sort_order = IntegerField(_l("Thứ tự"), default=0, validators=[NumberRange(min=0, max=999)])
    name_vi = StringField(_l("Tên tiếng Việt"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập tên tiếng Việt.")), Length(max=200)])
    name_en = StringField(_l("Tên tiếng Anh"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập tên tiếng Anh.")), Length(max=200)])
    postal_legal_basis = StringField(_l("Căn cứ pháp lý (bưu chính)"), filters=[strip],
                                     validators=[Length(max=300)])
    criminal_code_articles = StringField(_l("Điều luật Bộ luật Hình sự"), filters=[strip],
                                         validators=[Length(max=200)])
    lead_agency = SelectField(_l("Cơ quan chủ trì"), choices=agency_choices)
    support_agencies = MultiCheckboxField(_l("Cơ quan phối hợp"), choices=agency_choices)
    restricted = BooleanField(_l("Hạn chế (ẩn với giám sát cấp tỉnh)"))
    severity = SelectField(_l("Mức độ"), choices=Severity.choices)
    active = BooleanField(_l("Đang áp dụng"), default=True)
    #: Each save is a new version in force from this day (today when left empty).
    valid_from = DateField(_l("Có hiệu lực từ ngày"), format=DATE_FORMATS,
                           validators=[Optional()], invalid_value_message=DATE_MESSAGE,
                           widget=TextInput(), render_kw={"placeholder": "dd/mm/yyyy"})
    note = StringField(_l("Ghi chú thay đổi (căn cứ, lý do)"), filters=[strip],
                       validators=[Length(max=300)])


class PosterForm(FlaskForm):
    """The poster's paper size, read from the query string."""

    class Meta:
        csrf = False

    size = SelectField(_l("Khổ giấy"), choices=lambda: [("A4", "A4"), ("A3", "A3")], default="A4")
