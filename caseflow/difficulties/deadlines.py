"""Answer deadlines in working days.

A report is answered within DIFFICULTY_ANSWER_WORKING_DAYS working days (15 by default) of its
submission, and again within as many of its forwarding to the Ministry. Working days are those
of the business calendar (caseflow/calendar): weekends, public holidays — Tết and Giỗ Tổ Hùng
Vương included — and compensatory days off are skipped, make-up working Saturdays count.
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from caseflow.calendar import services as calendar

DEFAULT_WORKING_DAYS = 15


def answer_due(start: date) -> date:
    """Return the answer deadline of a report submitted or forwarded on start."""
    return calendar.add_working_days(start, int(current_app.config.get(
        "DIFFICULTY_ANSWER_WORKING_DAYS", DEFAULT_WORKING_DAYS)))
