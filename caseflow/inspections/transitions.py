"""The lifecycles of an inspection and of a violation as tables (as workflow/transitions).

Who may press a row is the table's roles narrowed to the object: the Sở KH&CN of the
inspection's province records it and sanctions its violations; the firm's own security staff
report a remedy. The offence report (biên bản vi phạm) is no transition: it changes no status.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Role
from caseflow.inspections.models import InspectionStatus, ViolationStatus
from caseflow.workflow.transitions import T, Transition

Insp, Viol = InspectionStatus, ViolationStatus  # short, so each row reads on one line
SUPERVISOR = {Role.PROVINCIAL_SUPERVISOR}

INSPECTION_TRANSITIONS: tuple[Transition, ...] = (
    #  name       from                        to               roles
    T("record",   {Insp.PLANNED},             Insp.RECORDED,   SUPERVISOR,
      _l("Ghi nhận kết quả kiểm tra"), form="inspections.record"),
)

VIOLATION_TRANSITIONS: tuple[Transition, ...] = (
    #  name       from                        to               roles
    T("sanction", {Viol.OPEN},                Viol.SANCTIONED, SUPERVISOR,
      _l("Ghi nhận quyết định xử phạt"), form="inspections.sanction"),
    T("remedy",   {Viol.OPEN, Viol.SANCTIONED}, Viol.REMEDIED, {Role.FIRM_SECURITY},
      _l("Báo cáo khắc phục"), form="inspections.remedy"),
)
