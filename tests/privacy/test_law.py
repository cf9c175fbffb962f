"""The personal-data rules in force on a day: Decree 13/2023 to 2025, Law 91/2025 after."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.privacy import law
from tests.clock import vn


@pytest.mark.parametrize(("when", "rules"), [
    (vn(2025, 12, 31, 23, 59), law.DECREE_13),  # 16:59 UTC, still 2025 in Hà Nội
    (vn(2026, 1, 1, 0, 0), law.LAW_91),  # 17:00 UTC on 31/12, already 2026 in Hà Nội
    (date(2025, 12, 31), law.DECREE_13),
    (date(2026, 1, 1), law.LAW_91),
])
def test_the_rules_change_on_the_first_of_january_2026_in_vietnam_time(when, rules):
    assert law.rules_on(when) is rules

