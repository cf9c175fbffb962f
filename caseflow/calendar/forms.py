"""The form that lists a day off or a make-up working day."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import TextInput

from caseflow.calendar.models import DayKind
from caseflow.main.fields import DATE_FORMATS, DATE_MESSAGE, strip


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Ngày"), format=DATE_FORMATS, validators=[DataRequired(DATE_MESSAGE)],
                    invalid_value_message=DATE_MESSAGE, widget=TextInput(),
                    render_kw={"placeholder": "dd/mm/yyyy"})
    kind = SelectField(_l("Loại ngày"), choices=DayKind.choices)
    name = StringField(_l("Tên"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập tên ngày.")), Length(max=120)])
    source = StringField(_l("Văn bản công bố"), filters=[strip], validators=[Length(max=200)])
