"""A second app on the test database, for routes that exist only in a test.

The session-wide app has served requests already, so Flask refuses new routes on it; this app
is built fresh, gets the test's routes before its first request, and shares the database (and
so the factories' rows) with the `app` fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Blueprint, Flask

from caseflow import create_app
from caseflow.extensions import db
from config import TestingConfig
from tests.conftest import IsolatedClient


@contextmanager
def app_with_routes(backend: Flask, add_routes: Callable[[Blueprint], None]) -> Iterator[Flask]:
    """Build an app on the backend's database with a blueprint of test-only routes."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=backend.config[
        "SQLALCHEMY_DATABASE_URI"])
    app.test_client_class = IsolatedClient
    test_routes = Blueprint("test_only", __name__, url_prefix="/test-only")
    add_routes(test_routes)
    app.register_blueprint(test_routes)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
