"""The flag form reads numbers and times the way Vietnamese clerks type them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from caseflow.cases.formdata import prepare_flag_form
from caseflow.cases.forms import FlagForm


def _form(app, **fields) -> FlagForm:
    with app.test_request_context(method="POST"):
        form = prepare_flag_form(FlagForm(MultiDict(
            {"tracking_number": "EB123456789VN", "province_code": "01", **fields}),
            meta={"csrf": False}))
        form.validate()
        return form


@pytest.mark.parametrize(("typed", "amount"), [
    ("1.500.000", 1_500_000), ("1 500 000", 1_500_000), ("1500000", 1_500_000),
    ("1,500,000", 1_500_000)])
def test_amounts_accept_thousands_separators(app, typed, amount):
    assert _form(app, declared_value=typed).declared_value.data == amount


@pytest.mark.parametrize(("typed", "weight"), [
    ("2,35", Decimal("2.35")), ("2.35", Decimal("2.35")), ("0,125", Decimal("0.125"))])
def test_weights_accept_a_decimal_comma(app, typed, weight):
    assert _form(app, weight_kg=typed).weight_kg.data == weight


def test_times_are_read_as_dd_mm_yyyy(app):
    form = _form(app, accepted_at="05/03/2026 14:30")
    assert form.accepted_at.data == datetime(2026, 3, 5, 14, 30)


def test_an_impossible_date_says_which_format_to_use(app):
    form = _form(app, accepted_at="31/02/2026 10:00")
    assert form.accepted_at.errors == ["Nhập ngày giờ theo dạng dd/mm/yyyy HH:MM, ví dụ "
                                       "05/03/2026 14:30."]
