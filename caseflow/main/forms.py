"""Form helpers shared by every domain."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from caseflow.errors import DomainError, ValidationFailed
from caseflow.extensions import db

T = TypeVar("T")


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


def attempt(form: FlaskForm, call: Callable[[], T],
            refusals: tuple[type[DomainError], ...] = (ValidationFailed,)) -> T | bool | None:
    """Run a view's service call; when it refuses the input (ValidationFailed, or a stale
    write when `refusals` names Conflict) roll back and show why on the form.

    Return the call's result (True when it returns nothing), or None when it was refused.
    """
    try:
        result = call()
    except refusals as exc:
        db.session.rollback()  # nothing half-done is committed, nor left in the session
        if isinstance(exc, ValidationFailed):
            apply_field_errors(form, exc)
        else:
            form.form_errors.append(exc.message)
        return None
    return True if result is None else result


class VersionedForm(FlaskForm):
    """A form that carries the version of the object it acts on (lost-update guard)."""

    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])


class ActionForm(VersionedForm):
    """A button that moves an object along a transition; some need a reason."""

    reason = TextAreaField(_l("Lý do"), validators=[Length(max=4000)])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Ghi chú"), validators=[
        DataRequired(_l("Ghi chú không được để trống.")), Length(max=4000)])
