"""Configuration read from the environment, with development defaults only where safe."""

from __future__ import annotations

import os
import secrets
import tempfile
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


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
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
    #: Keys come from CASEFLOW_DATA_KEYS/… or from this JSON file, never from the database.
    KEY_FILE = os.environ.get("CASEFLOW_KEY_FILE", "")
    GENERATE_KEY_FILE = False
    #: The audit chain's head is checkpointed here, outside the database.
    AUDIT_CHECKPOINT_FILE = os.environ.get("CASEFLOW_AUDIT_CHECKPOINT",
                                           str(INSTANCE_DIR / "audit-checkpoint.json"))

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
