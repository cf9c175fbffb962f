"""The flag endpoints' work: check each item's shape, then the shared intake service."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from pydantic import TypeAdapter, ValidationError

from caseflow.accounts.models import User
from caseflow.api import serialise as out
from caseflow.api.problems import pydantic_errors
from caseflow.api.schemas import FlagIn
from caseflow.errors import ValidationFailed
from caseflow.evidence.services import TooLarge
from caseflow.intake import services as intake
from caseflow.intake.models import IntakeSource

FLAG = TypeAdapter(FlagIn)


def _result_body(result: intake.ItemResult, counts: dict[int, int]) -> dict[str, Any]:
    case = result.case
    body: dict[str, Any] = {"index": result.index, "status": result.status,
                            "tracking_number": result.tracking_number, "errors": result.errors}
    if case is not None:
        new = result.status == "created"
        body["case"] = out.case_out(case, counts.get(case.id, 0),
                                    with_referrals=not new).model_dump(mode="json")
    return body


def _run(actor: User, items: list[dict], *, api_key_id: int) -> list[intake.ItemResult]:
    return intake.create_flags(actor, items, source=IntakeSource.API, api_key_id=api_key_id)


def flag_result(actor: User, item: dict, *, api_key_id: int) -> dict[str, Any]:
    """Create (or find) one flag; return its result body."""
    result = _run(actor, [item], api_key_id=api_key_id)[0]
    counts = _counts([result])
    return _result_body(result, counts)


def _counts(results: list[intake.ItemResult]) -> dict[int, int]:
    return out.evidence_counts([r.case.id for r in results
                                if r.case is not None and r.status == "exists"])


def bulk_results(actor: User, body: Any, *, api_key_id: int) -> dict[str, Any]:
    """Check the envelope and every item's shape, run the valid ones, merge the results."""
    items = _items(body)
    shaped: list[dict] = []
    positions: list[int] = []
    rejected: dict[int, dict[str, Any]] = {}
    for index, raw in enumerate(items):
        try:
            shaped.append(FLAG.validate_python(raw).model_dump())
            positions.append(index)
        except ValidationError as exc:
            errors: dict[str, list[str]] = {}
            for err in pydantic_errors(exc.errors(include_context=False)):
                errors.setdefault(err["field"], []).append(err["detail"])
            number = raw.get("tracking_number") if isinstance(raw, dict) else ""
            rejected[index] = {"index": index, "status": "rejected", "errors": errors,
                               "tracking_number": number if isinstance(number, str) else ""}
    results = _run(actor, shaped, api_key_id=api_key_id) if shaped else []
    counts = _counts(results)
    merged = dict(rejected)
    for position, result in zip(positions, results, strict=True):
        result.index = position
        merged[position] = _result_body(result, counts)
    ordered = [merged[i] for i in range(len(items))]
    tally = {s: sum(1 for r in ordered if r["status"] == s)
             for s in ("created", "exists", "rejected")}
    return {"created": tally["created"], "existing": tally["exists"],
            "rejected": tally["rejected"], "results": ordered}


def _items(body: Any) -> list:
    """Return the request's items, or refuse the envelope (422) or its size (413)."""
    limit = current_app.config["API_BULK_MAX_ITEMS"]
    if not isinstance(body, dict) or not isinstance(body.get("items"), list) \
            or set(body) != {"items"} or not body["items"]:
        message = _("Nội dung phải là {\"items\": [...]} với 1 đến %(n)s báo cáo.", n=limit)
        raise ValidationFailed(message, {"items": [message]})
    if len(body["items"]) > limit:
        raise TooLarge(_("Mỗi yêu cầu tối đa %(n)s báo cáo; yêu cầu này có %(count)s.",
                         n=limit, count=len(body["items"])))
    return body["items"]
