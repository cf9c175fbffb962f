"""/api/v1: flags, evidence, cases and referrals for firms' and agencies' systems.

Thin views as everywhere: authenticate (auth.require_api_key), load scoped to the key's service
user, call one service, commit once, answer JSON. Errors are problem+json (problems.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from caseflow.api import auth, idempotency, problems, queries
from caseflow.api import serialise as out
from caseflow.api.bulk import bulk_results, flag_result
from caseflow.api.schemas import (
    BulkFlagsIn,
    BulkResult,
    CaseList,
    CaseOut,
    CasesQuery,
    EvidenceList,
    EvidenceUpload,
    FlagIn,
    FlagResult,
    Problem,
    ReferralActionIn,
    ReferralList,
    ReferralOut,
    ReferralsQuery,
)
from caseflow.api.spec import build, responses, spec
from caseflow.errors import NotFound, ValidationFailed
from caseflow.evidence import services as evidence_services
from caseflow.evidence.forms import read_uploads
from caseflow.extensions import csrf, db, limiter
from caseflow.referrals import services as referral_services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies are accepted here, so there is no cross-site request to forge
bp.before_request(auth.require_api_key)
problems.register(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=auth.rate_limit_key)(bp)
#: Endpoints whose request body is JSON (marked by @json_body); any other body type is 415.
JSON_BODY_ENDPOINTS: set[str] = set()


def json_body(view: Callable) -> Callable:
    """Mark a view as reading a JSON body."""
    JSON_BODY_ENDPOINTS.add(f"{bp.name}.{view.__name__}")
    return view


@bp.before_request
def refuse_non_json_body() -> Response | None:
    """Answer 415 before validation when a JSON endpoint is sent a form, multipart or text."""
    if request.endpoint not in JSON_BODY_ENDPOINTS or request.is_json:
        return None
    if request.mimetype or request.content_length or "chunked" in request.headers.get(
            "Transfer-Encoding", "").lower():
        return problems.unsupported_media_type()
    return None  # no body at all: the schema says what is missing (422)


def json_response(body: dict, status: int = 200) -> Response:
    """Answer a JSON body."""
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/json")


def idempotent(work: Callable[[], tuple[dict, int]]) -> Response:
    """Run the work once per Idempotency-Key; commit it with the stored answer."""
    key, org = idempotency.idempotency_key(), auth.actor().organisation_id
    if key and (stored := idempotency.replay(org, key)) is not None:
        return stored
    try:
        body, status = work()
        if key and status < 400:
            idempotency.remember(org, key, status, body)
        db.session.commit()
    except IntegrityError:  # a racing twin committed first: replay it, or re-check the items
        db.session.rollback()
        if key and (stored := idempotency.replay(org, key)) is not None:
            return stored
        body, status = work()
        db.session.commit()
    return json_response(body, status)


@bp.post("/flags")
@json_body
@spec.validate(json=FlagIn, resp=responses(HTTP_201=FlagResult, HTTP_200=FlagResult,
                                           HTTP_403=Problem, HTTP_415=Problem, HTTP_422=Problem),
               tags=["flags"])
def create_flag():
    """Report one suspicious item (201), or find it again (200).

    The flag form's rules apply; the case is submitted at once and gets a reference. The same
    Idempotency-Key, or the same (firm, tracking number), never creates a second case.
    """
    item = request.context.json.model_dump()

    def work() -> tuple[dict, int]:
        result = flag_result(auth.actor(), item, api_key_id=auth.api_key().id)
        if result["status"] == "rejected":
            raise ValidationFailed(_("Báo cáo bưu gửi nghi vấn không hợp lệ."),
                                   result["errors"])
        return result, 201 if result["status"] == "created" else 200

    return idempotent(work)


@bp.post("/flags/bulk")
@json_body
@spec.validate(json=BulkFlagsIn, resp=responses(HTTP_200=BulkResult, HTTP_403=Problem,
                                                HTTP_413=Problem, HTTP_415=Problem,
                                                HTTP_422=Problem),
               skip_validation=True, tags=["flags"])
def create_flags():
    """Report up to 500 items; each is created, found (exists) or rejected with its errors.

    One transaction for the batch; an item's errors never reject the others.
    """
    body = request.get_json(silent=True)
    return idempotent(lambda: (bulk_results(auth.actor(), body, api_key_id=auth.api_key().id),
                               200))


@bp.post("/cases/<string:reference>/evidence")
@spec.validate(form=EvidenceUpload, resp=responses(HTTP_201=EvidenceList, HTTP_403=Problem,
                                                   HTTP_404=Problem, HTTP_413=Problem,
                                                   HTTP_422=Problem),
               skip_validation=True, tags=["evidence"])
def attach_evidence(reference: str):
    """Attach photos (JPEG, PNG, HEIC) and PDFs with captions; all or nothing.

    The type is decided by content; the SHA-256 of each original goes into the audit chain.
    A file already on the case is not added twice.
    """
    case = queries.case_by_reference(auth.actor(), reference)
    cfg = current_app.config
    request.max_content_length = cfg["EVIDENCE_MAX_REQUEST_BYTES"]

    def work() -> tuple[dict, int]:
        try:
            uploads = read_uploads(request.files, request.form,
                                   limit=cfg["EVIDENCE_MAX_FILE_BYTES"])
        except RequestEntityTooLarge as exc:
            raise evidence_services.TooLarge(_("Tổng dung lượng gửi lên quá lớn.")) from exc
        created = evidence_services.attach(case, actor=auth.actor(), uploads=uploads)
        items = [out.evidence_out(e).model_dump(mode="json") for e in created]
        return {"items": items}, 201

    return idempotent(work)


@bp.get("/cases/<string:reference>")
@spec.validate(resp=responses(HTTP_200=CaseOut, HTTP_404=Problem), tags=["cases"])
def read_case(reference: str):
    """Read a case's status and referrals."""
    case = queries.case_by_reference(auth.actor(), reference)
    count = out.evidence_counts([case.id]).get(case.id, 0)
    return json_response(out.case_out(case, count).model_dump(mode="json"))


