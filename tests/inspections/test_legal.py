"""The decree in force on the act's day, and the provisions table."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.inspections.legal import (
    PROVISIONS,
    ChecklistItem,
    Decree,
    decree_for,
    makes_violation,
    provision_for,
)


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


def test_every_provision_has_an_article_and_a_known_range_is_ordered():
    for provision in PROVISIONS.values():
        assert provision.article
        assert not provision.known or 0 < provision.fine_min <= provision.fine_max


@pytest.mark.parametrize(("item", "article"), [
    (ChecklistItem.ITEM_DATA_RETENTION,   "Điểm b khoản 3 Điều 10"),
    (ChecklistItem.DATA_CONFIDENTIALITY,  "Điểm b khoản 4 Điều 10"),
    (ChecklistItem.BANNED_LIST_POSTED,    "Điểm b khoản 2 Điều 12"),
    (ChecklistItem.DONG_KIEM,             "Điểm a khoản 3 Điều 12"),
    (ChecklistItem.SENDER_IDENTIFICATION, "Điểm c khoản 3 Điều 12"),
    (ChecklistItem.STOP_AND_NOTIFY,       "Điểm d khoản 3 Điều 12"),
])  # fmt: skip
def test_each_legal_item_has_its_decree_174_article(item, article):
    assert makes_violation(item)
    _decree, provision = provision_for(item, date(2026, 7, 1))
    assert provision.article == f"{article} Nghị định số 174/2026/NĐ-CP"


@pytest.mark.parametrize("item", [ChecklistItem.SECURITY_MANAGER,
                                  ChecklistItem.CONTRACT_SECURITY,
                                  ChecklistItem.SCREENING_EQUIPMENT])
def test_an_item_resting_on_directive_02_alone_makes_no_violation(item):
    assert not makes_violation(item)


def test_an_ongoing_act_is_judged_by_the_decree_in_force_when_discovered():
    act = date(2026, 5, 10)
    assert decree_for(act) is Decree.ND15_2020
    assert decree_for(act, discovered_on=date(2026, 7, 2)) is Decree.ND174_2026
    assert decree_for(act, discovered_on=date(2026, 6, 30)) is Decree.ND15_2020
