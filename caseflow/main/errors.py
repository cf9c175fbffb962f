"""One place that turns domain errors and HTTP errors into pages."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from caseflow.errors import Conflict, DomainError, NotAllowed, NotFound, Stale, ValidationFailed
from caseflow.extensions import db

log = logging.getLogger(__name__)


def init_errors(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)


def handle_domain_error(error: DomainError):
    """Roll back, then answer: 404 hides, 403 refuses, 409/422 go back with a message."""
    db.session.rollback()
    if isinstance(error, NotFound):
        return render_error(404)
    if isinstance(error, NotAllowed):
        return render_error(403, error.message)
    if isinstance(error, Stale):
        flash(error.message, "warning")
        return redirect(url_for("cases.detail", case_id=error.case_id), code=303)
    if isinstance(error, Conflict | ValidationFailed) and request.referrer:
        flash(error.message, "danger")
        return redirect(request.referrer, code=303)
    return render_error(error.status_code, error.message)


def handle_csrf_error(error: CSRFError):
    """Explain an expired or missing form token in words the user can act on."""
    db.session.rollback()
    message = _l("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.")
    return render_error(400, str(message))


def handle_http_error(error: HTTPException):
    """Render HTTP errors in the site's layout."""
    if error.code is None or error.code < 400:
        return error
    db.session.rollback()
    return render_error(error.code)


def handle_unexpected(error: Exception):
    """Log with an incident id and show the id, never the traceback."""
    db.session.rollback()
    incident = uuid.uuid4().hex[:12]
    log.exception("incident %s", incident)
    return render_error(500, incident=incident)


MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    403: _l("Bạn không có quyền thực hiện thao tác này."),
    404: _l("Không tìm thấy trang hoặc hồ sơ bạn yêu cầu."),
    405: _l("Phương thức không được hỗ trợ."),
    409: _l("Hồ sơ đã thay đổi; vui lòng tải lại trang."),
    413: _l("Dữ liệu gửi lên quá lớn."),
    422: _l("Dữ liệu không hợp lệ."),
    500: _l("Hệ thống gặp sự cố."),
}


def render_error(code: int, message: str = "", incident: str = ""):
    """Render the error page with a status code."""
    text = message or str(MESSAGES.get(code, MESSAGES[400]))
    return render_template("errors/error.html", code=code, message=text, incident=incident), code
