"""The demo: organisations, users, about fifty cases and supervision, through the real services.

Every status change goes through caseflow.cases.services and caseflow.referrals.services; only
timestamps are moved afterwards, so that the demo spreads over the last three months. The data
tables live in demo_data.py; accounts in demo_accounts.py, inspections and difficulty reports in
demo_supervision.py. Idempotent: organisations are found by name, users by username and cases by
(firm, tracking number); what exists is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from caseflow.accounts.models import Organisation, OrgKind, Province, User
from caseflow.cases import services as cases
from caseflow.cases.models import Case, DetectionMethod, ServiceScope, ServiceType
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.referrals import services as referrals
from caseflow.referrals.models import Referral
from caseflow.seed import demo_data, demo_supervision
from caseflow.seed.demo_accounts import CITY, Ctx, accounts
from caseflow.seed.demo_data import Item
from caseflow.seed.reference import load_reference_data

SEED = 2026
AGENCY_KINDS = {"police": OrgKind.POLICE, "anninh": OrgKind.SECURITY_POLICE,
                "qltt": OrgKind.MARKET_SURVEILLANCE, "customs": OrgKind.CUSTOMS}


@dataclass
class Plan:
    """One item to create: its form data, its steps and when each step happens."""

    item: Item
    rng: random.Random
    data: dict[str, Any]
    steps: list[tuple[str, str]]
    #: When the draft is saved, then one time per step.
    times: list[datetime]


#: A step of a path: takes the case, the step's argument (e.g. "police"), the plan, the context.
Step = Callable[[Case, str, Plan, Ctx], None]


def seed_demo_data() -> str:
    """Create what is missing of the demo, flush, and say how much there is."""
    load_reference_data()
    ctx, new_accounts = accounts()
    now = utcnow()
    new = new_accounts + _cases(ctx, now) + demo_supervision.seed_supervision(ctx, now)
    db.session.flush()
    return (f"{len(demo_data.USERS)} users, {len(demo_data.ORGANISATIONS)} organisations, "
            f"{len(demo_data.CASES)} cases, {demo_supervision.SUMMARY} ({new} new)")


def _cases(ctx: Ctx, now: datetime) -> int:
    """Drive every demo case that does not exist yet; return how many were created."""
    plans = [_plan(i, item, ctx, now) for i, item in enumerate(demo_data.CASES)]
    new = 0
    # In order of submission (times[1]; a draft has only times[0]), so that the references
    # services.submit hands out follow the backdated submission times.
    for plan in sorted(plans, key=lambda p: p.times[1] if len(p.times) > 1 else p.times[0]):
        if db.session.scalar(sa.select(Case.id).where(
                Case.firm_id == ctx.orgs[plan.item.firm].id,
                Case.tracking_number == plan.data["tracking_number"])) is None:
            _drive(plan, ctx)
            new += 1
    return new


# --- Planning an item: its data and its schedule -----------------------------------------------

def _plan(index: int, item: Item, ctx: Ctx, now: datetime) -> Plan:
    """Draw the parties, the tracking number and the schedule of one item."""
    rng = random.Random(SEED * 1000 + index)
    path = demo_data.PATHS.get(item.path, item.path)
    steps = [(verb, arg) for verb, _, arg in (s.partition(":") for s in path.split())]
    verbs = [verb for verb, _ in steps]
    stopped = now - timedelta(days=rng.uniform(*demo_data.AGE_DAYS[verbs[-1] if verbs else ""]))
    hours = [rng.uniform(0.3, 2)] + [rng.uniform(*demo_data.GAP_HOURS[v]) for v in verbs]
    scale = min(1.0, ((now - stopped).total_seconds() / 3600 - 0.5) / sum(hours))
    times, when = [], stopped
    for gap in hours:
        when += timedelta(hours=gap * scale)
        times.append(when)
    data = _item_data(item, rng, ctx.orgs[item.firm].province_code, stopped)
    return Plan(item, rng, data, steps, times)


def _item_data(item: Item, rng: random.Random, province: str, stopped: datetime) -> dict:
    """Return the flag-form data of an item, as the form would produce it."""
    origin, destination = item.route.split(">")
    international = not (origin.isdigit() and destination.isdigit())
    domestic_offices, exchange = demo_data.OFFICES[item.firm]
    office = exchange if international else rng.choice(domestic_offices)
    sender, recipient = _party(origin, rng), _party(destination, rng)
    accepted = stopped - timedelta(hours=rng.uniform(48, 140) if origin.isalpha()
                                   else rng.uniform(0.5, 8))
    return {
        "tracking_number": _tracking_number(item.firm, origin, destination, rng),
        "province_code": province, "accepted_at": accepted, "stopped_at": stopped,
        "service_scope": ServiceScope.INTERNATIONAL if international else ServiceScope.DOMESTIC,
        "service_type": ServiceType.LETTER if item.kg < 0.3 else
        ServiceType.PARCEL if item.kg >= 5 else ServiceType.EXPRESS,
        "acceptance_office": office, "held_at": f"Kho lưu giữ bưu gửi nghi vấn – {office}",
        "origin_province_code": origin if origin.isdigit() else None,
        "origin_country": (origin if origin.isalpha() else "VN") if international else None,
        "destination_province_code": destination if destination.isdigit() else None,
        "destination_country": (destination if destination.isalpha() else "VN")
        if international else None,
        "declared_contents": item.declared, "declared_value": item.value,
        "weight_kg": Decimal(str(item.kg)).quantize(Decimal("0.001")),
        "pieces": rng.choice([1, 1, 1, 2, 3]),
        "sender_name": sender[0], "sender_phone": sender[1], "sender_address": sender[2],
        "sender_id_number": sender[3], "recipient_name": recipient[0],
        "recipient_phone": recipient[1], "recipient_address": recipient[2],
        "dong_kiem_done": item.detection == "dong_kiem" or rng.random() < 0.5,
        "detection_method": DetectionMethod(item.detection), "description": item.description,
        "seal_number": f"NP-{stopped.year}-{rng.randint(1000, 99999):05d}",
        "categories": item.categories.split(),
    }


def _party(place: str, rng: random.Random) -> tuple[str, str, str, str]:
    """Return name, phone, address and ID number of a person in a province or a country."""
    if place.isalpha():
        name, phone, address = rng.choice(demo_data.FOREIGN[place])
        passport = ("E" if place == "CN" else rng.choice("KLMNP")) + f"{rng.randrange(10**8):08d}"
        return name, phone, address, passport
    sex = rng.choice("mf")
    middles, givens = demo_data.NAMES[sex]
    name = f"{rng.choice(demo_data.SURNAMES)} {rng.choice(middles)} {rng.choice(givens)}"
    number = rng.randrange(10**7)
    phone = f"{rng.choice(demo_data.PHONE_PREFIXES)}{number // 10**6} " \
            f"{number // 1000 % 1000:03d} {number % 1000:03d}"
    street, commune = rng.choice(demo_data.STREETS[place])
    province = db.session.get(Province, place).name
    address = f"Số {rng.randint(1, 320)} {street}, {commune}, {province}"
    born = rng.randint(1965, 2004)
    century_sex = (0 if born < 2000 else 2) + (sex == "f")
    id_number = f"0{place}{century_sex}{born % 100:02d}{rng.randrange(10**6):06d}"
    return name, phone, address, id_number


def _tracking_number(firm: str, origin: str, destination: str, rng: random.Random) -> str:
    """Return a tracking number in the style of the firm (UPU S10 for international post)."""
    if firm == "ghn":
        return "G" + "".join(rng.choice("ABCDEFGHJKLMNPQRTUVWXY3468") for _ in range(7))
    if firm == "jt":
        return f"85{rng.randrange(10**10):010d}"
    if firm == "viettelpost" and origin.isdigit():
        return f"VTP{rng.randrange(10**10):010d}"
    serial = f"{rng.randrange(10**8):08d}"
    check = 11 - sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    prefix = rng.choice(["EB", "EI"]) if destination.isdigit() and origin.isdigit() else \
        rng.choice(["EE", "CP", "RR", "LX"])
    country = origin if origin.isalpha() else "VN"
    return f"{prefix}{serial}{ {10: 0, 11: 5}.get(check, check)}{country}"


# --- Driving a case through the services -------------------------------------------------------

def _drive(plan: Plan, ctx: Ctx) -> Case:
    """Save the draft, take every step of the plan, and move the new timestamps to the plan's."""
    since = utcnow()
    case = cases.save_draft(None, actor=ctx.users[f"clerk.{plan.item.firm}"], data=plan.data)
    _stamp(case, plan.times[0], since)
    for (verb, arg), when in zip(plan.steps, plan.times[1:], strict=True):
        STEPS[verb](case, arg, plan, ctx)
        _stamp(case, when, since)
    return case


