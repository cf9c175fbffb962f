"""Prohibited-item categories (C1–C17) and the public list."""
