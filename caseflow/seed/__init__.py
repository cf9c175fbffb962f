"""Seed data: the reference lists that ship with caseflow, and the demo."""
