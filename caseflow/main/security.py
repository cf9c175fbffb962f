"""Security headers on every response, in one after_request hook.

A hook of our own rather than Flask-Talisman: Talisman redirects plain HTTP to HTTPS and forces
SESSION_COOKIE_SECURE by default (both wrong for development and the browser tests, and TLS ends
at the proxy in production), and it has no rule for Cache-Control. What we need is a fixed set
of headers, which fits in a dozen readable lines.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

#: No inline script or style anywhere: templates load caseflow/static/js and css files only.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # QR codes are data: URIs
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
FIXED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin pages keep the full referrer (the language switch and error redirects go
    # back to it); other sites get the origin at most.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_security_headers(app: Flask) -> None:
    """Register the hook."""
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Add the fixed headers, no-store outside static files, and HSTS where configured."""
    response.headers.update(FIXED_HEADERS)
    # Every page may carry personal data or a form token: never store it in any cache.
    # Static files (CSS, JS, fonts) hold neither and stay cacheable.
    if request.endpoint != "static" and "no-store" not in response.headers.get(
            "Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    max_age = current_app.config.get("HSTS_SECONDS", 0)
    if max_age:
        response.headers["Strict-Transport-Security"] = f"max-age={max_age}; includeSubDomains"
    return response
