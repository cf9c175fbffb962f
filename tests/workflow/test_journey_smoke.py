from caseflow.accounts.models import Role
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_user


def test_case_reaches_every_status(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    for status in CaseStatus:
        case = make_case(firm_user=clerk, status=status)
        assert case.status is status
