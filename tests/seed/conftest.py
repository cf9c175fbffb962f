"""The demo, seeded once per backend for the whole package, as `flask seed-demo` does."""

from __future__ import annotations

import pytest

from caseflow.extensions import db
from caseflow.seed.demo import seed_demo_data
from caseflow.seed.reference import load_reference_data
from tests.conftest import empty_tables
from tests.factories import fast_password_hashing


@pytest.fixture(scope="package")
def seeded_app(backend_app):
    """Seed the demo into an emptied database; every test module of the package reads it."""
    with backend_app.app_context(), pytest.MonkeyPatch.context() as patch:
        fast_password_hashing(patch)  # argon2 stays argon2id, with cheap parameters
        empty_tables()
        load_reference_data()
        summary = seed_demo_data()
        db.session.commit()
        yield backend_app, summary
        db.session.remove()


@pytest.fixture
def seeded(seeded_app) -> str:
    """The demo's summary line, inside an app context of the seeded app."""
    app, summary = seeded_app
    with app.app_context():
        yield summary
        db.session.remove()
