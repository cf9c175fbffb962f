"""PostgreSQL role split: the app's role may append to the audit log, never change it.

The schema belongs to an owner role (migrations run as it); the application connects as a
role that owns nothing. On the audit tables that role gets SELECT and INSERT (and UPDATE on the
one-row head, which sealing moves forward); UPDATE, DELETE and TRUNCATE of events are refused by
privilege, before the append-only triggers are even reached, and a non-owner cannot drop or
disable those triggers either.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
#: Privileges the app role keeps on each audit table; everything else is revoked.
AUDIT_TABLES = {"audit_event": "SELECT, INSERT", "audit_head": "SELECT, INSERT, UPDATE"}


class RoleError(ValueError):
    """The role cannot be used as the application's role."""


def grant_statements(app_role: str) -> list[str]:
    """Return the GRANT/REVOKE statements that make `app_role` the application's role."""
    if not ROLE_NAME.match(app_role):
        raise RoleError(f"not a plain role name: {app_role!r}")
    role = f'"{app_role}"'
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables the owner creates later (migrations) get the same; rerun after each upgrade
        # so that the audit tables' revocations below are applied to new audit tables too.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE"
        f" ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    for table, keep in AUDIT_TABLES.items():
        statements += [f"REVOKE ALL ON {table} FROM {role}", f"GRANT {keep} ON {table} TO {role}"]
    return statements


def grant_app_role(connection: sa.Connection, app_role: str) -> list[str]:
    """Grant the app role its privileges, as the schema's owner; return the statements run."""
    statements = grant_statements(app_role)
    owner = connection.scalar(sa.text(
        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_event'::regclass"))
    if app_role in (owner, connection.scalar(sa.text("SELECT current_user"))):
        raise RoleError(f"{app_role} owns the audit table; the app needs a role of its own")
    for statement in statements:
        connection.execute(sa.text(statement))
    return statements
