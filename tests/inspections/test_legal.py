"""The decree in force on the act's day, and the provisions table."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.inspections.legal import PROVISIONS, ChecklistItem, Decree, decree_for, provision_for


@pytest.mark.parametrize(("act", "decree"), [
    (date(2026, 6, 30), Decree.ND15_2020),
    (date(2026, 7, 1), Decree.ND174_2026),
    (date(2021, 1, 1), Decree.ND15_2020),
    (date(2027, 3, 5), Decree.ND174_2026),
])  # fmt: skip
def test_the_decree_in_force_on_the_act_day_is_chosen(act, decree):
    assert decree_for(act) is decree


def test_not_stopping_carriage_after_1_7_2026_is_art_12_3_d_10_to_20_million():
    decree, provision = provision_for(ChecklistItem.STOP_AND_NOTIFY, date(2026, 7, 1))
    assert decree is Decree.ND174_2026
    assert provision.article == "Điểm d khoản 3 Điều 12 Nghị định số 174/2026/NĐ-CP"
    assert (provision.fine_min, provision.fine_max) == (10_000_000, 20_000_000)


def test_an_article_the_project_has_not_checked_says_so_instead_of_guessing():
    decree, provision = provision_for(ChecklistItem.STOP_AND_NOTIFY, date(2026, 6, 30))
    assert decree is Decree.ND15_2020
    assert not provision.known and provision.article == ""
    assert "cần đối chiếu" in provision.note


def test_every_known_provision_has_an_ordered_range():
    for provision in PROVISIONS.values():
        assert provision.known and 0 < provision.fine_min <= provision.fine_max
