"""The dashboard's figures as plain rows, each with the link to the cases behind it.

A link carries exactly the conditions of its figure as case-list filters: province,
submitted_from/submitted_to (the period), and status, category, firm, agency or overdue=1.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from flask import g, has_request_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Organisation, Province
from caseflow.catalogue.models import Category
from caseflow.extensions import db
from caseflow.reports import charts
from caseflow.reports import dashboard as q
from caseflow.reports.exports import Sheet
from caseflow.workflow.states import CaseStatus

#: Statuses a submitted case can have (drafts never reach a supervisor).
STATUSES = [s for s in CaseStatus if s is not CaseStatus.DRAFT]
TOP_CATEGORIES = 5


def _case_list_path() -> str:
    path = g.get("case_list_path")
    if path is None:
        path = g.case_list_path = url_for("cases.index")
    return path


def _ddmmyyyy(day) -> str:
    return day.strftime("%d/%m/%Y")


def _quoted(filters: dict[str, Any]) -> dict[str, str]:
    return {k: "" if v in ("", None) else _quote(str(v)) for k, v in filters.items()}


def _quote(text: str) -> str:
    return text if text.isascii() and text.isalnum() else quote(text, safe="/")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else ""


def _names(model, key, ids) -> dict:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(key, model.name).where(key.in_(list(ids)))).all())


class Dashboard:
    """Build the dashboard of one scope; each method is one table (and one or two queries)."""

    def __init__(self, scope: q.Scope, now: datetime) -> None:
        self.scope, self.now = scope, now
        self._cache: dict[str, Any] = {}

    def _once(self, key: str, compute) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def ids(self) -> q.IdRange:
        """The period's case-id range (see dashboard.IdRange)."""
        return self._once("ids", lambda: q.period_id_range(self.scope.period))

    def counts(self) -> dict[str, list[tuple]]:
        """Cases by status, firm, week (and province): one pass, shared by four tables."""
        return self._once("counts", lambda: q.case_counts(
            self.scope, self.ids, provinces=self.scope.province_code is None))

    def referrals(self) -> dict[str, Any]:
        """Cases per agency unit and the medians (one pass)."""
        return self._once("referrals", lambda: q.referral_stats(self.scope, self.ids))

    def overdue(self) -> tuple[dict[str, int], dict[int, int]]:
        """Cases with an overdue referral per province and per agency."""
        return self._once("overdue", lambda: q.overdue(self.scope, self.now))

    def link(self, *, period: bool = True, **filters: Any) -> str:
        """Return the case-list URL of a figure (empty outside a request, e.g. in a PDF).

        The query string is built by hand (its keys are fixed names, its values quoted), and
        its scope part (province, period) quoted once per dashboard: a national dashboard
        carries some 500 links, and url_for or urlencode would cost more than some of its
        queries. A figure's own filters come after the scope's, or replace them in place (the
        trend's weeks narrow the period).
        """
        if not has_request_context():
            return ""
        path, scope = self._once(f"link-{period}", lambda: self._link_scope(period))
        query = "&".join(f"{k}={v}" for k, v in {**scope, **_quoted(filters)}.items() if v)
        return f"{path}?{query}" if query else path

    def _link_scope(self, period: bool) -> tuple[str, dict[str, str]]:
        """The case list's path and the scope's filters, quoted."""
        filters = {"province": self.scope.province_code or ""}
        if period:
            filters.update(submitted_from=_ddmmyyyy(self.scope.period.start),
                           submitted_to=_ddmmyyyy(self.scope.period.last))
        return _case_list_path(), _quoted(filters)

    def status(self) -> list[dict[str, Any]]:
        """Cases by current status, in workflow order."""
        counts = dict(self.counts()["status"])
        return [{"key": s.value, "label": str(s.label), "count": counts.get(s, 0),
                 "url": self.link(status=s.value)} for s in STATUSES]

    def categories(self, total: int | None = None) -> list[dict[str, Any]]:
        """Cases by category, most frequent first, with each category's share of the cases."""
        counts = q.by_category(self.scope, self.ids)
        if total is None:
            total = sum(r["count"] for r in self.status())
        locale = get_locale()
        column = Category.name_en if locale and locale.language == "en" else Category.name_vi
        names = dict(db.session.execute(sa.select(Category.code, column)).all())
        order = dict(db.session.execute(sa.select(Category.code, Category.sort_order)).all())
        rows = [{"code": code, "name": names.get(code, code), "count": n,
                 "share": _share(n, total), "url": self.link(category=code)}
                for code, n in counts]
        return sorted(rows, key=lambda r: (-r["count"], order.get(r["code"], 0)))

    def firms(self) -> list[dict[str, Any]]:
        """Cases by the postal firm that flagged them."""
        counts = self.counts()["firm"]
        names = _names(Organisation, Organisation.id, [f for f, _n in counts])
        rows = [{"name": names.get(f, str(f)), "count": n, "url": self.link(firm=str(f))}
                for f, n in counts]
        return sorted(rows, key=lambda r: (-r["count"], r["name"]))

    def agencies(self) -> list[dict[str, Any]]:
        """Cases referred to each agency unit, and those with its referral now overdue."""
        cases = dict(self.referrals()["agency"])
        late = self.overdue()[1]
        names = _names(Organisation, Organisation.id, set(cases) | set(late))
        rows = [{"name": names.get(a, str(a)), "count": cases.get(a, 0),
                 "url": self.link(agency=str(a)), "overdue": late.get(a, 0),
                 "overdue_url": self.link(period=False, agency=str(a), overdue="1")}
                for a in set(cases) | set(late)]
        return sorted(rows, key=lambda r: (-r["count"], r["name"]))

    def trend(self) -> list[dict[str, Any]]:
        """Cases by week of submission (Monday to Sunday, cut to the period), empty weeks too."""
        counts = dict(self.counts()["week"])
        period = self.scope.period
        monday = period.start - timedelta(days=period.start.weekday())
        rows = []
        while monday < period.end:
            first, last = max(monday, period.start), min(monday + timedelta(days=6), period.last)
            rows.append({"label": first.strftime("%d/%m"), "from": _ddmmyyyy(first),
                         "to": _ddmmyyyy(last), "count": counts.get(monday, 0),
                         "url": self.link(submitted_from=_ddmmyyyy(first),
                                          submitted_to=_ddmmyyyy(last))})
            monday += timedelta(days=7)
        return rows

    def provinces(self) -> list[dict[str, Any]]:
        """Cases per province and status, and cases with an overdue referral (national)."""
        if self.scope.province_code is not None:
            return []
        counts: dict[str, dict] = {}
        for code, status, n in self.counts()["province"]:
            counts.setdefault(code, {})[status] = n
        late = self.overdue()[0]
        rows = []
        for province in db.session.scalars(sa.select(Province).order_by(Province.code)):
            by_status = counts.get(province.code, {})
            link = self._province(province.code)
            rows.append({"code": province.code, "name": province.name,
                         "total": sum(by_status.values()), "url": link.link(),
                         "statuses": [{"count": by_status.get(s, 0), "url": link.link(
                             status=s.value)} for s in STATUSES],
                         "overdue": late.get(province.code, 0),
                         "overdue_url": link.link(period=False, overdue="1")})
        return rows

    def _province(self, code: str) -> Dashboard:
        scope = q.Scope(self.scope.user, code, self.scope.period)
        return Dashboard(scope, self.now)

    def timings(self) -> dict[str, Any]:
        """Median hours to acknowledge and days to conclude a referral; overdue cases now."""
        m = self.referrals()
        overdue = sum(self.overdue()[0].values())
        return {"ack_hours": _fmt(m["ack"], 3600), "ack_count": m["ack_count"],
                "conclude_days": _fmt(m["conclude"], 86400),
                "conclude_count": m["conclude_count"], "url": self.link(),
                "overdue": overdue, "overdue_url": self.link(period=False, overdue="1")}

    def context(self) -> dict[str, Any]:
        """Every table and chart of the page."""
        status = self.status()
        total = sum(r["count"] for r in status)
        categories, trend = self.categories(total), self.trend()
        return {
            "total": total, "total_url": self.link(), "status": status,
            "categories": categories, "top_categories": categories[:TOP_CATEGORIES],
            "firms": self.firms(), "agencies": self.agencies(), "trend": trend,
            "timings": self.timings(),
            "provinces": self.provinces() if self.scope.province_code is None else [],
            "charts": charts_for(status, categories, trend, width=PAGE_CHART_WIDTH)}


