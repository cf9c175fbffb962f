"""Login and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from caseflow.accounts.models import OrgKind, Role
from caseflow.accounts.passwords import PasswordRule

USERNAME_RULE = Regexp(r"^[a-z0-9._-]{3,60}$",
                       message=_l("Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu, số, . _ -"))


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"),
                           validators=[DataRequired(_l("Vui lòng nhập tên đăng nhập."))])
    password = PasswordField(_l("Mật khẩu"),
                             validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"),
                                     validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[
        DataRequired(_l("Vui lòng nhập mật khẩu mới.")), PasswordRule()])


class CodeForm(FlaskForm):
    """The six-digit code of the authenticator app."""

    code = StringField(_l("Mã xác thực (6 chữ số)"), validators=[
        DataRequired(_l("Vui lòng nhập mã xác thực.")),
        Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Mã xác thực gồm 6 chữ số."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class PasswordConfirmForm(FlaskForm):
    """A sensitive change confirmed by the current password."""

    password = PasswordField(_l("Mật khẩu hiện tại"),
                             validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])


class OrganisationForm(FlaskForm):
    name = StringField(_l("Tên cơ quan, đơn vị"), validators=[
        DataRequired(_l("Vui lòng nhập tên.")), Length(max=200)])
    short_name = StringField(_l("Tên viết tắt"), validators=[Optional(), Length(max=60)])
    kind = SelectField(_l("Loại"), choices=OrgKind.choices)
    province_code = SelectField(_l("Tỉnh, thành phố"), choices=[])
    address = StringField(_l("Địa chỉ"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=30)])
    duty_contact = StringField(_l("Đầu mối liên hệ 24/7 (họ tên, điện thoại)"),
                               validators=[Optional(), Length(max=200)])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class UserForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[
        DataRequired(_l("Vui lòng nhập tên đăng nhập.")), USERNAME_RULE])
    full_name = StringField(_l("Họ và tên"), validators=[
        DataRequired(_l("Vui lòng nhập họ và tên.")), Length(max=120)])
    job_title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("Thư điện tử"), validators=[
        # A pattern, not wtforms' Email(): that one needs the email_validator package.
        Optional(), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                           message=_l("Địa chỉ thư điện tử không hợp lệ.")), Length(max=200)])
    role = SelectField(_l("Vai trò"), choices=Role.choices)
    organisation_id = SelectField(_l("Cơ quan, đơn vị"), coerce=int, choices=[])
    password = PasswordField(_l("Mật khẩu"), validators=[Optional(), PasswordRule()])
    active = BooleanField(_l("Đang hoạt động"), default=True)
