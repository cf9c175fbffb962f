"""Forms: a firm's report, a supervisor's action (answer, forward …), the list filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.difficulties.models import Addressee, DifficultyStatus
from caseflow.main.fields import blank_first, strip
from caseflow.main.forms import VersionedForm


class DifficultyForm(FlaskForm):
    """Phản ánh, kiến nghị: to a province's Sở KH&CN or to the Ministry."""

    addressee = SelectField(_l("Gửi đến"), choices=Addressee.choices,
                            validators=[DataRequired()])
    province_code = SelectField(_l("Sở KH&CN tỉnh, thành phố"), validators=[Optional()])
    subject = StringField(_l("Tiêu đề"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng nhập tiêu đề.")), Length(max=200)])
    body = TextAreaField(_l("Nội dung khó khăn, vướng mắc, kiến nghị"), filters=[strip],
                         validators=[DataRequired(_l("Vui lòng nhập nội dung.")),
                                     Length(max=10000)])


class DifficultyActionForm(VersionedForm):
    """A transition's button, with its text (the answer, or why it is forwarded)."""

    text = TextAreaField(_l("Nội dung"), filters=[strip], validators=[Length(max=10000)])


class DifficultyFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Trạng thái"), choices=blank_first(DifficultyStatus),
                         validators=[Optional()])