def _stamp(case: Case, when: datetime, since: datetime) -> None:
    """Give every time written since `since` (by the step just taken) the time `when`.

    Not flushed here: the next step's service, or seed_demo_data at the end, flushes it.
    """
    def fresh(value: datetime | None) -> bool:
        return value is not None and value >= since

    new = [e for e in case.timeline if e.created_at is None or e.created_at >= since]
    for offset, entry in enumerate(new):
        entry.created_at = when + timedelta(seconds=offset)
    for name in ("created_at", "submitted_at", "closed_at"):
        if fresh(getattr(case, name)):
            setattr(case, name, when)
    case.updated_at = when + timedelta(seconds=max(len(new) - 1, 0))
    for referral in case.referrals:
        if fresh(referral.issued_at):  # the same clock time to the target, from `when`
            referral.due_at = when + (referral.due_at - referral.issued_at)
            referral.issued_at = when
        for name in ("accepted_at", "closed_at"):
            if fresh(getattr(referral, name)):
                setattr(referral, name, when)


def _kind(case: Case, arg: str) -> str:
    """Return the agency kind a step names, or the lead agency of the case's first category."""
    if arg:
        return arg
    lead = case.categories[0].lead_agency
    return next(k for k, v in AGENCY_KINDS.items() if v is lead)


