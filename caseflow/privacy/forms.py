"""Forms of the personal-data pages: reveal, look-up, processing log filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import TextInput

from caseflow.main.fields import DATE_FORMATS, DATE_MESSAGE, strip


class RevealForm(FlaskForm):
    reason = TextAreaField(_l("Lý do cần xem thông tin cá nhân"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nêu rõ lý do (ít nhất 10 ký tự).")),
        Length(min=10, max=1000, message=_l("Vui lòng nêu rõ lý do (ít nhất 10 ký tự)."))])


class LookupForm(FlaskForm):
    """Exact-match search; the value travels in the POST body, never in a URL."""

    kind = SelectField(_l("Tra cứu theo"), choices=lambda: [
        ("phone", _l("Số điện thoại")), ("id", _l("Số CCCD/hộ chiếu"))])
    value = StringField(_l("Giá trị"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập số cần tra cứu.")), Length(max=40)])


def _date(label):
    return DateField(label, format=DATE_FORMATS, validators=[Optional()],
                     invalid_value_message=DATE_MESSAGE, widget=TextInput(),
                     render_kw={"placeholder": "dd/mm/yyyy"})


class LogFilterForm(FlaskForm):
    """Filters of the processing log, read from the query string (no personal data in it)."""

    class Meta:
        csrf = False

    case = StringField(_l("Số hồ sơ"), filters=[strip], validators=[Optional(), Length(max=20)])
    user = IntegerField(_l("Mã người dùng"), validators=[Optional()])
    organisation = SelectField(_l("Đơn vị"), validators=[Optional()])
    date_from = _date(_l("Từ ngày"))
    date_to = _date(_l("Đến ngày"))
