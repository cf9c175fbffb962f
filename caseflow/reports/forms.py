"""The dashboard's scope: a period (dd/mm/yyyy, both days included) and a province."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import TextInput

from caseflow.main.fields import DATE_FORMATS, DATE_MESSAGE

MAX_DAYS = 366


def _date(label) -> DateField:
    return DateField(label, format=DATE_FORMATS, validators=[Optional()], widget=TextInput(),
                     invalid_value_message=DATE_MESSAGE, render_kw={"placeholder": "dd/mm/yyyy"})


class DashboardForm(FlaskForm):
    """Read from the query string; empty fields fall back to this month."""

    class Meta:
        csrf = False

    date_from = _date(_l("Từ ngày"))
    date_to = _date(_l("Đến ngày"))
    province = SelectField(_l("Phạm vi"), validators=[Optional()])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data:
            if field.data < self.date_from.data:
                raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))
            if (field.data - self.date_from.data).days > MAX_DAYS:
                raise ValidationError(_l("Kỳ xem tối đa một năm."))
