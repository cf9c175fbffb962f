"""Domain errors raised by services and mapped to responses in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = 400

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist or the user may not see it."""

    status_code = 404


class NotAllowed(DomainError):
    """The user sees the object but may not do this to it."""

    status_code = 403


class Conflict(DomainError):
    """The object changed under the user, or is in the wrong state."""

    status_code = 409


class Stale(Conflict):
    """The page the user acted from is out of date: the case moved on since it was loaded.

    Carries the case whose page shows the current state, so the user is sent there with an
    explanation of what changed instead of a bare 404 or 409.
    """

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


class ValidationFailed(DomainError):
    """Input broke a domain rule; field_errors maps field names to messages."""

    status_code = 422

    def __init__(self, message: str = "", field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.field_errors = field_errors or {}


class Gone(DomainError):
    """The object existed but its content was erased (retention)."""

    status_code = 410
