"""legal deadlines and rules (issue 10): detention decisions, offence reports, ongoing acts,
the security police, catalogue corrections

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-02 22:50:00

"""
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OLD_KINDS = ('postal_firm', 'police', 'market_surveillance', 'customs', 'dost', 'ministry')
NEW_KINDS = ('postal_firm', 'police', 'security_police', 'market_surveillance', 'customs',
             'dost', 'ministry')
#: (table, column) holding an OrgKind, each with the CHECK constraint ck_<table>_orgkind.
KIND_COLUMNS = (('organisation', 'kind'), ('category', 'lead_agency'),
                ('category_version', 'lead_agency'))
#: A copy of caseflow/catalogue/corrections.py as of this revision: code → field → (old, new).
CORRECTIONS = {
    "C5": {"lead_agency": ("police", "security_police")},
    "C6": {"lead_agency": ("police", "security_police")},
    "C8": {"criminal_code_articles": ("Điều 192-195 BLHS", "Điều 192-195, 225, 226 BLHS")},
    "C11": {"postal_legal_basis": ("Quy định của doanh nghiệp; Công ước UPU Điều 19",
                                   "Luật Bưu chính Điều 12 khoản 1, 4; Công ước Bưu chính Thế "
                                   "giới Điều 19")},
    "C12": {"postal_legal_basis": ("Luật Đầu tư Điều 6 khoản 1",
                                   "Luật Bưu chính Điều 12 khoản 1; Luật Đầu tư Điều 6 khoản 1 "
                                   "điểm đ"),
            "criminal_code_articles": ("", "Điều 154 BLHS")},
    "C16": {"postal_legal_basis": ("Quy định của doanh nghiệp; Công ước UPU Điều 19",
                                   "Luật Bưu chính Điều 12 khoản 4; Công ước Bưu chính Thế giới "
                                   "Điều 19"),
            "lead_agency": ("customs", "market_surveillance"),
            "support_agencies": ("", "customs")},
    "C17": {"lead_agency": ("market_surveillance", "customs"),
            "support_agencies": ("", "market_surveillance")},
}
VERSIONED = ("sort_order", "name_vi", "name_en", "postal_legal_basis", "criminal_code_articles",
             "lead_agency", "support_agencies", "restricted", "severity", "active")


def _kind_check(kinds, column):
    listed = ", ".join(f"'{k}'" for k in kinds)
    return f"{column} IN ({listed})"


def _foreign_keys(on: bool):
    """Switch SQLite's foreign keys (a no-op inside a transaction, hence first of all).

    SQLite rebuilds organisation and category to change their CHECK; dropping the old table
    would break the rows that refer to it. The rebuilt tables keep every id.
    """
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _recheck_kinds(kinds):
    for table, column in KIND_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_orgkind'), type_='check')
            batch_op.create_check_constraint('orgkind', _kind_check(kinds, column))


def _ack_targets_in_clock_hours(conn):
    """Open acknowledgement targets become 24 clock hours after issue (4 when critical)."""
    referral = sa.table('referral', sa.column('id', sa.Integer()),
                        sa.column('case_id', sa.Integer()), sa.column('status', sa.String()),
                        sa.column('issued_at', sa.DateTime()), sa.column('due_at', sa.DateTime()))
    critical = set(conn.execute(sa.text(
        "SELECT DISTINCT cc.case_id FROM case_category cc JOIN category c "
        "ON c.code = cc.category_code WHERE c.severity = 'critical'")).scalars())
    rows = conn.execute(sa.select(referral.c.id, referral.c.case_id, referral.c.issued_at)
                        .where(referral.c.status == 'issued')).all()
    for referral_id, case_id, issued_at in rows:
        hours = 4 if case_id in critical else 24
        conn.execute(referral.update().where(referral.c.id == referral_id)
                     .values(due_at=issued_at + timedelta(hours=hours)))


def _correct_catalogue(conn):
    """Correct categories still holding the old seeded values, as a new version."""
    for code, fields in CORRECTIONS.items():
        row = conn.execute(sa.text(f"SELECT {', '.join(VERSIONED)} FROM category "
                                   "WHERE code = :code"), {"code": code}).mappings().first()
        if row is None:
            continue
        values = dict(row)
        due = {name: new for name, (old, new) in fields.items() if values[name] == old}
        if not due:
            continue
        values.update(due)
        sets = ", ".join(f"{name} = :{name}" for name in due)
        conn.execute(sa.text(f"UPDATE category SET {sets} WHERE code = :code"),
                     {**due, "code": code})
        conn.execute(sa.text(
            f"INSERT INTO category_version (category_code, valid_from, note, created_at, "
            f"{', '.join(VERSIONED)}) VALUES (:code, :valid_from, :note, CURRENT_TIMESTAMP, "
            f"{', '.join(':' + name for name in VERSIONED)})"),
            {**values, "code": code, "valid_from": date.today(),
             "note": "Hiệu chỉnh căn cứ pháp lý và cơ quan chủ trì (issue 10)"})


def upgrade():
    _foreign_keys(on=False)
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detention_decision_number', sa.String(length=60),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('detention_decided_at', sa.DateTime(), nullable=True))
        batch_op.drop_column('review_paused_at')
    with op.batch_alter_table('violation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ongoing', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('discovered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('offence_report_number', sa.String(length=60),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('offence_report_date', sa.Date(), nullable=True))
    _recheck_kinds(NEW_KINDS)
    conn = op.get_bind()
    # Acceptance alone no longer starts a detention timer: no referral has a recorded
    # detention decision yet, so none keeps a detention deadline.
    conn.execute(sa.text("UPDATE referral SET review_due_at = NULL"))
    _ack_targets_in_clock_hours(conn)
    _correct_catalogue(conn)
    _foreign_keys(on=True)


def downgrade():
    _foreign_keys(on=False)
    conn = op.get_bind()
    # The security police's rows go back to the police (the old constraint allows no other).
    for table, column in KIND_COLUMNS:
        conn.execute(sa.text(f"UPDATE {table} SET {column} = 'police' "
                             f"WHERE {column} = 'security_police'"))
    _recheck_kinds(OLD_KINDS)
    with op.batch_alter_table('violation', schema=None) as batch_op:
        batch_op.drop_column('offence_report_date')
        batch_op.drop_column('offence_report_number')
        batch_op.drop_column('discovered_on')
        batch_op.drop_column('ongoing')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_paused_at', sa.DateTime(), nullable=True))
        batch_op.drop_column('detention_decided_at')
        batch_op.drop_column('detention_decision_number')
    _foreign_keys(on=True)