#: The page's charts fit a half-width column at 1280 px unscaled, so 11 px text stays 11 px.
PAGE_CHART_WIDTH = 520


def charts_for(status: list[dict], categories: list[dict], trend: list[dict], *,
               width: int = 600) -> dict[str, Any]:
    """Draw the three charts the page and the PDF report share."""
    return {
        "status": charts.bar_chart([(r["label"], r["count"]) for r in status], width=width,
                                   title=_("Số vụ việc theo trạng thái")),
        "categories": charts.bar_chart([(f"{r['code']} {r['name']}", r["count"])
                                        for r in categories], width=width,
                                       title=_("Số vụ việc theo nhóm hàng")),
        "trend": charts.column_chart([(r["label"], r["count"]) for r in trend], width=width,
                                     title=_("Số vụ việc theo tuần")),
    }


def _fmt(seconds: float | None, unit: int) -> str:
    """Return a median with one decimal; none is empty, and a small one never reads 0,0."""
    if seconds is None:
        return ""
    value = seconds / unit
    if 0 < value < 0.05:
        return "<\u00a00,1"  # no break between the sign and the figure
    return f"{value:.1f}".replace(".", ",")


def sheet(dashboard: Dashboard, table: str) -> Sheet:
    """Return one dashboard table as an export sheet (the figures only, never a case)."""
    if table == "provinces":
        headers = [_("Mã"), _("Tỉnh, thành phố"), _("Tổng số"),
                   *(str(s.label) for s in STATUSES), _("Quá hạn tiếp nhận")]
        rows = [[r["code"], r["name"], r["total"], *(c["count"] for c in r["statuses"]),
                 r["overdue"]] for r in dashboard.provinces()]
        return Sheet(_("Theo tỉnh"), headers, rows)
    title, columns = SHEETS[table]
    rows = [[r[key] for key, _h in columns] for r in getattr(dashboard, table)()]
    return Sheet(str(title), [str(h) for _k, h in columns], rows)


SHEETS = {
    "status": (_l("Theo trạng thái"), [("label", _l("Trạng thái")), ("count", _l("Số vụ việc"))]),
    "categories": (_l("Theo nhóm hàng"), [("code", _l("Mã")), ("name", _l("Nhóm hàng")),
                                          ("count", _l("Số vụ việc")), ("share", _l("Tỷ lệ"))]),
    "firms": (_l("Theo doanh nghiệp"), [("name", _l("Doanh nghiệp")),
                                        ("count", _l("Số vụ việc"))]),
    "agencies": (_l("Theo cơ quan"), [("name", _l("Đơn vị")), ("count", _l("Số vụ việc")),
                                      ("overdue", _l("Đang quá hạn tiếp nhận"))]),
    "trend": (_l("Theo tuần"), [("from", _l("Từ ngày")), ("to", _l("Đến ngày")),
                                ("count", _l("Số vụ việc"))]),
}
TABLES = (*SHEETS, "provinces")