def _agency(case: Case, kind: str, ctx: Ctx) -> Organisation:
    """Return the demo agency unit of that kind in the case's province."""
    return ctx.orgs[f"{kind}.{CITY[case.province_code]}"]


def _referral(case: Case, kind: str) -> Referral:
    """Return the latest referral of the current round to an agency of that kind."""
    return next(r for r in reversed(case.referrals)
                if r.round == case.round and r.agency.kind is AGENCY_KINDS[kind])


def _officer(case: Case, kind: str, ctx: Ctx) -> User:
    """Return the demo officer of the agency of that kind in the case's province."""
    return ctx.users[f"{kind}.{CITY[case.province_code]}"]


def _refer(case: Case, arg: str, plan: Plan, ctx: Ctx, *, supervisor: bool = False) -> None:
    """Refer the case to the agencies named (or the lead agency), as the firm or the Sở."""
    actor = ctx.users[f"sokhcn.{CITY[case.province_code]}" if supervisor
                      else f"security.{plan.item.firm}"]
    kinds = arg.split("+") if arg else [_kind(case, arg)]
    referrals.refer(case, actor=actor, agency_ids=[_agency(case, k, ctx).id for k in kinds],
                    note=plan.rng.choice(demo_data.NOTES["route" if supervisor else "refer"]),
                    expected_version=case.version)


