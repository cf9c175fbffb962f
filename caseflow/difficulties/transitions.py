"""The lifecycle of a difficulty report as a table, read top to bottom (as workflow/transitions).

Who may press a row is the table's roles narrowed by permissions.acts_on_difficulty: the firm on
its own report, the Sở holding a report addressed to it, the Ministry on reports addressed or
forwarded to it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Role
from caseflow.difficulties.models import DifficultyStatus as D
from caseflow.workflow.transitions import FIRM, SUPERVISORS, T, Transition

DIFFICULTY_TRANSITIONS: tuple[Transition, ...] = (
    #  name        from                      to            roles
    T("answer",    {D.SUBMITTED, D.FORWARDED}, D.ANSWERED,  SUPERVISORS,
      _l("Trả lời"), needs_reason=True),
    T("forward",   {D.SUBMITTED},            D.FORWARDED,  {Role.PROVINCIAL_SUPERVISOR},
      _l("Chuyển Bộ KH&CN (Vụ Bưu chính)"), needs_reason=True),
    T("publish",   {D.ANSWERED},             D.PUBLISHED,  SUPERVISORS,
      _l("Công bố làm hướng dẫn chung")),
    T("withdraw",  {D.SUBMITTED},            D.WITHDRAWN,  FIRM,
      _l("Rút phản ánh")),
)
