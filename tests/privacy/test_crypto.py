"""Field encryption: authenticated, bound to table, column and row, keyed from outside the DB."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.privacy import crypto
from caseflow.privacy.crypto import DecryptionError, associated_data
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_user

AAD = associated_data("case", "sender_name", "row-1")


def raw_row(case_id: int) -> dict:
    """Read a case row as stored, bypassing the model."""
    return dict(db.session.execute(sa.text('SELECT * FROM "case" WHERE id = :i'),
                                   {"i": case_id}).mappings().one())


def test_a_value_decrypts_only_where_it_was_stored(app):
    token = crypto.encrypt("Nguyễn Văn Bình", AAD)
    assert crypto.decrypt(token, AAD) == "Nguyễn Văn Bình"
    for elsewhere in (associated_data("case", "recipient_name", "row-1"),
                      associated_data("case", "sender_name", "row-2"),
                      associated_data("user", "sender_name", "row-1")):
        with pytest.raises(DecryptionError):
            crypto.decrypt(token, elsewhere)


def test_a_changed_byte_fails_authentication(app):
    token = crypto.encrypt("0912345678", AAD)
    prefix, body = token.rsplit(".", 1)
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    with pytest.raises(DecryptionError):
        crypto.decrypt(f"{prefix}.{flipped}", AAD)


def test_each_value_names_its_key_and_uses_a_fresh_nonce(app):
    first, second = crypto.encrypt("x", AAD), crypto.encrypt("x", AAD)
    assert first != second
    assert crypto.key_id_of(first) == app.extensions["caseflow_keys"].current


def test_personal_data_is_ciphertext_in_the_database_and_plaintext_in_python(app):
    case = make_case(firm_user=make_user(role=Role.FIRM_CLERK), status=CaseStatus.FLAGGED,
                     sender_name="Phạm Thị Canary", sender_phone="0912 345 678")
    db.session.commit()
    stored = raw_row(case.id)
    assert stored["sender_name"].startswith("v1.") and "Canary" not in stored["sender_name"]
    assert "0912" not in stored["sender_phone"]
    db.session.expire_all()
    assert db.session.get(Case, case.id).sender_name == "Phạm Thị Canary"


def test_a_value_copied_to_another_row_does_not_decrypt(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    first = make_case(firm_user=clerk, status=CaseStatus.DRAFT, sender_name="Người A")
    second = make_case(firm_user=clerk, status=CaseStatus.DRAFT, sender_name="Người B")
    db.session.commit()
    db.session.execute(sa.text('UPDATE "case" SET sender_name = :v WHERE id = :i'),
                       {"v": raw_row(first.id)["sender_name"], "i": second.id})
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(DecryptionError):
        _ = db.session.get(Case, second.id).sender_name


@pytest.mark.parametrize("spelling", ["0912 345 678", "+84912345678", "84-912-345-678",
                                      "0912.345.678"])
def test_every_spelling_of_a_phone_has_the_same_blind_index(app, spelling):
    clerk = make_user(role=Role.FIRM_CLERK)
    case = make_case(firm_user=clerk, status=CaseStatus.DRAFT, sender_phone=spelling)
    reference = make_case(firm_user=clerk, status=CaseStatus.DRAFT, recipient_phone="0912345678")
    assert case.sender_phone_index == reference.recipient_phone_index is not None
    assert "0912" not in case.sender_phone_index
