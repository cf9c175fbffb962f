"""Referrals of a case to agency units: issue, accept, decline, transfer, conclude."""
