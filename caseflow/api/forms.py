"""The API key page's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from caseflow.main.fields import strip


class ApiKeyForm(FlaskForm):
    name = StringField(_l("Tên khóa (hệ thống sử dụng)"), filters=[strip], validators=[
        DataRequired(_l("Vui lòng đặt tên cho khóa.")),
        Length(min=3, max=100, message=_l("Tên khóa dài từ 3 đến 100 ký tự."))])


class RevokeForm(FlaskForm):
    """A button: the CSRF token is all it carries."""
