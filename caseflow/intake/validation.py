"""One validation for every way a flag comes in: the flag form's own rules, field by field.

The web form, the JSON API and the file import all end in FlagForm and flag_data, then the
completeness check that submit() applies. A validator prepares one form (choices loaded once)
and re-processes it for each item, so a batch of 500 costs 500 validations, not 500 forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, SelectFieldBase, SelectMultipleField
from wtforms.validators import ValidationError

from caseflow.cases.formdata import flag_data, prepare_flag_form
from caseflow.cases.forms import FlagForm
from caseflow.cases.services import CASE_FIELDS, completeness_errors
from caseflow.i18n import to_local

FIELDS = (*CASE_FIELDS, "categories")
Errors = dict[str, list[str]]


def to_formdata(values: Mapping[str, Any]) -> MultiDict:
    """Write values (API JSON or spreadsheet cells) as a browser would post the flag form."""
    data = MultiDict()
    for name in FIELDS:
        value = values.get(name)
        if value is None or value is False or value == "":
            continue
        if value is True:
            data.add(name, "y")
        elif isinstance(value, list | tuple):
            for item in value:
                data.add(name, str(item))
        elif isinstance(value, datetime):
            local = to_local(value) if value.tzinfo else value
            data.add(name, local.strftime("%d/%m/%Y %H:%M"))  # the form's first format
        elif isinstance(value, date):
            data.add(name, value.strftime("%d/%m/%Y 00:00"))
        else:
            data.add(name, str(getattr(value, "value", value)))
    return data


class FlagValidator:
    """Validate flag after flag with the flag form's rules and the completeness check."""

    def __init__(self) -> None:
        self.form = prepare_flag_form(FlagForm(formdata=None, meta={"csrf": False}))
        for field in self.form:
            if isinstance(field, SelectFieldBase):
                freeze_choices(field)

    def validate(self, values: Mapping[str, Any]) -> tuple[dict[str, Any] | None, Errors]:
        """Return (case data, {}) for a complete, valid flag, else (None, errors by field).

        Like the web form followed by "submit": the form's errors and, for the other fields,
        what a submission still lacks, all in one answer.
        """
        form = self.form
        form.process(formdata=to_formdata(values))
        valid = form.validate()
        errors = {name: [str(m) for m in messages]
                  for name, messages in form.errors.items() if messages}
        try:
            data = flag_data(form)
        except (ValueError, KeyError, TypeError):  # an invalid choice cannot become an enum
            return None, errors
        for name, messages in completeness_errors(SimpleNamespace(**data)).items():
            errors.setdefault(name, [str(m) for m in messages])
        return (data, {}) if valid and not errors else (None, errors)


def freeze_choices(field: Field) -> None:
    """Check a select's value against a set computed once, with WTForms' own message.

    WTForms re-reads and normalises every choice on each validation (250 countries, twice per
    flag); a batch validator holds its choices fixed, so one set lookup does the same check.
    """
    acceptable = {field.coerce(value) for value, *_ in field.iter_choices()}
    multiple = isinstance(field, SelectMultipleField)

    def pre_validate(form) -> None:
        if field.process_errors or (multiple and not field.data):
            return
        values = field.data if multiple else [field.data]
        if any(value not in acceptable for value in values):
            raise ValidationError(field.gettext("Not a valid choice."))

    field.pre_validate = pre_validate
