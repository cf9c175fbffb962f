"""Phone numbers normalise to one E.164 form, whatever the spelling."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from caseflow.privacy.normalise import parsed_phone, phone


def test_vietnamese_spellings_of_one_number_normalise_alike():
    spellings = ["0912 345 678", "0912.345.678", "+84 912 345 678", "84-912-345-678"]
    assert {phone(s) for s in spellings} == {"+84912345678"}


def test_a_landline_and_a_foreign_number_keep_their_own_forms():
    assert phone("024 3825 1234") == "+842438251234"
    assert phone("+1 202 555 0143") == "+12025550143"
    assert phone("12") is None
    assert phone("") is None


@given(prefix=st.sampled_from(["0", "84", "+84", "00", "+", ""]),
       digits=st.text(alphabet="0123456789", min_size=6, max_size=13),
       separator=st.sampled_from(["", " ", ".", "-"]))
def test_the_quick_path_agrees_with_the_full_parse(prefix, digits, separator):
    written = prefix + separator.join(digits[i:i + 3] for i in range(0, len(digits), 3))
    assert phone(written) == parsed_phone(re.sub(r"[^\d+]", "", written))
