"""The case page, rendered by the case views and by the privacy views (a revealed case)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from caseflow.cases import queries, timeline
from caseflow.cases.models import Case
from caseflow.main.forms import ActionForm, NoteForm


def render_case_page(case: Case, *, parties: dict[str, str], masked: bool,
                     reveal_reason: str = "") -> str:
    """Render the case page with the parties as given (masked, full or revealed)."""
    return render_template("cases/detail.html", case=case, parties=parties, masked=masked,
                           reveal_reason=reveal_reason, timeline=timeline.rows_for_page(case),
                           same_parcel=queries.same_parcel(current_user, case),
                           note_form=NoteForm(), action_form=ActionForm())
