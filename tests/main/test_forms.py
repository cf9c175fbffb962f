"""attempt(): a view's service call whose refusal rolls back and shows on the form."""

from __future__ import annotations

from caseflow.accounts.models import OrgKind
from caseflow.errors import Conflict, ValidationFailed
from caseflow.extensions import db
from caseflow.main.forms import NoteForm, attempt
from tests.factories import make_org


def refuse(error):
    def call():
        raise error
    return call


def test_a_refused_call_gives_none_and_its_errors_stand_on_the_form(app):
    with app.test_request_context():
        form = NoteForm(meta={"csrf": False})
        assert attempt(form, refuse(ValidationFailed("Sai", {"text": ["Trống"]}))) is None
    assert form.text.errors == ["Trống"] and form.form_errors == ["Sai"]


def test_a_stale_write_is_shown_only_when_the_view_asks_for_it(app):
    with app.test_request_context():
        form = NoteForm(meta={"csrf": False})
        assert attempt(form, refuse(Conflict("Đã đổi")), (Conflict,)) is None
    assert form.form_errors == ["Đã đổi"]


def test_a_refusal_leaves_nothing_pending_in_the_session(app):
    with app.test_request_context():
        form = NoteForm(meta={"csrf": False})

        def half_done():
            org = make_org(kind=OrgKind.POSTAL_FIRM, name="Nửa chừng")
            db.session.delete(org)  # a pending change the refusal must not leave behind
            raise ValidationFailed("Sai")

        assert attempt(form, half_done) is None
        assert not db.session.deleted


def test_a_call_that_returns_nothing_counts_as_done(app):
    with app.test_request_context():
        assert attempt(NoteForm(meta={"csrf": False}), lambda: None) is True
        assert attempt(NoteForm(meta={"csrf": False}), lambda: []) == []
