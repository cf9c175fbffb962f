"""The password rule: 12–128 characters and not on a list of common passwords."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError

from caseflow.errors import ValidationFailed

DATA_DIR = Path(__file__).resolve().parent.parent / "privacy" / "data"
MIN_LENGTH, MAX_LENGTH = 12, 128
TOO_SHORT_OR_LONG = _l("Mật khẩu phải dài từ 12 đến 128 ký tự.")
TOO_COMMON = _l("Mật khẩu này quá phổ biến, rất dễ bị đoán. Vui lòng chọn mật khẩu khác.")


@cache
def common_passwords() -> frozenset[str]:
    """Load the shipped lists once: Django's 20,000 and caseflow's Vietnamese ones, lower-cased."""
    with gzip.open(DATA_DIR / "common-passwords.txt.gz", "rt", encoding="utf-8") as handle:
        django = handle.read().splitlines()
    vietnamese = (DATA_DIR / "common-passwords-vi.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in (*django, *vietnamese) if line.strip())


def password_problem(password: str) -> str | None:
    """Return why the password is refused, or None when it is acceptable."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return str(TOO_SHORT_OR_LONG)
    if password.lower() in common_passwords():
        return str(TOO_COMMON)
    return None


def check_password_rule(password: str, *, field: str = "password") -> None:
    """Raise ValidationFailed (naming the form field) when the password breaks the rule."""
    problem = password_problem(password)
    if problem:
        raise ValidationFailed(problem, {field: [problem]})


class PasswordRule:
    """WTForms validator for the rule; empty values are left to DataRequired/Optional."""

    def __call__(self, form: Form, field: Field) -> None:
        problem = password_problem(field.data) if field.data else None
        if problem:
            raise ValidationError(problem)
