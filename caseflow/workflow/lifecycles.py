"""Every lifecycle the engine runs, by kind: its table, who may act, where its forms live.

Adding a lifecycle is one `Lifecycle(...)` row here; the engine, `flask --app wsgi workflow`
and the templates' buttons read this registry and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.difficulties.models import Difficulty
from caseflow.difficulties.transitions import DIFFICULTY_TRANSITIONS
from caseflow.inspections import transitions as inspection_table
from caseflow.inspections.models import Inspection, Violation
from caseflow.privacy.models import Breach
from caseflow.privacy.transitions import BREACH_TRANSITIONS
from caseflow.referrals.models import Referral
from caseflow.workflow.transitions import CASE_TRANSITIONS, REFERRAL_TRANSITIONS, Transition

REASON_MISSING = _l("Vui lòng nêu lý do.")


@dataclass(frozen=True)
class Lifecycle:
    """One kind of object with a status: its table and how people reach its transitions."""

    kind: str
    title: str
    model: type
    transitions: tuple[Transition, ...]
    #: Narrows a row's roles to this object (own firm, own unit, own province …).
    acts_for: Callable[[User, Any, Transition], bool]
    #: The view that presses a transition needing at most a reason ("" when every row has its
    #: own form), and the id argument of the lifecycle's views.
    act_endpoint: str
    id_arg: str
    #: Said when the object changed under the user (a stale version).
    stale: Any
    #: The form field that carries the reason, and what a missing reason is told.
    reason_field: str = "reason"
    reason_missing: Any = REASON_MISSING
    #: Case and referral moves are written on the case's timeline (engine._move).
    on_timeline: bool = False

    def find(self, name: str) -> Transition | None:
        """Look a transition up by name."""
        return next((t for t in self.transitions if t.name == name), None)


LIFECYCLES: tuple[Lifecycle, ...] = (
    Lifecycle("case", "Case lifecycle", Case, CASE_TRANSITIONS, permissions.acts_for,
              "cases.act", "case_id",
              _l("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại."),
              on_timeline=True),
    Lifecycle("referral", "Referral lifecycle (a new referral starts as 'issued')", Referral,
              REFERRAL_TRANSITIONS, permissions.acts_for, "referrals.act", "referral_id",
              _l("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại."),
              on_timeline=True),
    Lifecycle("difficulty", "Difficulty report lifecycle (a new report starts as 'submitted')",
              Difficulty, DIFFICULTY_TRANSITIONS, permissions.acts_on_difficulty,
              "difficulties.act", "difficulty_id",
              _l("Phản ánh vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại."),
              reason_field="text", reason_missing=_l("Vui lòng nhập nội dung.")),
    Lifecycle("inspection", "Inspection lifecycle (a planned inspection starts as 'planned')",
              Inspection, inspection_table.INSPECTION_TRANSITIONS,
              permissions.acts_on_inspection, "", "inspection_id",
              _l("Dữ liệu vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")),
    Lifecycle("violation", "Violation lifecycle (a failed checklist item starts as 'open')",
              Violation, inspection_table.VIOLATION_TRANSITIONS,
              permissions.acts_on_violation, "", "violation_id",
              _l("Dữ liệu vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")),
    Lifecycle("breach", "Personal-data breach lifecycle (a recorded breach starts as 'open')",
              Breach, BREACH_TRANSITIONS, permissions.acts_on_breach, "", "breach_id",
              _l("Sự cố đã được cập nhật; vui lòng tải lại trang."),
              reason_field="late_reason"),
)

_BY_KIND = {life.kind: life for life in LIFECYCLES}
_BY_MODEL = {life.model: life for life in LIFECYCLES}


def named(kind: str) -> Lifecycle:
    """Return the lifecycle of a kind ('case', 'referral', …)."""
    return _BY_KIND[kind]


def of(obj: Any) -> Lifecycle:
    """Return the lifecycle an object follows."""
    return _BY_MODEL[type(obj)]


def url_for_transition(transition: Transition, obj: Any) -> str:
    """Return where a transition's button leads: its own form page, or the act endpoint."""
    life = of(obj)
    if transition.form:
        return url_for(transition.form, **{life.id_arg: obj.id})
    return url_for(life.act_endpoint, **{life.id_arg: obj.id}, name=transition.name)
