"""The access rules reach templates as globals generated from caseflow.permissions."""

from __future__ import annotations

from flask import render_template_string
from flask_login import login_user

from caseflow import permissions
from caseflow.accounts.models import Role
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_user

CAN_RULES = sorted(name for name in permissions.__all__ if name.startswith("can_"))


def test_every_can_rule_is_a_template_global_of_the_same_name(app):
    missing = [name for name in CAN_RULES if name not in app.jinja_env.globals]
    assert CAN_RULES and not missing


def test_a_rule_without_arguments_asks_about_the_logged_in_user(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    officer = make_user(role=Role.AGENCY_OFFICER)
    db.session.commit()
    for user, expected in ((clerk, "True"), (officer, "False")):
        with app.test_request_context("/"):
            login_user(user)
            assert render_template_string("{{ can_flag() }}") == expected


def test_a_rule_about_a_case_binds_the_logged_in_user_before_the_case(app):
    owner = make_user(role=Role.FIRM_CLERK)
    stranger = make_user(role=Role.FIRM_CLERK)
    draft = make_case(firm_user=owner, status=CaseStatus.DRAFT)
    db.session.commit()
    for user, expected in ((owner, "True"), (stranger, "False")):
        with app.test_request_context("/"):
            login_user(user)
            assert render_template_string("{{ can_edit_case(case) }}", case=draft) == expected
