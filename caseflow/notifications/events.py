"""Which workflow events notify whom: one table, read by the engine after every move.

The engine calls `on_transition` after each status change it makes and after issuing a
referral; nothing else decides who hears of a workflow event. Recipients are filtered by the
same rule as the case list (`permissions.can_see_case`), so nobody hears of a case they may
not open — a restricted (C5/C6) case reaches no provincial supervisor — and the person who
pressed the button is not told of their own step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from caseflow import permissions
from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case
from caseflow.notifications import services
from caseflow.notifications.models import NotificationKind as K
from caseflow.referrals.models import Referral
from caseflow.workflow.states import HOLDING_REFERRAL_STATES

Recipients = Callable[[Case, Referral | None], list[User]]


def _unit_officers(case: Case, referral: Referral | None) -> list[User]:
    """The officers of the agency unit the referral is addressed to."""
    return services.users_of(referral.agency_id, [Role.AGENCY_OFFICER]) if referral else []


def _firm_security(case: Case, referral: Referral | None) -> list[User]:
    """The security officers of the firm that owns the case."""
    return services.users_of(case.firm_id, [Role.FIRM_SECURITY])


def _firm_and_province(case: Case, referral: Referral | None) -> list[User]:
    """The firm's security officers and the supervisors of the case's province."""
    return _firm_security(case, referral) + services.provincial_supervisors(case.province_code)


def _holding_units(case: Case, referral: Referral | None) -> list[User]:
    """The officers of every unit that held (accepted) a referral of the case."""
    units = dict.fromkeys(r.agency_id for r in case.referrals
                          if r.status in HOLDING_REFERRAL_STATES)
    return [user for unit in units for user in services.users_of(unit, [Role.AGENCY_OFFICER])]


@dataclass(frozen=True)
class Event:
    """A workflow event that asks someone to act: its kind, its audience and its sentence."""

    kind: K
    recipients: Recipients
    #: The roles that can be in the audience (the settings page offers the kind to them).
    roles: frozenset[Role]
    #: One sentence with the case reference only: it is also the e-mail's subject.
    text: str


#: (lifecycle, transition) → event. "issue" is a new referral (also a transfer's new one);
#: "conclude" is the case's system transition when its referrals are resolved.
EVENTS: dict[tuple[str, str], Event] = {
    ("referral", "issue"): Event(
        K.NEW_REFERRAL, _unit_officers, frozenset({Role.AGENCY_OFFICER}),
        _l("Hồ sơ %(ref)s được chuyển đến đơn vị của bạn, đang chờ tiếp nhận.")),
    ("referral", "decline"): Event(
        K.REFERRAL_DECLINED, _firm_security, frozenset({Role.FIRM_SECURITY}),
        _l("Hồ sơ %(ref)s: cơ quan chức năng đã từ chối tiếp nhận.")),
    ("referral", "transfer"): Event(
        K.REFERRAL_TRANSFERRED, _firm_security, frozenset({Role.FIRM_SECURITY}),
        _l("Hồ sơ %(ref)s: cơ quan chức năng đã chuyển hồ sơ sang đơn vị khác.")),
    ("referral", "request_info"): Event(
        K.INFO_REQUESTED, _firm_security, frozenset({Role.FIRM_SECURITY}),
        _l("Hồ sơ %(ref)s: cơ quan chức năng yêu cầu bổ sung thông tin.")),
    ("case", "conclude"): Event(
        K.CASE_CONCLUDED, _firm_and_province,
        frozenset({Role.FIRM_SECURITY, Role.PROVINCIAL_SUPERVISOR}),
        _l("Hồ sơ %(ref)s đã có kết luận của cơ quan chức năng.")),
    ("case", "reopen"): Event(
        K.CASE_REOPENED, _holding_units, frozenset({Role.AGENCY_OFFICER}),
        _l("Hồ sơ %(ref)s đã được mở lại.")),
}


def kinds_for(role: Role) -> list[K]:
    """Return the kinds of notification a user of this role can receive."""
    return [e.kind for e in EVENTS.values() if role in e.roles]


def on_transition(obj: Case | Referral, name: str, *, actor: User | None) -> int:
    """Notify the audience of this transition, if it has one; return how many users."""
    event = EVENTS.get(("case" if isinstance(obj, Case) else "referral", name))
    if event is None:
        return 0
    case = obj if isinstance(obj, Case) else obj.case
    referral = obj if isinstance(obj, Referral) else None
    users = [u for u in event.recipients(case, referral)
             if (actor is None or u.id != actor.id) and permissions.can_see_case(u, case)]
    text = services.in_vietnamese(lambda: event.text % {"ref": case.reference})
    return services.send(users, event.kind, text=text, path=f"/cases/{case.id}")
