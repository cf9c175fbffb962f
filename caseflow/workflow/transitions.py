"""The two lifecycles as tables; read them top to bottom, they are the documentation.

A transition whose `roles` is empty is never pressed by a person: the engine takes it on its
own when the referrals of a case change (see engine.sync_case).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Role as R
from caseflow.workflow.states import CaseStatus as S
from caseflow.workflow.states import ReferralStatus as RS

FIRM = frozenset({R.FIRM_CLERK, R.FIRM_SECURITY})
SUPERVISORS = frozenset({R.PROVINCIAL_SUPERVISOR, R.NATIONAL_SUPERVISOR})
AGENCY = frozenset({R.AGENCY_OFFICER})
SYSTEM: frozenset[R] = frozenset()


@dataclass(frozen=True)
class Transition:
    """One edge of a lifecycle: who may move an object from which states to which."""

    name: str
    sources: frozenset
    target: S | RS
    roles: frozenset[R]
    label: str
    needs_reason: bool = False
    #: The endpoint of the transition's own form page (refer, transfer, conclude, close);
    #: the others are pressed through their lifecycle's act endpoint (workflow/lifecycles.py).
    form: str = ""

    @property
    def is_system(self) -> bool:
        """Tell whether only the engine takes this transition."""
        return not self.roles


def T(name, sources, target, roles, label, **kw) -> Transition:  # noqa: N802 - reads as a row
    return Transition(name, frozenset(sources), target, frozenset(roles), label, **kw)


CASE_TRANSITIONS: tuple[Transition, ...] = (
    #  name                 from                          to                roles
    T("submit",             {S.DRAFT},                    S.FLAGGED,        FIRM,
      _l("Gửi báo cáo")),
    T("discard",            {S.DRAFT},                    S.WITHDRAWN,      FIRM,
      _l("Hủy bản nháp")),
    T("withdraw",           {S.FLAGGED},                  S.WITHDRAWN,      {R.FIRM_SECURITY},
      _l("Rút báo cáo (báo nhầm)"), needs_reason=True),
    T("refer",              {S.FLAGGED},                  S.REFERRED,
      {R.FIRM_SECURITY, *SUPERVISORS}, _l("Chuyển cơ quan chức năng"), form="referrals.refer"),
    T("start_investigation", {S.REFERRED},                S.INVESTIGATING,  SYSTEM,
      _l("Cơ quan chức năng tiếp nhận")),
    T("await_acceptance",   {S.INVESTIGATING},            S.REFERRED,       SYSTEM,
      _l("Chờ đơn vị mới tiếp nhận")),
    T("return_for_routing", {S.REFERRED},                 S.FLAGGED,        SYSTEM,
      _l("Mọi đơn vị đã từ chối: cần chuyển lại")),
    T("conclude",           {S.INVESTIGATING},            S.CONCLUDED,      SYSTEM,
      _l("Đã có kết luận của cơ quan chức năng")),
    T("close",              {S.CONCLUDED},                S.CLOSED,         {R.FIRM_SECURITY},
      _l("Ghi nhận xử lý bưu gửi và đóng hồ sơ"), form="cases.close"),
    T("reopen",             {S.CLOSED},                   S.FLAGGED,        SUPERVISORS,
      _l("Mở lại hồ sơ"), needs_reason=True),
)

REFERRAL_TRANSITIONS: tuple[Transition, ...] = (
    #  name            from                      to                 roles
    T("accept",        {RS.ISSUED},              RS.ACCEPTED,       AGENCY,
      _l("Tiếp nhận")),
    T("decline",       {RS.ISSUED},              RS.DECLINED,       AGENCY,
      _l("Từ chối"), needs_reason=True),
    T("transfer",      {RS.ISSUED, RS.ACCEPTED}, RS.TRANSFERRED,    AGENCY,
      _l("Chuyển đơn vị khác"), needs_reason=True, form="referrals.transfer"),
    T("request_info",  {RS.ACCEPTED},            RS.INFO_REQUESTED, AGENCY,
      _l("Yêu cầu bổ sung thông tin"), needs_reason=True),
    T("answer_info",   {RS.INFO_REQUESTED},      RS.ACCEPTED,       FIRM,
      _l("Trả lời yêu cầu bổ sung"), needs_reason=True),
    T("resolve",       {RS.ACCEPTED},            RS.RESOLVED,       AGENCY,
      _l("Kết luận"), form="referrals.conclude"),
)

#: The state a referral starts in when a case is referred or a referral transferred.
REFERRAL_INITIAL = RS.ISSUED
