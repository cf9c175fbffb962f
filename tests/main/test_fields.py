"""The shared form fields live in caseflow.main.fields, and no domain borrows them elsewhere."""

from __future__ import annotations

import pathlib
import re

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from caseflow.main import fields

ROOT = pathlib.Path(__file__).resolve().parents[2] / "caseflow"


class AmountForm(FlaskForm):
    class Meta:
        csrf = False

    amount = fields.VNAmountField()
    when = fields.VNDateTimeField()


def test_an_amount_and_a_time_are_read_the_vietnamese_way(app):
    with app.test_request_context():
        form = AmountForm(formdata=MultiDict({"amount": "1.500.000", "when": "05/03/2026 14:30"}))
        form.validate()
    assert form.amount.data == 1_500_000 and form.when.data.strftime("%d/%m %H:%M") == "05/03 14:30"


def test_no_domain_takes_shared_fields_from_the_case_forms():
    shared = {"VNDateTimeField", "VNAmountField", "VNDecimalField", "ChoiceField",
              "MultiCheckboxField", "DATE_FORMATS", "DATE_MESSAGE", "blank_first", "strip"}
    for path in ROOT.rglob("*.py"):
        found = re.search(r"from caseflow\.cases\.forms import \(?([^)]*?)\)?\n(?!\s)",
                          path.read_text(encoding="utf-8"))
        names = set(re.findall(r"\w+", found.group(1))) if found else set()
        assert not names & shared, path
