"""The import page's form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp CSV hoặc Excel (.xlsx)"), validators=[
        FileRequired(_l("Vui lòng chọn tệp."))])


class ConfirmForm(FlaskForm):
    """A button: the CSRF token is all it carries."""
