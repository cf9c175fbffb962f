"""Configuration read from the environment, with development defaults only where safe."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CASEFLOW_INSTANCE_DIR", BASE_DIR / "instance"))


def _dev_secret_key() -> str:
    """Return a per-machine development key kept in instance/, creating it once."""
    path = INSTANCE_DIR / "dev-secret-key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _env_flag(name: str, default: bool) -> bool:
    """Read a yes/no setting from the environment."""
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    #: A pooled connection idle this long is tested before use (database.install_idle_ping).
    DATABASE_PING_AFTER_IDLE = float(os.environ.get("DATABASE_PING_AFTER_IDLE_SECONDS", "10"))
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    CASES_PER_PAGE = int(os.environ.get("CASES_PER_PAGE", "25"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session does
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    #: Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust
    #: (0: none). Per-IP login throttling and audit IPs need the real client address.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: Keys come from CASEFLOW_DATA_KEYS/… or from this JSON file, never from the database.
    KEY_FILE = os.environ.get("CASEFLOW_KEY_FILE", "")
    GENERATE_KEY_FILE = False
    #: The audit chain's head is checkpointed here, outside the database.
    AUDIT_CHECKPOINT_FILE = os.environ.get("CASEFLOW_AUDIT_CHECKPOINT",
                                           str(INSTANCE_DIR / "audit-checkpoint.json"))
    # Sessions live in the database (caseflow/accounts/sessions.py). Idle timeout: the lifetime,
    # renewed by every request; absolute timeout: counted from the login.
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES",
                                                                      "30")))
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS",
                                                                   "12")))
    SESSION_REFRESH_EACH_REQUEST = True
    # Login throttling (Flask-Limiter); memory:// counts per process, redis://… shares counts
    # between processes and hosts: production takes REDIS_URL when no storage is named.
    RATELIMIT_STORAGE_URI = (os.environ.get("RATELIMIT_STORAGE_URI")
                             or os.environ.get("REDIS_URL") or "memory://")
    LOGIN_THROTTLING = True
    LOGIN_LIMITS_PER_ACCOUNT = os.environ.get("LOGIN_LIMITS_PER_ACCOUNT", "5/minute;20/hour")
    LOGIN_LIMITS_PER_IP = os.environ.get("LOGIN_LIMITS_PER_IP", "30/minute")
    #: TOTP two-factor is compulsory for supervisors, agency officers and admins when on.
    TOTP_REQUIRED = _env_flag("CASEFLOW_TOTP_REQUIRED", True)
    TOTP_ISSUER = "caseflow"
    #: Strict-Transport-Security max-age; 0 sends no HSTS header (plain-HTTP development).
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    # Evidence files (caseflow/evidence, docs/evidence.md): limits, then where originals live.
    EVIDENCE_MAX_FILE_BYTES = int(os.environ.get("EVIDENCE_MAX_FILE_MB", "20")) * 1024 * 1024
    EVIDENCE_MAX_FILES_PER_REQUEST = int(os.environ.get("EVIDENCE_MAX_FILES_PER_REQUEST", "10"))
    EVIDENCE_MAX_REQUEST_BYTES = int(os.environ.get("EVIDENCE_MAX_REQUEST_MB", "100")) * 1024 * 1024
    EVIDENCE_MAX_FILES_PER_CASE = int(os.environ.get("EVIDENCE_MAX_FILES_PER_CASE", "50"))
    EVIDENCE_MAX_CASE_BYTES = int(os.environ.get("EVIDENCE_MAX_CASE_MB", "500")) * 1024 * 1024
    EVIDENCE_MAX_PIXELS = int(os.environ.get("EVIDENCE_MAX_PIXELS", str(50_000_000)))
    #: Pixels of all photos in one upload request (ten 12-megapixel photos fit).
    EVIDENCE_MAX_REQUEST_PIXELS = int(os.environ.get("EVIDENCE_MAX_REQUEST_PIXELS",
                                                     str(150_000_000)))
    #: "filesystem" (EVIDENCE_DIR, outside the web root) or "s3" (EVIDENCE_S3_*; boto3).
    EVIDENCE_STORAGE = os.environ.get("EVIDENCE_STORAGE", "filesystem")
    EVIDENCE_DIR = os.environ.get("EVIDENCE_DIR", str(INSTANCE_DIR / "evidence"))
    EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "")
    EVIDENCE_S3_PREFIX = os.environ.get("EVIDENCE_S3_PREFIX", "evidence/")
    EVIDENCE_S3_ENDPOINT_URL = os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None
    # JSON API (caseflow/api, docs/api.md): requests per API key, Flask-Limiter syntax.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/minute;20000/hour")
    API_BULK_MAX_ITEMS = 500
    #: How long a stored Idempotency-Key answer is replayed (`flask api purge-idempotency`).
    API_IDEMPOTENCY_HOURS = int(os.environ.get("API_IDEMPOTENCY_HOURS", "24"))
    # E-mail notifications (caseflow/notifications, docs/notifications.md). No MAIL_SERVER: the
    # outbox still fills, the sender sends nothing and says so.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_flag("MAIL_USE_TLS", False)  # STARTTLS on a plain connection
    MAIL_USE_SSL = _env_flag("MAIL_USE_SSL", False)  # implicit TLS (usually port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "caseflow@localhost")
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "30"))
    #: Links in e-mails start here (no request to take the host from when the sender runs).
    MAIL_BASE_URL = os.environ.get("MAIL_BASE_URL", "http://localhost:5000")
    #: Retries: the n-th failure waits BACKOFF × 2^(n-1) seconds (capped); after MAX, failed.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_BACKOFF_SECONDS = int(os.environ.get("MAIL_BACKOFF_SECONDS", "60"))
    MAIL_BACKOFF_MAX_SECONDS = int(os.environ.get("MAIL_BACKOFF_MAX_SECONDS", str(6 * 3600)))
    #: How long a sender holds the rows it claimed; a crashed sender's rows wait this long.
    MAIL_LEASE_SECONDS = int(os.environ.get("MAIL_LEASE_SECONDS", "600"))
    #: After a crash between sending and marking sent: resend with the same Message-ID
    #: (at-least-once, the default) or mark the row failed for a person to check (at-most-once).
    MAIL_RESEND_AFTER_CRASH = _env_flag("MAIL_RESEND_AFTER_CRASH", True)

    # Background work (caseflow/tasks, docs/deployment.md): a Huey queue on Redis, or on a
    # SQLite file under instance/ for a single host; TASKS_IMMEDIATE runs tasks inline.
    TASKS_URL = (os.environ.get("HUEY_URL") or os.environ.get("REDIS_URL")
                 or f"sqlite:///{INSTANCE_DIR / 'tasks.db'}")
    TASKS_IMMEDIATE = _env_flag("TASKS_IMMEDIATE", False)
    #: Log lines: "json" (one object a line, with the request id) or "text".
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    #: /metrics answers only these networks (comma-separated) or a Bearer METRICS_TOKEN.
    METRICS_ALLOWED_NETWORKS = os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

    @classmethod
    def check(cls) -> None:
        """Refuse to start without the settings production cannot guess."""
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set outside development")
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("DATABASE_URL must be set outside development")


class DevelopmentConfig(Config):
    """Local development: SQLite under instance/, a generated secret key."""

    ENV_NAME = "development"
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'caseflow.db'}"
    )
    SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    #: `make run` creates instance/keys.json on first start.
    GENERATE_KEY_FILE = True
    #: Demo accounts log in with a password only; anyone may enrol from "Bảo mật tài khoản".
    TOTP_REQUIRED = _env_flag("CASEFLOW_TOTP_REQUIRED", False)
    HSTS_SECONDS = 0
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")

    @classmethod
    def check(cls) -> None:
        """Development needs nothing more."""


class TestingConfig(DevelopmentConfig):
    """The test suite: CSRF on as in production, a throwaway key."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    SERVER_NAME = None
    KEY_FILE = str(Path(tempfile.gettempdir()) / f"caseflow-test-keys-{os.getpid()}.json")
    AUDIT_CHECKPOINT_FILE = str(Path(tempfile.gettempdir())
                                / f"caseflow-test-audit-{os.getpid()}.json")
    EVIDENCE_DIR = str(Path(tempfile.gettempdir()) / f"caseflow-test-evidence-{os.getpid()}")
    # Switched on by the tests of throttling and two-factor only.
    LOGIN_THROTTLING = False
    TOTP_REQUIRED = False
    RATELIMIT_STORAGE_URI = "memory://"
    #: Tasks run inline; tests/tasks starts real consumers on Redis and on SQLite.
    TASKS_IMMEDIATE = True


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """Pick the configuration named by CASEFLOW_ENV (production when unset)."""
    name = name or os.environ.get("CASEFLOW_ENV", "production")
    if name not in CONFIGS:
        raise RuntimeError(f"CASEFLOW_ENV must be one of {', '.join(CONFIGS)}")
    return CONFIGS[name]
