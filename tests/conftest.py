"""Fixtures: one app per database backend, tables emptied and reference data loaded per test."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.cases import choices
from caseflow.extensions import db
from caseflow.reports import kept
from caseflow.seed.reference import load_reference_data
from config import TestingConfig

PG_URL = os.environ.get("CASEFLOW_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


class IsolatedClient(FlaskClient):
    """A test client whose every request gets a fresh app context.

    The tests hold an app context open for the factories; without this, requests would share
    its `g` (the logged-in user, the CSRF token) and its database session with the test.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _postgres_url(worker: str) -> str:
    """Create (once) a database of this xdist worker's own on the CI server; return its URL."""
    url = sa.make_url(PG_URL)
    name = f"{url.database}_{worker}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def fresh_postgres_database(name_suffix: str) -> str:
    """Drop (with any connection left to it) and create an empty database next to the test
    database, named `<test database>_<name_suffix>`; return its URL."""
    url = sa.make_url(PG_URL)
    name = f"{url.database}_{name_suffix}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def fresh_database_url(backend: str, tmp_path, worker_id: str) -> str:
    """A new, empty database of the backend for a migration test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    return fresh_postgres_database(f"migrations_{worker_id}")


@pytest.fixture(params=["sqlite", *(["postgresql"] if PG_URL else [])])
def migrated_app(request, tmp_path, worker_id):
    """An app on a new database brought to the newest migration (not create_all)."""
    url = fresh_database_url(request.param, tmp_path, worker_id)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile each messages.po whose .mo is missing or older (.mo files are not committed).

    Written to a temporary file and renamed, so xdist workers compiling at once never read a
    half-written catalogue. Fuzzy entries are left out, as `pybabel compile` does.
    """
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        os.replace(partial, mo)


@pytest.fixture(scope="session", params=BACKENDS)
def backend_app(request, tmp_path_factory, worker_id):
    """Build the app once per backend and create the schema."""
    if request.param == "sqlite":
        uri = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        uri = _postgres_url(worker_id)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=uri)
    app.config["BACKEND"] = request.param
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        reset_database()  # keep the reference rows before any test patches anything
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def empty_tables() -> None:
    """Delete every row, children first."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            # The audit table refuses TRUNCATE by trigger; replica mode skips triggers.
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


#: Per backend database: the rows load_reference_data() leaves in empty tables.
_REFERENCE_ROWS: dict[str, dict[str, list[dict]]] = {}


def reset_database() -> None:
    """Leave the database as empty_tables() and load_reference_data() would, quickly.

    The first call for a database (backend_app's) does exactly that and keeps the rows it
    leaves; every later one deletes all rows and inserts the kept ones, one statement per
    table, and sets the sequences back. On PostgreSQL this takes ~20 ms where TRUNCATE of 34
    tables and the reference load's hundred-odd look-ups took ~250 ms, a third of the suite.
    """
    url = str(db.engine.url)
    if url not in _REFERENCE_ROWS:
        empty_tables()
        load_reference_data()
        db.session.commit()
        with db.engine.connect() as conn:
            _REFERENCE_ROWS[url] = {t.name: [dict(r._mapping) for r in conn.execute(t.select())]
                                    for t in db.metadata.sorted_tables}
    else:
        _restore(_REFERENCE_ROWS[url])
    # The reference load's ORM writes used to clear the process's cached filter choices
    # (cases/choices.py) and dashboards (reports/kept.py); the rows written above bypass the
    # ORM, so clear them here.
    choices.forget()
    kept.forget()


def _restore(rows: dict[str, list[dict]]) -> None:
    """Delete every row and insert the kept ones (foreign keys and triggers left aside)."""
    with db.engine.begin() as conn:
        postgresql = conn.dialect.name == "postgresql"
        if postgresql:  # skip the audit table's append-only trigger and the foreign keys
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                conn.execute(table.insert(), rows[table.name])
        if postgresql:
            _restart_sequences(conn, rows)


def _restart_sequences(conn: sa.Connection, rows: dict[str, list[dict]]) -> None:
    """Set each id sequence where RESTART IDENTITY and the reference load left it: after the
    largest kept id, or unused."""
    values = []
    for table in db.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and isinstance(key[0].type, sa.Integer):
            top = max((row[key[0].name] for row in rows[table.name]), default=None)
            values.append(f"""('"{table.name}"', '{key[0].name}', {top or 1}, {top is not None})""")
    conn.execute(sa.text(
        "SELECT setval(pg_get_serial_sequence(t, c), v, used) "
        f"FROM (VALUES {', '.join(values)}) AS s(t, c, v, used) "
        "WHERE pg_get_serial_sequence(t, c) IS NOT NULL"))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """Hash and verify passwords with cheap argon2id parameters in every test (a login costs
    ~130 ms at the production ones). A test of the real parameters calls monkeypatch.undo()."""
    from tests.factories import fast_password_hashing

    fast_password_hashing(monkeypatch)


@pytest.fixture
def app(backend_app):
    """An app with empty tables, reference data loaded and an app context pushed."""
    with backend_app.app_context():
        reset_database()
        yield backend_app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client) -> str:
    """Return a CSRF token valid for this client's session."""
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, user, password: str | None = None):
    """Log a user in through the login form, and the code step when the user has two-factor."""
    from tests.factories import DEFAULT_PASSWORD

    token = csrf_token(client)
    response = client.post("/login", data={"csrf_token": token, "username": user.username,
                                           "password": password or DEFAULT_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    step = response.headers["Location"].split("?", 1)[0]
    if step in ("/login/code", "/login/enrol"):
        response = _second_factor(client, user, step)
    return response


def _second_factor(client, user, step: str):
    """Answer the code step (or enrol at a first login) with a fresh code of the user's app."""
    from tests.factories import totp_code_for, totp_code_from_page

    page = client.get(step).get_data(as_text=True)
    code = totp_code_for(user) if step == "/login/code" else totp_code_from_page(page)
    response = client.post(step, data={"csrf_token": CSRF_RE.search(page).group(1), "code": code})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def post(client, url: str, data: dict | None = None, **kw):
    """POST a form with a valid CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kw)
