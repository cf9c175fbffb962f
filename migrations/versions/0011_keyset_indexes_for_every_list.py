"""keyset indexes for every list that grows without bound

Revision ID: 0011
Revises: 0010

The processing log, inspections, violations, difficulty reports, published guidance and
notifications page newest first by (time or day, id) like the case list (caseflow/main/keyset.py):
one composite index per list's order and per filter or role that narrows it. The single-column
indexes on audit_event.actor_id and .case_id, inspection.firm_id and violation.firm_id are
prefixes of the new ones and go; ix_inspection_province_planned gains id.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_actor_id')
        batch_op.drop_index('ix_audit_event_case_id')
        batch_op.create_index('ix_audit_event_occurred', ['occurred_at', 'id'], unique=False)
        batch_op.create_index('ix_audit_event_actor_occurred', ['actor_id', 'occurred_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_audit_event_organisation_occurred',
                              ['organisation_id', 'occurred_at', 'id'], unique=False)
        batch_op.create_index('ix_audit_event_case_occurred', ['case_id', 'occurred_at', 'id'],
                              unique=False)
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_firm_id')
        batch_op.drop_index('ix_inspection_province_planned')
        batch_op.create_index('ix_inspection_planned', ['planned_on', 'id'], unique=False)
        batch_op.create_index('ix_inspection_province_planned',
                              ['province_code', 'planned_on', 'id'], unique=False)
        batch_op.create_index('ix_inspection_firm_planned', ['firm_id', 'planned_on', 'id'],
                              unique=False)
    with op.batch_alter_table('violation', schema=None) as batch_op:
        batch_op.drop_index('ix_violation_firm_id')
        batch_op.create_index('ix_violation_act', ['act_date', 'id'], unique=False)
        batch_op.create_index('ix_violation_firm_act', ['firm_id', 'act_date', 'id'],
                              unique=False)
    with op.batch_alter_table('difficulty', schema=None) as batch_op:
        batch_op.create_index('ix_difficulty_submitted', ['submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_difficulty_status_published', ['status', 'published_at', 'id'],
                              unique=False)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user_created', ['user_id', 'created_at', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_created')
    with op.batch_alter_table('difficulty', schema=None) as batch_op:
        batch_op.drop_index('ix_difficulty_status_published')
        batch_op.drop_index('ix_difficulty_submitted')
    with op.batch_alter_table('violation', schema=None) as batch_op:
        batch_op.drop_index('ix_violation_firm_act')
        batch_op.drop_index('ix_violation_act')
        batch_op.create_index('ix_violation_firm_id', ['firm_id'], unique=False)
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_firm_planned')
        batch_op.drop_index('ix_inspection_province_planned')
        batch_op.drop_index('ix_inspection_planned')
        batch_op.create_index('ix_inspection_province_planned', ['province_code', 'planned_on'],
                              unique=False)
        batch_op.create_index('ix_inspection_firm_id', ['firm_id'], unique=False)
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_case_occurred')
        batch_op.drop_index('ix_audit_event_organisation_occurred')
        batch_op.drop_index('ix_audit_event_actor_occurred')
        batch_op.drop_index('ix_audit_event_occurred')
        batch_op.create_index('ix_audit_event_case_id', ['case_id'], unique=False)
        batch_op.create_index('ix_audit_event_actor_id', ['actor_id'], unique=False)
