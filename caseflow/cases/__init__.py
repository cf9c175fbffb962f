"""Flagged parcels: the flag form, the case list and the case page."""
