"""The API's request and response bodies (pydantic); the OpenAPI document is made from them.

Types, enums and lengths are described here; the rules of a flag (formats, required fields,
choices, times) are the flag form's, applied by intake.validation after this layer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from caseflow.cases.models import DetectionMethod, ServiceScope, ServiceType
from caseflow.workflow.states import CaseStatus, ReferralStatus

Text = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=10000)]


class Strict(BaseModel):
    """Refuse unknown members, so a typo is an error rather than a silently dropped value."""

    model_config = ConfigDict(extra="forbid")


class FlagIn(Strict):
    """A suspicious item a firm's system reports; submitted at once (gets a reference)."""

    tracking_number: Annotated[str, Field(max_length=40, examples=["EB123456789VN"])]
    province_code: Annotated[str, Field(max_length=2, examples=["01"],
                                        description="Where the item was stopped (province code).")]
    service_scope: ServiceScope | None = None
    service_type: ServiceType | None = None
    accepted_at: datetime | None = Field(None, description="ISO 8601 with an offset.")
    acceptance_office: Annotated[str, Field(max_length=200)] = ""
    origin_province_code: Annotated[str, Field(max_length=2)] | None = None
    origin_country: Annotated[str, Field(max_length=2)] | None = None
    destination_province_code: Annotated[str, Field(max_length=2)] | None = None
    destination_country: Annotated[str, Field(max_length=2)] | None = None
    declared_contents: Text = ""
    declared_value: Annotated[int, Field(ge=0, le=10**13)] | None = None
    weight_kg: Annotated[float, Field(gt=0, le=100000, allow_inf_nan=False)] | None = None
    pieces: Annotated[int, Field(ge=1, le=10000)] | None = None
    sender_name: Annotated[str, Field(max_length=200)] = ""
    sender_phone: Annotated[str, Field(max_length=30)] = ""
    sender_address: Annotated[str, Field(max_length=400)] = ""
    sender_id_number: Annotated[str, Field(max_length=20)] = ""
    recipient_name: Annotated[str, Field(max_length=200)] = ""
    recipient_phone: Annotated[str, Field(max_length=30)] = ""
    recipient_address: Annotated[str, Field(max_length=400)] = ""
    dong_kiem_done: bool = False
    detection_method: DetectionMethod | None = None
    categories: Annotated[list[Annotated[str, Field(max_length=8)]],
                          Field(max_length=20, examples=[["C8"]])] = []
    description: LongText = ""
    stopped_at: datetime | None = None
    held_at: Annotated[str, Field(max_length=300)] = ""
    seal_number: Annotated[str, Field(max_length=60)] = ""


class BulkFlagsIn(Strict):
    """Up to 500 flags; each is accepted or rejected on its own."""

    items: Annotated[list[FlagIn], Field(min_length=1, max_length=500)]


class ReferralOut(BaseModel):
    id: int
    case_reference: str | None
    agency_id: int
    agency_name: str
    status: ReferralStatus
    status_label: str
    issued_at: datetime
    due_at: datetime
    accepted_at: datetime | None
    closed_at: datetime | None
    version: int


class CaseOut(BaseModel):
    id: int
    reference: str | None
    tracking_number: str
    status: CaseStatus
    status_label: str
    province_code: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    referrals: list[ReferralOut]
    evidence_count: int


class FlagResult(BaseModel):
    index: int
    status: Literal["created", "exists", "rejected"]
    tracking_number: str
    case: CaseOut | None = None
    errors: dict[str, list[str]] = {}


class BulkResult(BaseModel):
    created: int
    existing: int
    rejected: int
    results: list[FlagResult]


class CaseList(BaseModel):
    items: list[CaseOut]
    #: Pass as `after_id` to read the next page; null on the last page.
    next_after_id: int | None


class CasesQuery(Strict):
    changed_since: datetime = Field(description="Cases created or changed at or after this time.")
    after_id: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0  # case ids are 32-bit integers
    limit: Annotated[int, Field(ge=1, le=500)] = 100


class ReferralsQuery(Strict):
    status: ReferralStatus | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 100


class ReferralList(BaseModel):
    items: list[ReferralOut]


class ReferralActionIn(Strict):
    """Optional reason (required to decline) and the version read, against lost updates."""

    reason: Annotated[str, Field(max_length=4000)] = ""
    version: Annotated[int, Field(ge=1, le=2**31)] | None = None


class EvidenceOut(BaseModel):
    id: int
    kind: str
    filename: str
    caption: str
    size_bytes: int
    sha256: str
    display_sha256: str | None
    page_count: int | None
    uploaded_at: datetime


class EvidenceList(BaseModel):
    items: list[EvidenceOut]


class EvidenceUpload(BaseModel):
    """multipart/form-data: `file` (one or more) and `caption` (one per file, same order)."""

    file: list[bytes]
    caption: list[str] = []


class FieldError(BaseModel):
    field: str
    detail: str


class Problem(BaseModel):
    """RFC 9457 problem details; `errors` lists field-level messages."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[FieldError] = []
