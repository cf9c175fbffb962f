"""One validation for every way a flag comes in: the flag form's own fields and validators.

The web form, the JSON API and the file import all judge a flag by FlagForm: its fields'
parsing (Vietnamese amounts, dd/mm/yyyy times), filters, choices and validator chains, then
flag_values and the completeness check that submit() applies. A batch validator binds one form
(choices loaded once) and runs each field's own steps directly, the way Field.process and
Field.validate do, without WTForms' per-form machinery (a MultiDict per item, object data,
form-level hooks): a batch of 500 costs 500 × 29 small calls, not 500 forms.
tests/intake/test_validation.py holds it to the web form's answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from wtforms import BooleanField, DateTimeField, Field, SelectFieldBase, SelectMultipleField
from wtforms.validators import Optional, StopValidation, ValidationError

from caseflow.cases.formdata import flag_values, prepare_flag_form
from caseflow.cases.forms import FlagForm
from caseflow.cases.services import CASE_FIELDS, completeness_errors
from caseflow.i18n import to_local

FIELDS = (*CASE_FIELDS, "categories")
Errors = dict[str, list[str]]


def raw_value(value: Any) -> list[str]:
    """Write one value (API JSON or a spreadsheet cell) as a browser posts it."""
    if type(value) is str:  # the common case, first
        return [value] if value else []
    if value is None or value is False:
        return []
    if value is True:
        return ["y"]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime):
        local = to_local(value) if value.tzinfo else value
        return [local.strftime("%d/%m/%Y %H:%M")]  # the form's first format
    if isinstance(value, date):
        return [value.strftime("%d/%m/%Y 00:00")]
    return [str(getattr(value, "value", value))]


def local_minute(value: datetime) -> datetime:
    """The naive Vietnam time, to the minute, that the form reads back from raw_value's text."""
    local = to_local(value) if value.tzinfo else value
    return local.replace(tzinfo=None, second=0, microsecond=0)


class FieldCheck:
    """One bound field's parsing, filters, choices and validators, run on a raw value."""

    def __init__(self, form: FlagForm, field: Field) -> None:
        self.form, self.field = form, field
        # An Optional field left empty stops its chain and clears its errors, choices included.
        self.skip_empty = any(isinstance(v, Optional) for v in field.validators) \
            or isinstance(field, BooleanField | SelectMultipleField)
        self.filters = tuple(field.filters)
        self.chain = tuple(field.validators)
        self.pre_validate: Callable = field.pre_validate
        if isinstance(field, SelectFieldBase):
            self.pre_validate = choice_check(field)
        self.empty = self._parse([])
        # A field's answer depends on its raw value alone (choices are fixed for the batch):
        # offices, provinces, routes and categories repeat from flag to flag.
        self.seen: dict[Any, tuple[Any, tuple[str, ...]]] = {}
        self.is_datetime = isinstance(field, DateTimeField) and not self.filters

    def __call__(self, value: Any) -> tuple[Any, list[str]]:
        """Return the field's value and its error messages (the same raw value, once)."""
        raw = raw_value(value)
        if not raw and self.skip_empty:
            return self.empty, []
        typed = self.is_datetime and isinstance(value, datetime) and 1000 <= value.year <= 9999
        key = (typed, value) if typed else tuple(raw)
        known = self.seen.get(key)
        if known is None:
            data = self._as_typed(raw, local_minute(value)) if typed else self._parse(raw)
            known = self.seen[key] = (data, tuple(self._errors(self.field)))
        data, errors = known
        return (list(data) if isinstance(data, list) else data), list(errors)

    def _as_typed(self, raw: list[str], data: Any) -> Any:
        """Take a value the form would parse from `raw` as it is (a datetime: no strptime)."""
        field = self.field
        field.raw_data, field.process_errors, field.data = raw, [], data
        return data

    def _parse(self, raw: list[str]) -> Any:
        """Read the raw value as Field.process does: parse (noting errors), then filter."""
        field = self.field
        field.raw_data, field.process_errors, field.data = raw, [], field.default
        try:
            field.process_formdata(raw)
        except ValueError as exc:
            field.process_errors.append(exc.args[0])
        for name_filter in self.filters:
            field.data = name_filter(field.data)
        return field.data

    def _errors(self, field: Field) -> list[str]:
        field.errors = list(field.process_errors)
        self._run_chain(field)
        return [str(m) for m in field.errors] if field.errors else []

    def _run_chain(self, field: Field) -> None:
        """Run pre_validate and the validators as Field.validate does."""
        try:
            self.pre_validate(self.form)
        except StopValidation as exc:
            if exc.args and exc.args[0]:
                field.errors.append(exc.args[0])
            return
        except ValidationError as exc:
            field.errors.append(exc.args[0])
        for validator in self.chain:
            try:
                validator(self.form, field)
            except StopValidation as exc:
                if exc.args and exc.args[0]:
                    field.errors.append(exc.args[0])
                break
            except ValidationError as exc:
                field.errors.append(exc.args[0])


def choice_check(field: Field) -> Callable:
    """Check a select's value against a set computed once; on a miss, let the field speak.

    WTForms re-reads and normalises every choice on each validation (250 countries, twice per
    flag); a batch validator holds its choices fixed, so one set lookup clears a valid value,
    and the field's own pre_validate words the refusal of an invalid one.
    """
    acceptable: set = set()
    multiple = isinstance(field, SelectMultipleField)
    own = field.pre_validate

    def pre_validate(form) -> None:
        if field.process_errors or (multiple and not field.data):
            return
        if not acceptable:  # on first use: a single flag checks a few selects, not 250 countries
            acceptable.update(field.coerce(value) for value, *_ in field.iter_choices())
        values = field.data if multiple else [field.data]
        if any(value not in acceptable for value in values):
            own(form)

    return pre_validate


class FlagValidator:
    """Validate flag after flag with the flag form's rules and the completeness check."""

    def __init__(self) -> None:
        form = prepare_flag_form(FlagForm(formdata=None, meta={"csrf": False}))
        self.checks = {name: FieldCheck(form, form[name]) for name in FIELDS}

    def validate(self, values: Mapping[str, Any]) -> tuple[dict[str, Any] | None, Errors]:
        """Return (case data, {}) for a complete, valid flag, else (None, errors by field).

        Like the web form followed by "submit": the form's errors and, for the other fields,
        what a submission still lacks, all in one answer.
        """
        data, errors = {}, {}
        for name, check in self.checks.items():
            data[name], messages = check(values.get(name))
            if messages:
                errors[name] = messages
        try:
            data = flag_values(data)
        except (ValueError, KeyError, TypeError):  # an invalid choice cannot become an enum
            return None, errors
        for name, messages in completeness_errors(SimpleNamespace(**data)).items():
            errors.setdefault(name, [str(m) for m in messages])
        return (data, {}) if not errors else (None, errors)
