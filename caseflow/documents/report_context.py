"""The summary report's context: the aggregates of reports.queries as plain values."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _

from caseflow.accounts.models import Province, User
from caseflow.documents import report_texts as rt
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn, format_money
from caseflow.reports import charts
from caseflow.reports import queries as q
from caseflow.workflow.states import CaseStatus


def _hours(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 3600:.1f}".replace(".", ",")


def _days(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 86400:.1f}".replace(".", ",")


def _percent(part: int | None, whole: int | None) -> str:
    return f"{100 * (part or 0) / whole:.0f}%" if whole else ""


def scope_label(province_code: str | None) -> str:
    """Name what the report covers: one province or the whole country."""
    if province_code is None:
        return _("Toàn quốc")
    return db.session.get(Province, province_code).name


def summary_context(user: User, province_code: str | None, period: q.Period,
                    now: datetime, texts: dict[str, str] | None = None) -> dict[str, Any]:
    """Gather every figure of the summary report for this user's scope and period, and its
    written parts (the supervisor's texts, else defaults drawn from the figures)."""
    report = _figures(user, province_code, period, now)
    subjects = rt.difficulty_subjects(user, province_code, period)
    report["countries"] = rt.country_rows(q.scope_case_ids(user, province_code), period)
    report["texts"] = rt.merge_texts(rt.default_texts(report, subjects), texts)
    return report


def _figures(user: User, province_code: str | None, period: q.Period,
             now: datetime) -> dict[str, Any]:
    ids = q.scope_case_ids(user, province_code)
    status = [(str(CaseStatus(s).label), n) for s, n in q.counts_by_status(ids, period)]
    categories = q.counts_by_category(ids, period)
    return {
        "scope": scope_label(province_code), "national": province_code is None,
        "period": period.label, "period_from": period.start.strftime("%d/%m/%Y"),
        "period_to": (period.end - timedelta(days=1)).strftime("%d/%m/%Y"),
        "total": sum(n for _, n in status), "by_status": status,
        "by_category": [{"code": c, "name": name, "count": n} for c, name, n in categories],
        "chart": charts.bar_chart([(f"{c} {name}", n) for c, name, n in categories],
                                  title=_("Số vụ việc theo nhóm hàng")),
        "by_firm": q.counts_by_firm(ids, period),
        "by_agency": [dict(r._mapping) for r in q.referrals_by_agency(ids, period, now)],
        "timings": _timings(q.timings(ids, period)),
        "late": [_late_row(r) for r in q.late_referrals(ids, period, now)],
        "violations": _violation_rows(q.violations(ids, period)),
        "charts": _dashboard_charts(user, province_code, period, now),
    }


def _dashboard_charts(user: User, province_code: str | None, period: q.Period,
                      now: datetime) -> dict[str, Any]:
    """The dashboard's charts for the report's scope and period: the same figures, drawn by
    the same functions (reports/dashboard_context.charts_for)."""
    from caseflow.reports.dashboard import Scope
    from caseflow.reports.dashboard_context import Dashboard, charts_for

    board = Dashboard(Scope(user, province_code, period), now)
    return charts_for(board.status(), board.categories(), board.trend())


def _timings(row: dict[str, Any]) -> dict[str, str]:
    return {"acknowledged": str(row["acknowledged"] or 0), "ack_avg": _hours(row["ack_avg"]),
            "ack_max": _hours(row["ack_max"]),
            "ack_on_time": _percent(row["ack_on_time"], row["acknowledged"]),
            "resolved": str(row["resolved"] or 0), "resolve_avg": _days(row["resolve_avg"])}


def _late_row(row) -> dict[str, str]:
    return {"reference": row.reference, "agency": row.agency,
            "issued_at": format_datetime_vn(row.issued_at),
            "due_at": format_datetime_vn(row.due_at),
            "accepted_at": format_datetime_vn(row.accepted_at) or _("Chưa tiếp nhận")}


def _violation_rows(rows: list) -> list[dict[str, str]]:
    codes = q.category_codes([r.case_id for r in rows])
    return [{"reference": r.reference, "categories": codes.get(r.case_id, ""),
             "agency": r.agency, "closed_at": format_datetime_vn(r.closed_at),
             "decision": r.sanction_decision_number or r.criminal_case_reference,
             "fine": format_money(r.fine_amount)} for r in rows]

