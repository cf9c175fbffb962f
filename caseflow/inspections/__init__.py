"""Inspections of postal firms by the Sở KH&CN: checklist, violations, remedies, minutes."""