@bp.get("/cases")
@spec.validate(query=CasesQuery, resp=responses(HTTP_200=CaseList, HTTP_422=Problem),
               tags=["cases"])
def list_cases():
    """List the organisation's cases created or changed since a time (for synchronisation).

    Ordered by id; pass `next_after_id` back as `after_id` for the next page.
    """
    query: CasesQuery = request.context.query
    cases = queries.changed_cases(auth.actor(), since=query.changed_since,
                                  after_id=query.after_id, limit=query.limit)
    counts = out.evidence_counts([c.id for c in cases])
    body = CaseList(items=[out.case_out(c, counts.get(c.id, 0)) for c in cases],
                    next_after_id=cases[-1].id if len(cases) == query.limit else None)
    return json_response(body.model_dump(mode="json"))


@bp.get("/referrals")
@spec.validate(query=ReferralsQuery, resp=responses(HTTP_200=ReferralList, HTTP_422=Problem),
               tags=["referrals"])
def list_referrals():
    """List the referrals addressed to the key's agency, newest first."""
    query: ReferralsQuery = request.context.query
    referrals = queries.referrals_to(auth.actor(), status=query.status, limit=query.limit)
    body = ReferralList(items=[out.referral_out(r) for r in referrals])
    return json_response(body.model_dump(mode="json"))


def _referral_action(referral_id: str, name: str) -> Response:
    referral = queries.referral(auth.actor(), referral_id)
    data: ReferralActionIn = request.context.json or ReferralActionIn()
    referral_services.transition(referral, name, actor=auth.actor(), reason=data.reason,
                                 expected_version=data.version)
    body = out.referral_out(referral).model_dump(mode="json")
    db.session.commit()
    return json_response(body)


REFERRAL_ACTION = {"json": ReferralActionIn, "tags": ["referrals"],
                   "resp": responses(HTTP_200=ReferralOut, HTTP_403=Problem, HTTP_404=Problem,
                                     HTTP_409=Problem, HTTP_415=Problem, HTTP_422=Problem)}


@bp.post("/referrals/<string:referral_id>/accept")
@json_body
@spec.validate(**REFERRAL_ACTION)
def accept_referral(referral_id: str):
    """Accept a referral addressed to the key's agency (the case moves to investigating)."""
    return _referral_action(referral_id, "accept")


@bp.post("/referrals/<string:referral_id>/decline")
@json_body
@spec.validate(**REFERRAL_ACTION)
def decline_referral(referral_id: str):
    """Decline a referral, with a reason (when all are declined the case returns to flagged)."""
    return _referral_action(referral_id, "decline")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API (public)."""
    return json_response(build({}))


@bp.get("/docs")
def docs():
    """The API's documentation page, rendered on the server from the same document."""
    return render_template("api/docs.html", spec=build({}))


@bp.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(anything: str):
    """Answer unknown API paths as problems, not as the site's HTML page."""
    raise NotFound()
