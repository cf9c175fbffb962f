"""case list keyset indexes and accent-insensitive search

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-02 22:20:00

The case list pages by (created_at, id): one composite index per role's default list and the
status filter replace the single-column ones; referrals get (agency_id, case_id) for an
agency's list. PostgreSQL: the extensions unaccent and pg_trgm (where the server offers them),
the IMMUTABLE function caseflow_search_text and a GIN trigram index over it
(caseflow/cases/search.py; SQLite registers the function in Python). The SQL is copied here so
that this revision stays what it was when the code moves on.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

VIETNAMESE = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
PLAIN = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
UNACCENT_BODY = ("SELECT lower(public.unaccent('public.unaccent'::regdictionary, "
                 "coalesce($1, '') || ' ' || coalesce($2, '') || ' ' || coalesce($3, '')))")
TRANSLATE_BODY = ("SELECT translate(lower(coalesce($1, '') || ' ' || coalesce($2, '') || ' ' "
                  f"|| coalesce($3, '')), '{VIETNAMESE}', '{PLAIN}')")


def _installed(conn, extension: str) -> bool:
    if conn.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = :n"),
                   {"n": extension}):
        conn.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public"))
    return conn.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = :n"),
                       {"n": extension}) is not None


def _search_upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    body = UNACCENT_BODY if _installed(conn, "unaccent") else TRANSLATE_BODY
    conn.execute(sa.text("CREATE OR REPLACE FUNCTION caseflow_search_text(text, text, text) "
                         "RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
                         f"$$ {body} $$"))
    if _installed(conn, "pg_trgm"):
        op.execute('CREATE INDEX ix_case_search ON "case" USING gin '
                   "(caseflow_search_text(reference, tracking_number, description) "
                   "gin_trgm_ops)")


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_created_at')
        batch_op.drop_index('ix_case_firm_id')
        batch_op.drop_index('ix_case_status')
        batch_op.drop_index('ix_case_province_created')
        batch_op.create_index('ix_case_created', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_case_firm_created', ['firm_id', 'created_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_case_province_created', ['province_code', 'created_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_case_status_created', ['status', 'created_at', 'id'],
                              unique=False)
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_agency_case', ['agency_id', 'case_id'], unique=False)
    _search_upgrade()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_case_search")
        op.execute("DROP FUNCTION IF EXISTS caseflow_search_text(text, text, text)")
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_agency_case')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_status_created')
        batch_op.drop_index('ix_case_province_created')
        batch_op.drop_index('ix_case_firm_created')
        batch_op.drop_index('ix_case_created')
        batch_op.create_index('ix_case_province_created', ['province_code', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_case_status', ['status'], unique=False)
        batch_op.create_index('ix_case_firm_id', ['firm_id'], unique=False)
        batch_op.create_index('ix_case_created_at', ['created_at'], unique=False)
