"""Form fields and filters shared by every domain: Vietnamese dates, amounts and selects."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeField, DecimalField, IntegerField, SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"]
DATETIME_MESSAGE = _l("Nhập ngày giờ theo dạng dd/mm/yyyy HH:MM, ví dụ 05/03/2026 14:30.")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_MESSAGE = _l("Nhập ngày theo dạng dd/mm/yyyy.")


def strip(value):
    """Drop the spaces around a typed value."""
    return value.strip() if isinstance(value, str) else value


def upper_compact(value):
    """Drop every space and write in capitals (tracking numbers, document numbers)."""
    return re.sub(r"\s+", "", value).upper() if isinstance(value, str) else value


#: What a select says of a value not in its list (WTForms would say it in English).
NOT_A_CHOICE = _l("Giá trị này không có trong danh sách lựa chọn.")
NOT_CHOICES = _l("Không có trong danh sách lựa chọn: %(value)s.")


def blank_first(enum_cls):
    """Return a choices callable, so that labels follow the request's language."""
    return lambda: [("", "—"), *enum_cls.choices()]


class VNDateTimeField(DateTimeField):
    """A date and time typed as dd/mm/yyyy HH:MM in a plain text box, read in Vietnam time."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy HH:MM", "inputmode": "numeric"})
        super().__init__(label, validators, format=DATETIME_FORMATS,
                         invalid_value_message=DATETIME_MESSAGE, **kwargs)


class VNAmountField(IntegerField):
    """An amount typed the Vietnamese way: 1.500.000 (dots, spaces or commas between thousands)."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata([re.sub(r"[\s.,]", "", v) for v in valuelist])


class VNDecimalField(DecimalField):
    """A decimal typed with a comma (2,35) or a dot (2.35), in a text box browsers don't reparse."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata([v.strip().replace(",", ".") for v in valuelist])


class ChoiceField(SelectField):
    """A select that refuses a value not in its list in the user's language."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        super().__init__(label, validators, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for several choices; refuses unknown values in the user's language."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_CHOICES)
        super().__init__(label, validators, **kwargs)
