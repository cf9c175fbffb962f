"""Form helpers shared by every domain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from caseflow.errors import ValidationFailed


def apply_field_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's errors next to their fields, and its summary above the form."""
    for name, messages in error.field_errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            form.form_errors.extend(messages)
    if error.message:
        form.form_errors.append(error.message)


class VersionedForm(FlaskForm):
    """A form that carries the version of the object it acts on (lost-update guard)."""

    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])


class ActionForm(VersionedForm):
    """A button that moves an object along a transition; some need a reason."""

    reason = TextAreaField(_l("Lý do"), validators=[Length(max=4000)])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Ghi chú"), validators=[
        DataRequired(_l("Ghi chú không được để trống.")), Length(max=4000)])
