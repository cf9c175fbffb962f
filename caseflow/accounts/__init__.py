"""Organisations, users, roles and login; caseflow/permissions holds every access rule."""