def _referral_step(name: str, by_firm: bool = False) -> Step:
    """Make a step that presses a referral transition needing only a reason."""
    def step(case: Case, arg: str, plan: Plan, ctx: Ctx) -> None:
        kind = _kind(case, arg)
        referral = _referral(case, kind)
        actor = ctx.users[f"security.{plan.item.firm}"] if by_firm else \
            _officer(case, kind, ctx)
        referrals.transition(referral, name, actor=actor,
                             reason=plan.rng.choice(demo_data.NOTES[name]),
                             expected_version=referral.version)
    return step


def _transfer(case: Case, arg: str, plan: Plan, ctx: Ctx) -> None:
    """Transfer a referral, e.g. "police>customs", as the officer of the first unit."""
    source, target = arg.split(">")
    referral = _referral(case, source)
    referrals.transfer(referral, actor=_officer(case, source, ctx),
                       agency_id=_agency(case, target, ctx).id,
                       reason=plan.rng.choice(demo_data.NOTES["transfer"]),
                       expected_version=referral.version)


def _resolve(case: Case, arg: str, plan: Plan, ctx: Ctx, clear: bool = False) -> None:
    """Conclude a referral: as the category demands, or with no violation if `clear`."""
    kind = _kind(case, arg)
    referral = _referral(case, kind)
    category = next((c for c in case.categories if c.lead_agency is referral.agency.kind),
                    case.categories[0])
    outcome, disposition, fines, basis, note = demo_data.CONCLUSIONS[category.code]
    if clear:
        outcome, disposition, fines, basis = "no_violation", "released", None, ""
        note = demo_data.CLEAR_NOTE
    number = plan.rng.randint(12, 480)
    violation = outcome == "violation"
    data = {"outcome": outcome, "disposition": disposition, "legal_basis": basis,
            "conclusion_note": note,
            "sanction_decision_number": f"{number}/QĐ-XPHC" if violation and fines else "",
            "criminal_case_reference": f"{number}/QĐ-KTVA" if violation and not fines else "",
            "fine_amount": plan.rng.randint(*fines) * 1_000_000 if violation and fines else None}
    referrals.resolve(referral, actor=_officer(case, kind, ctx), data=data,
                      expected_version=referral.version)


def _close(case: Case, arg: str, plan: Plan, ctx: Ctx) -> None:
    """Close the case with the disposition the concluding agency recorded."""
    disposition = cases.suggested_disposition(case) or "released"
    cases.close(case, actor=ctx.users[f"security.{plan.item.firm}"], disposition=disposition,
                note=demo_data.CLOSE_NOTES[disposition], expected_version=case.version)


def _reopen(case: Case, arg: str, plan: Plan, ctx: Ctx) -> None:
    """Reopen the case as the Sở, or as the Ministry with "reopen:national"."""
    actor = ctx.users["bokhcn" if arg == "national" else f"sokhcn.{CITY[case.province_code]}"]
    cases.reopen(case, actor=actor, reason=plan.rng.choice(demo_data.NOTES["reopen"]),
                 expected_version=case.version)


STEPS: dict[str, Step] = {
    "submit": lambda case, arg, plan, ctx: cases.submit(
        case, actor=ctx.users[f"clerk.{plan.item.firm}"], expected_version=case.version),
    "withdraw": lambda case, arg, plan, ctx: cases.transition(
        case, "withdraw", actor=ctx.users[f"security.{plan.item.firm}"],
        reason=plan.rng.choice(demo_data.NOTES["withdraw"]), expected_version=case.version),
    "refer": _refer,
    "route": lambda case, arg, plan, ctx: _refer(case, arg, plan, ctx, supervisor=True),
    "accept": _referral_step("accept"),
    "decline": _referral_step("decline"),
    "ask": _referral_step("request_info"),
    "answer": _referral_step("answer_info", by_firm=True),
    "transfer": _transfer,
    "resolve": _resolve,
    "clear": lambda case, arg, plan, ctx: _resolve(case, arg, plan, ctx, clear=True),
    "close": _close,
    "reopen": _reopen,
}
