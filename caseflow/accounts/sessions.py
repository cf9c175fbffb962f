"""Server-side sessions in our database: Flask-Session's SQLAlchemy store, made safe to share.

The browser's cookie holds only a random session id; the data lives in the `server_session`
table. Logging out deletes the row, so a copied cookie replayed later finds nothing. Flask-Login
keeps "id:stamp" in the session (User.get_id), so a new stamp ends every other copy as well.

Flask-Session's stock SQLAlchemy backend writes through `db.session` and commits it, which would
commit whatever half-done work a failed request left there. This store writes on a connection of
its own, in one short transaction per operation, and the request's unit of work is rolled back
before the session is saved: a view commits what it means to keep, nothing else survives.

An anonymous session holds nothing secret (the form token, the language, a flash message), so
it is not stored: it travels in the cookie itself, signed (a double-submit of the CSRF token).
Anonymous pages thus cost no database row; the row is written when the session holds a user
(login) or a half-done login (the code step).
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from functools import cache

import msgspec
import sqlalchemy as sa
from flask import Flask, Request, Response, current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from flask_session.sqlalchemy import SqlAlchemySessionInterface
from itsdangerous import BadSignature, TimestampSigner
from sqlalchemy.orm import with_expression

from caseflow.accounts.models import ServerSession, User
from caseflow.database import commit_if_read_only, upsert_insert
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.notifications.queries import unread_counter

LOGIN_AT = "_login_at"
#: A request pushes the stored expiry forward only when it is older than this: one write a
#: minute instead of one per request; the idle timeout is exact to within this margin.
REFRESH_GRACE = timedelta(seconds=60)
_TABLE = ServerSession.__table__
#: Keys an anonymous session may hold and still live in a signed cookie instead of a row.
ANONYMOUS_KEYS = frozenset({"_permanent", "_fresh", "csrf_token", "lang", "_flashes"})
#: Past this size (a long flash message) an anonymous session is stored like any other.
ANONYMOUS_COOKIE_MAX = 3000


@cache
def load_statement() -> sa.Select:
    """Select a stored row with its user, organisation and unread count (see _load).

    Built once, on first use (the mappers are complete by then): putting the ORM options and
    the join together took longer than PostgreSQL takes to run the statement.
    """
    return (sa.select(_TABLE.c.data, _TABLE.c.expiry, User)
            .outerjoin(User, User.id == _TABLE.c.user_id)
            .options(with_expression(User.unread_notifications,
                                     unread_counter(_TABLE.c.user_id)))
            .where(_TABLE.c.session_id == sa.bindparam("sid")))


def now() -> datetime:
    """Return the current time (the tests of the timeouts move this clock)."""
    return utcnow()


class CaseflowSession(ServerSideSession):
    """A server-side session that remembers whether (and until when) its row is stored."""

    #: Expiry of the stored row when the session was loaded; None for a session not yet stored.
    stored_expiry: datetime | None = None
    #: The user the stored row names, loaded with it (held here: the identity map's references
    #: are weak, and load_user should find it there).
    stored_user: User | None = None


class DatabaseSessionInterface(SqlAlchemySessionInterface):
    """Flask-Session's SQLAlchemy interface on our ServerSession model and own connections."""

    session_class = CaseflowSession

    def __init__(self, app: Flask) -> None:
        # Not SqlAlchemySessionInterface.__init__: it declares a model of its own on every call
        # (a second app in one process would clash) and creates the table outside migrations.
        self.client, self.sql_session_model = db, ServerSession
        ServerSideSessionInterface.__init__(
            self, app, key_prefix="", use_signer=False, permanent=True, sid_length=32,
            serialization_format="msgpack", cleanup_n_requests=None)
        # Lazy translated strings (flash messages) are stored as plain text.
        self.serializer.encoder = msgspec.msgpack.Encoder(enc_hook=str)

    def open_session(self, app: Flask, request: Request) -> CaseflowSession:
        """Load the session named by the cookie, or start a new one under a fresh id."""
        sid = request.cookies.get(self.get_cookie_name(app))
        if sid and "." in sid:  # a signed anonymous session (a stored one's id has no dot)
            return self.session_class(self._unseal(app, sid), permanent=self.permanent,
                                      sid=self._generate_sid(self.sid_length))
        row = self._load(sid) if sid else None
        if row is None:
            return self.session_class(sid=self._generate_sid(self.sid_length),
                                      permanent=self.permanent)
        loaded = self.session_class(self.serializer.decode(row.data), sid=sid)
        loaded.stored_expiry, loaded.stored_user = row.expiry, row.User
        return loaded

    def save_session(self, app: Flask, session: CaseflowSession, response: Response) -> None:
        """Keep an anonymous session in a signed cookie; store any other in the database."""
        if session.stored_expiry is None and (not session or is_anonymous(session)):
            if session.accessed:
                response.vary.add("Cookie")
            sealed = self._seal(app, session) if session else ""
            if len(sealed) <= ANONYMOUS_COOKIE_MAX:
                self._set_anonymous_cookie(app, session, response, sealed)
                return
        super().save_session(app, session, response)

    def _signer(self, app: Flask) -> TimestampSigner:
        return TimestampSigner(app.secret_key, salt="caseflow-anonymous-session")

    def _seal(self, app: Flask, session: CaseflowSession) -> str:
        payload = base64.urlsafe_b64encode(self.serializer.encode(session)).rstrip(b"=")
        return self._signer(app).sign(payload).decode()

    def _unseal(self, app: Flask, value: str) -> dict:
        """Return an anonymous session's data; nothing if forged or older than the lifetime."""
        try:
            payload = self._signer(app).unsign(
                value, max_age=app.permanent_session_lifetime.total_seconds())
            padded = payload + b"=" * (-len(payload) % 4)
            data = self.serializer.decode(base64.urlsafe_b64decode(padded))
        except (BadSignature, ValueError, msgspec.DecodeError):
            return {}
        return data if isinstance(data, dict) and set(data) <= ANONYMOUS_KEYS else {}

    def _set_anonymous_cookie(self, app: Flask, session: CaseflowSession, response: Response,
                              sealed: str) -> None:
        name, domain, path = (self.get_cookie_name(app), self.get_cookie_domain(app),
                              self.get_cookie_path(app))
        if not sealed:  # emptied (a flash shown): drop the cookie the browser brought
            if request.cookies.get(name):
                response.delete_cookie(name, domain=domain, path=path)
            return
        if request.endpoint == "static":
            return
        response.set_cookie(name, sealed, expires=self.get_expiration_time(app, session),
                            httponly=self.get_cookie_httponly(app), domain=domain, path=path,
                            secure=self.get_cookie_secure(app),
                            samesite=self.get_cookie_samesite(app))
        response.vary.add("Cookie")

    def regenerate(self, session: CaseflowSession) -> None:
        """Move the session to a new id and delete the old row (even for an empty session)."""
        self._delete_session(session.sid)
        session.sid = self._generate_sid(self.sid_length)
        session.stored_expiry = None
        session.modified = True

    def should_set_storage(self, app: Flask, session: CaseflowSession) -> bool:
        """Store a changed session; refresh an unchanged one's expiry at most once a minute."""
        if session.modified:
            return True
        if not app.config["SESSION_REFRESH_EACH_REQUEST"] or request.endpoint == "static":
            return False
        expiry = session.stored_expiry
        return expiry is None or expiry - now() < app.permanent_session_lifetime - REFRESH_GRACE

    def _load(self, sid: str) -> sa.Row | None:
        """Return the stored row of a live session; delete it if it has expired.

        Read on the request's own connection (one checkout and transaction per request, not
        two); only the rare delete takes a connection of its own, to commit at once. The
        session's user, organisation and unread count come in the same query: the login check
        (accounts/auth.py: load_user) then finds them in the identity map, not the database,
        and the bar shows the count without another round trip.
        """
        row = db.session.execute(load_statement(), {"sid": sid}).first()
        if row is not None and row.expiry <= now():
            self._delete_session(sid)
            return None
        return row

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        row = self._load(store_id)
        return self.serializer.decode(row.data) if row is not None else None

    def _delete_session(self, store_id: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(_TABLE.delete().where(_TABLE.c.session_id == store_id))

    def _upsert_session(self, session_lifetime: timedelta, session: CaseflowSession,
                        store_id: str) -> None:
        """Insert a new session; only update a loaded one, so a deleted session stays deleted."""
        values = {"data": self.serializer.encode(session), "expiry": now() + session_lifetime,
                  "user_id": user_id_of(session)}
        with db.engine.begin() as conn:
            if session.stored_expiry is None:
                conn.execute(upsert_insert(conn.dialect.name, _TABLE)
                             .values(session_id=store_id, **values)
                             .on_conflict_do_nothing())
            else:
                conn.execute(_TABLE.update().where(_TABLE.c.session_id == store_id)
                             .values(**values))

    def _delete_expired_sessions(self) -> None:
        with db.engine.begin() as conn:
            conn.execute(_TABLE.delete().where(_TABLE.c.expiry <= now()))



def is_anonymous(data: dict) -> bool:
    """Tell whether a session holds only what an anonymous visitor's may hold."""
    return set(data) <= ANONYMOUS_KEYS


def user_id_of(data: dict) -> int | None:
    """Return the user id of a logged-in session's data ("id:stamp"), else None."""
    head = dict.get(data, "_user_id", "").partition(":")[0]
    return int(head) if head.isdigit() else None


def init_sessions(app: Flask) -> None:
    """Store sessions in the database and enforce the absolute timeout."""
    app.session_interface = DatabaseSessionInterface(app)
    app.before_request(enforce_absolute_timeout)
    app.after_request(abandon_uncommitted_work)


def abandon_uncommitted_work(response):
    """Roll back what the request did not commit, before the session is saved.

    A GET whose transaction only read ends it with COMMIT first: the same outcome, and the
    database driver keeps its prepared statements (database.commit_if_read_only).
    """
    if request.method in ("GET", "HEAD"):
        commit_if_read_only(db.session())
    db.session.rollback()
    return response


def enforce_absolute_timeout() -> None:
    """End a logged-in session older than SESSION_ABSOLUTE_LIFETIME, however busy it was."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    started = session.get(LOGIN_AT)
    limit = current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    if not isinstance(started, int | float) or now().timestamp() - started > limit:
        end_session()
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), "warning")


def start_session(user: User, *, login_at: float | None = None) -> None:
    """Log the user in on a fresh session id, keeping only the chosen language."""
    restart_session()
    login_user(user)
    session[LOGIN_AT] = login_at or now().timestamp()


def refresh_session(user: User) -> None:
    """Re-issue this browser's session after the user's stamp changed; keep the login time."""
    start_session(user, login_at=session.get(LOGIN_AT))


def end_session() -> None:
    """Log out and delete this session from the store; the browser gets a new, empty one."""
    logout_user()
    restart_session()


def restart_session() -> None:
    """Empty the session and move it to a new id, deleting the old row; keep the language."""
    lang = session.get("lang")
    session.clear()
    current_app.session_interface.regenerate(session)
    if lang:
        session["lang"] = lang


def delete_sessions_of(user: User) -> None:
    """Delete every stored session of the user, in the caller's transaction."""
    db.session.execute(sa.delete(ServerSession).where(ServerSession.user_id == user.id))
