"""The suite's own fixtures: the quick reset between tests leaves what the slow one left."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.seed.reference import load_reference_data
from caseflow.workflow.states import CaseStatus
from tests.conftest import empty_tables, reset_database
from tests.factories import make_case, make_officer, make_org, make_user, refer_case


def database_state() -> tuple[dict, dict]:
    """Every table's rows, and (PostgreSQL) each sequence's last value."""
    with db.engine.connect() as conn:
        tables = {t.name: sorted((tuple(r) for r in conn.execute(t.select())), key=repr)
                  for t in db.metadata.sorted_tables}
        sequences = {}
        if conn.dialect.name == "postgresql":
            sequences = dict(conn.execute(sa.text(
                "SELECT sequencename, last_value FROM pg_sequences")).all())
    return tables, sequences


def write_a_case_and_its_people() -> None:
    """Fill tables beyond the reference data and move their sequences on."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính thử")
    clerk = make_user(role=Role.FIRM_CLERK, org=firm)
    security = make_user(role=Role.FIRM_SECURITY, org=firm)
    case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    refer_case(case, actor=security, agencies=[make_officer().organisation])
    db.session.commit()


def test_the_quick_reset_leaves_what_emptying_and_loading_leave(app):
    write_a_case_and_its_people()
    reset_database()
    quick = database_state()
    write_a_case_and_its_people()
    empty_tables()
    load_reference_data()
    db.session.commit()
    assert database_state() == quick
    assert quick[0]["province"] and quick[0]["category"]
    assert not quick[0]["case"]


def test_ids_start_again_after_the_quick_reset(app):
    write_a_case_and_its_people()
    reset_database()
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính thứ nhất")
    db.session.commit()
    assert firm.id == 1
