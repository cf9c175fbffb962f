"""Evidence tests store their files in a directory of their own, emptied per test."""

from __future__ import annotations

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.evidence.storage import EXTENSION_KEY
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_org, make_user


@pytest.fixture
def evidence_dir(app, tmp_path):
    """Point the filesystem store at this test's directory."""
    previous = app.config["EVIDENCE_DIR"]
    app.config["EVIDENCE_DIR"] = str(tmp_path / "evidence")
    app.extensions.pop(EXTENSION_KEY, None)
    yield tmp_path / "evidence"
    app.config["EVIDENCE_DIR"] = previous
    app.extensions.pop(EXTENSION_KEY, None)


@pytest.fixture
def firm_case(app):
    """A flagged case of a firm in Hà Nội, with its clerk."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    clerk = make_user(role=Role.FIRM_CLERK, org=firm)
    case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    db.session.commit()
    return case, clerk
