"""The public verification page a QR code leads to: is this copy genuine?"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, current_app, render_template, request

from caseflow.documents import queries
from caseflow.documents.forms import VerifyForm
from caseflow.documents.models import Document
from caseflow.extensions import csrf
from caseflow.i18n import format_datetime_vn

bp = Blueprint("verify", __name__)
#: Uploads larger than this are refused (413) before they are read.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def public_facts(document: Document) -> dict[str, str]:
    """Return the only facts the public page shows: number, kind, issuer, date and hash.

    The date is the one the document bears (its event), so a re-print verifies against its
    paper's dateline."""
    return {"number": document.number, "kind": str(document.kind.label),
            "issuer": document.issuer.name,
            "date": format_datetime_vn(document.dated_at or document.created_at),
            "sha256": document.sha256}


def submitted_hash(form: VerifyForm) -> str:
    """Return the SHA-256 the holder pasted, or that of the file they uploaded."""
    if form.pdf.data:
        return hashlib.file_digest(form.pdf.data.stream, "sha256").hexdigest()
    return form.sha256.data.strip().lower()


@bp.route("/verify/<public_id>", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the smaller upload limit applies
def document(public_id: str):
    """Show a document's public facts and check a copy against its hash."""
    request.max_content_length = current_app.config.get("DOCUMENT_VERIFY_MAX_BYTES",
                                                        DEFAULT_MAX_BYTES)
    if request.method == "POST":
        csrf.protect()
    found = queries.by_public_id(public_id)
    form, result = VerifyForm(), None
    if form.validate_on_submit():
        result = hmac.compare_digest(submitted_hash(form), found.sha256)
    response = render_template("documents/verify.html", doc=public_facts(found), form=form,
                               result=result)
    return response, 200, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
