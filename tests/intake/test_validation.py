"""The batch validator answers exactly as the web form followed by "submit" does."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from caseflow.cases.formdata import flag_data as form_data
from caseflow.cases.formdata import prepare_flag_form
from caseflow.cases.forms import FlagForm
from caseflow.cases.services import completeness_errors
from caseflow.intake.validation import FIELDS, FlagValidator, raw_value
from tests.factories import flag_data

#: Per field, values a firm's system might send: valid, empty, malformed, out of range.
VARIANTS: dict[str, list[Any]] = {
    "tracking_number": ["EB123456789VN", " eb 123 456 789 vn ", "", "AB", "EB12345678ÂVN"],
    "province_code": ["01", "79", "", "99", "HN"],
    "service_scope": ["domestic", "international", "", "space"],
    "service_type": ["parcel", "", "pigeon"],
    "accepted_at": ["05/03/2026 14:30", "2026-03-05T14:30", "", "32/13/2026 25:00", "hôm qua",
                    "01/01/2099 00:00", datetime(2099, 1, 1, tzinfo=UTC),
                    datetime(2026, 3, 5, 14, 30, 59, 999999), datetime(999, 1, 1)],
    "origin_country": ["", "CN", "VN", "ZZ"],
    "destination_country": ["", "US", "XX"],
    "declared_value": ["1.500.000", "1 500 000", "", "-5", "mười", "99999999999999999"],
    "weight_kg": ["2,35", "2.35", "", "0", "nặng", "100001"],
    "pieces": ["1", "", "0", "1,5", "10001"],
    "sender_phone": ["0912 345 678", "+84 912 345 678", "", "12", "abc"],
    "sender_id_number": ["001089012345", "b1234567", "", "12345", "X" * 25, "012345678"],
    "recipient_name": ["Trần Thị Hoa", "", "x" * 201],
    "dong_kiem_done": [True, False, "y", ""],
    "detection_method": ["xray", "", "magic"],
    "categories": [["C8"], ["C1", "C8"], [], ["C99"], ["C8", "C8"]],
    "stopped_at": ["05/03/2026 15:00", "", "05/03/2026 14:00", "5/3/26"],
    "description": ["Nghi giả nhãn hiệu.", "", "x" * 10001],
}


def to_formdata(values: dict[str, Any]) -> MultiDict:
    """Write values as a browser would post the flag form."""
    data = MultiDict()
    for name in FIELDS:
        for raw in raw_value(values.get(name)):
            data.add(name, raw)
    return data


def web_form_answer(values: dict[str, Any]) -> tuple[dict | None, dict[str, list[str]]]:
    """What the web form says: process the post, validate, then submit's completeness check."""
    form = prepare_flag_form(FlagForm(formdata=to_formdata(values), meta={"csrf": False}))
    valid = form.validate()
    errors = {name: [str(m) for m in messages]
              for name, messages in form.errors.items() if messages}
    try:
        data = form_data(form)
    except (ValueError, KeyError, TypeError):
        return None, errors
    for name, messages in completeness_errors(SimpleNamespace(**data)).items():
        errors.setdefault(name, [str(m) for m in messages])
    return (data, {}) if valid and not errors else (None, errors)


def test_a_complete_flag_gives_the_same_case_data(app):
    with app.test_request_context():
        values = flag_data()
        assert FlagValidator().validate(values) == web_form_answer(values)
        assert FlagValidator().validate(values)[0]["tracking_number"] == values["tracking_number"]


def test_each_malformed_value_gets_the_web_forms_messages(app):
    with app.test_request_context():
        validator = FlagValidator()
        for name, variants in VARIANTS.items():
            for variant in variants:
                values = flag_data(**{name: variant})
                assert validator.validate(values) == web_form_answer(values), (name, variant)


def test_an_empty_flag_lists_what_is_missing_like_the_web_form(app):
    with app.test_request_context():
        data, errors = FlagValidator().validate({})
        assert data is None
        assert (data, errors) == web_form_answer({})
        assert "tracking_number" in errors and "categories" in errors


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.fixed_dictionaries({name: st.sampled_from(values)
                                     for name, values in VARIANTS.items()}))
def test_any_mix_of_values_gets_the_same_answer(app, choice):
    with app.test_request_context():
        values = flag_data(**choice)
        assert FlagValidator().validate(values) == web_form_answer(values)


def test_sender_id_is_optional_and_a_cmnd_refused_alike_by_form_and_batch(app):
    with app.test_request_context():
        validator = FlagValidator()
        no_id = {**flag_data(), "sender_id_number": ""}
        cmnd = {**flag_data(), "sender_id_number": "012345678"}
        assert validator.validate(no_id) == web_form_answer(no_id)
        assert validator.validate(no_id)[0] is not None  # complete without an ID number
        answer = validator.validate(cmnd)
        assert answer == web_form_answer(cmnd)
        assert "CMND 9 số không còn giá trị" in answer[1]["sender_id_number"][0]
