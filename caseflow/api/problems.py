"""RFC 9457 problem details for every API error, with field-level messages."""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from caseflow.errors import DomainError, ValidationFailed
from caseflow.extensions import db, limiter

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"
TYPES = {401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict",
         413: "too-large", 415: "unsupported-media-type", 422: "validation-error",
         429: "rate-limited"}


def problem(status: int, title: str, detail: str = "",
            errors: dict[str, list[str]] | list[dict[str, str]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """Build a problem+json response."""
    if isinstance(errors, dict):
        errors = [{"field": name, "detail": str(m)} for name, ms in errors.items() for m in ms]
    body: dict[str, Any] = {
        "type": f"/api/v1/problems/{TYPES[status]}" if status in TYPES else "about:blank",
        "title": str(title), "status": status, "detail": str(detail or ""),
        "instance": request.path, "errors": errors or []}
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE,
                    headers=headers)


def unauthorized(detail: str) -> Response:
    """401 with the challenge a client needs."""
    return problem(401, _("Chưa xác thực"), detail,
                   headers={"WWW-Authenticate": 'Bearer realm="caseflow"'})


def unsupported_media_type() -> Response:
    """415 for a body that is not JSON where the endpoint reads JSON."""
    return problem(415, _("Kiểu nội dung không được hỗ trợ"),
                   _("Nội dung yêu cầu phải là JSON (Content-Type: application/json)."),
                   headers={"Accept-Post": "application/json"})


def domain_problem(error: DomainError) -> Response:
    """Map a service's error: 404 hides, 403 refuses, 409 conflicts, 413/422 explain."""
    db.session.rollback()
    titles = {404: _("Không tìm thấy"), 403: _("Không có quyền"), 409: _("Xung đột"),
              413: _("Dữ liệu quá lớn"), 422: _("Dữ liệu không hợp lệ")}
    status = error.status_code if error.status_code in titles else 422
    fields = error.field_errors if isinstance(error, ValidationFailed) else None
    return problem(status, titles[status], error.message, fields)


def http_problem(error: HTTPException) -> Response:
    """Answer werkzeug's HTTP errors (404, 405, 413 …) as problems."""
    db.session.rollback()
    code = error.code or 500
    if code >= 500:
        return unexpected_problem(error)
    return problem(code, error.name, _("Yêu cầu không hợp lệ.") if code == 400 else "")


def rate_limited(error: RateLimitExceeded) -> Response:
    """429 with Retry-After, per API key."""
    db.session.rollback()
    response = problem(429, _("Quá nhiều yêu cầu"),
                       _("Khóa API này đã vượt giới hạn %(limit)s.", limit=error.description))
    limit = limiter.current_limit
    if limit is not None:
        response.headers["Retry-After"] = str(max(1, int(limit.reset_at - time.time())))
    return response


def unexpected_problem(error: Exception) -> Response:
    """Log with an incident id; never a traceback."""
    db.session.rollback()
    incident = uuid.uuid4().hex[:12]
    log.error("API incident %s", incident, exc_info=error)
    return problem(500, _("Lỗi hệ thống"), _("Mã sự cố %(id)s.", id=incident))


def register(bp: Blueprint) -> None:
    """Make every error of the blueprint a problem."""
    bp.register_error_handler(DomainError, domain_problem)
    bp.register_error_handler(RateLimitExceeded, rate_limited)
    bp.register_error_handler(HTTPException, http_problem)
    bp.register_error_handler(Exception, unexpected_problem)


def pydantic_errors(errors: list[dict[str, Any]], prefix: str = "") -> list[dict[str, str]]:
    """Turn pydantic's errors into field errors: dotted location and message."""
    out = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",))
        out.append({"field": f"{prefix}{loc}" if loc else prefix.rstrip(".") or "body",
                    "detail": str(err.get("msg", ""))})
    return out


def on_validation_error(req, resp, error, instance, model_adapter) -> None:
    """spectree's hook: rewrite its 422 as a problem (status and body)."""
    if error is None:
        return
    body = problem(422, _("Dữ liệu không hợp lệ"),
                   _("Yêu cầu không đúng định dạng của API."),
                   pydantic_errors(model_adapter.validation_errors(error)))
    resp.set_data(body.get_data())
    resp.mimetype = MEDIA_TYPE
