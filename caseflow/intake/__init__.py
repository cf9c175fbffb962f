"""Flags pushed in bulk by firms' systems: shared validation, fast creation, CSV/XLSX import."""
