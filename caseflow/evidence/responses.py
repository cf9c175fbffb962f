"""How an original file leaves the system: shared by the case evidence and inspection photos."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, g


def original_download(data: bytes, media_type: str, filename: str) -> Response:
    """Send an original as an attachment, never rendered (nosniff; a sandboxing CSP)."""
    g.evidence_sandbox = True  # sandbox_originals adds "sandbox" to the CSP
    return Response(data, mimetype=media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "X-Content-Type-Options": "nosniff"})
