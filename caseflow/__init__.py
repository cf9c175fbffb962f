"""caseflow: suspected-contraband cases in Vietnam's postal network."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import Config, config_for

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the application: configuration, then each register_* step in turn."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                instance_path=str(ROOT / "instance"))
    config = config or config_for()
    config.check()
    app.config.from_object(config)
    app.config.update(overrides)
    for step in (register_proxy, register_observability, register_extensions,
                 register_blueprints, register_errors, register_templating, register_commands):
        step(app)
    return app


def register_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* from the configured number of reverse proxies (none by default)."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_observability(app: Flask) -> None:
    """Log with request ids and count requests; first, so that no earlier hook skips them."""
    from caseflow.main.metrics import init_metrics
    from caseflow.main.request_log import init_request_log

    init_request_log(app)
    init_metrics(app)


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, login, CSRF, Babel and the task queue."""
    from caseflow import database
    from caseflow.accounts.auth import init_login
    from caseflow.accounts.sessions import init_sessions
    from caseflow.accounts.throttling import init_throttling
    from caseflow.audit import chain
    from caseflow.extensions import babel, csrf, db, migrate
    from caseflow.i18n import select_locale, select_timezone
    from caseflow.privacy.keys import init_keys
    from caseflow.tasks.queue import configure as init_tasks

    database.configure_engine_options(app)
    db.init_app(app)
    database.install_sqlite_pragmas(app)
    database.install_idle_ping(app)
    database.install_write_tracking(app)
    init_keys(app)
    chain.install(db.session)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     include_object=database.declared_in_models)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories=str(ROOT / "translations"))
    init_sessions(app)  # before init_login: its timeout check runs before the login check
    init_login(app)
    init_throttling(app)
    init_tasks(app)


def register_blueprints(app: Flask) -> None:
    """Mount every domain's views."""
    from caseflow.accounts.admin_views import bp as accounts_admin_bp
    from caseflow.accounts.security_views import bp as account_bp
    from caseflow.accounts.views import bp as accounts_bp
    from caseflow.api.key_views import bp as api_keys_bp
    from caseflow.api.views import bp as api_bp
    from caseflow.calendar.views import bp as calendar_admin_bp
    from caseflow.cases.views import bp as cases_bp
    from caseflow.catalogue.public_views import bp as public_catalogue_bp
    from caseflow.catalogue.views import bp as catalogue_bp
    from caseflow.difficulties.views import bp as difficulties_bp
    from caseflow.documents.verify_views import bp as verify_bp
    from caseflow.documents.views import bp as documents_bp
    from caseflow.evidence.views import bp as evidence_bp
    from caseflow.inspections.photo_views import bp as inspections_bp  # + views, violations
    from caseflow.intake.views import bp as intake_bp
    from caseflow.main.views import bp as main_bp
    from caseflow.notifications.views import bp as notifications_bp
    from caseflow.privacy.breach_views import bp as breaches_bp
    from caseflow.privacy.views import bp as privacy_bp
    from caseflow.referrals.views import bp as referrals_bp
    from caseflow.reports.views import bp as reports_bp

    for bp in (main_bp, accounts_bp, account_bp, accounts_admin_bp, cases_bp, referrals_bp,
               catalogue_bp, documents_bp, verify_bp, privacy_bp, breaches_bp,
               # issue 6: supervision
               public_catalogue_bp, reports_bp, inspections_bp, difficulties_bp,
               notifications_bp, calendar_admin_bp):
        app.register_blueprint(bp)
    # Evidence, API and import (issue 5); evidence registers an after-request hook that must
    # come before the security headers' (register_errors), see evidence/views.py.
    for bp in (evidence_bp, api_bp, api_keys_bp, intake_bp):
        app.register_blueprint(bp)


def register_errors(app: Flask) -> None:
    """Map domain errors and HTTP errors to pages in one place; add the security headers."""
    from caseflow.main.errors import init_errors
    from caseflow.main.security import init_security_headers

    init_errors(app)
    init_security_headers(app)


def register_templating(app: Flask) -> None:
    """Expose filters and the access rules to templates."""
    from caseflow.main.templating import init_templating

    init_templating(app)


def register_commands(app: Flask) -> None:
    """Add the flask CLI commands (seed, seed-demo, workflow, create-user)."""
    from caseflow.main.commands import init_commands

    init_commands(app)
