"""Organisations, users, roles and login; permissions.py holds every access rule."""
