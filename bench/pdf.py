"""Benchmark the PDF documents: caseflow's whole path vs bare WeasyPrint on the same HTML.

Run: .venv/bin/python bench/pdf.py   (builds its own data in a temporary SQLite database)

For each document, the project's time covers everything a request or job does — loading the
case, building the context, Jinja, numbering, the QR code, WeasyPrint, hashing and storing —
and the baseline is WeasyPrint alone rendering the HTML that run produced, with the same
stylesheet and fonts parsed once beforehand (the fastest plain use of WeasyPrint). The ratio is
project / baseline (target ≤ 1.3). The case file is a long case that prints on about 30 pages.
The last line of output is one JSON object; times are in seconds.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where bench/http.py would shadow the
# standard library's `http` package (werkzeug imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.accounts.models import OrgKind, Role  # noqa: E402
from caseflow.cases.models import Case  # noqa: E402
from caseflow.db_types import utcnow  # noqa: E402
from caseflow.documents import pdf, services  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.i18n import to_local  # noqa: E402
from caseflow.reports.queries import Period  # noqa: E402
from caseflow.seed.reference import load_reference_data  # noqa: E402
from caseflow.workflow import engine  # noqa: E402
from caseflow.workflow.states import CaseStatus  # noqa: E402
from config import DevelopmentConfig  # noqa: E402
from tests.factories import make_case, make_org, make_user  # noqa: E402

TARGET_PAGES = 30
NOTE = ("Xác minh bổ sung lần {n}: đã đối chiếu vận đơn, ảnh soi chiếu và lời khai của nhân viên "
        "bưu cục; niêm phong còn nguyên vẹn, bưu gửi tiếp tục được lưu giữ tại kho.")
CATEGORIES = ("C8", "C1", "C3", "C9", "C12")


class Recorder:
    """Wrap pdf.render_pdf to keep the HTML each generation rendered."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self._render = pdf.render_pdf

    def __call__(self, html: str, fetcher=None) -> pdf.RenderedPDF:
        self.html.append(html)
        return self._render(html, fetcher)


def bare_renderer() -> Callable[[str], bytes]:
    """Return plain WeasyPrint with the stylesheet and fonts parsed once (no caseflow code)."""
    fonts = FontConfiguration()
    css = CSS(filename=str(pdf.PRINT_CSS), font_config=fonts)
    return lambda html: HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Run the action; return its wall-clock and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def build_world():
    """Create the organisations, people, a long case and a nation's worth of small cases."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Tổng công ty Bưu điện Việt Nam")
    police = make_org(kind=OrgKind.POLICE, province_code="01", name="Công an Thành phố Hà Nội")
    clerk = make_user(role=Role.FIRM_CLERK, org=firm)
    security = make_user(role=Role.FIRM_SECURITY, org=firm)
    officer = make_user(role=Role.AGENCY_OFFICER, org=police)
    people = {"clerk": clerk, "security": security, "officer": officer,
              "national": make_user(role=Role.NATIONAL_SUPERVISOR)}
    long_case = make_case(firm_user=clerk, status=CaseStatus.INVESTIGATING, officer=officer,
                          security=security)
    for i, status in enumerate([CaseStatus.FLAGGED, CaseStatus.CONCLUDED] * 60):
        make_case(firm_user=clerk, status=status, security=security, officer=officer,
                  province_code=("01", "79", "48")[i % 3], categories=(CATEGORIES[i % 5],))
    db.session.commit()
    return people, long_case.id


def lengthen(case_id: int, actor, notes: int) -> None:
    """Add timeline notes to the long case."""
    case = db.session.get(Case, case_id)
    for n in range(notes):
        engine.add_note(case, actor=actor, text=NOTE.format(n=n + 1))
    db.session.commit()


def measure(name: str, make_draft: Callable[[], services.Draft], runs: int,
            recorder: Recorder, bare: Callable[[str], bytes]) -> dict[str, float]:
    """Time the project's whole path and bare WeasyPrint on the HTML it produced, interleaved
    run by run so that both meet the same load on a shared machine."""
    def generate() -> int:
        document = services.issue(make_draft(), url_root="https://caseflow.example/")
        db.session.commit()
        return document.pages

    pages = generate()  # warm-up, and the HTML the baseline renders
    html = recorder.html[-1]
    bare(html)
    project, baseline = [], []
    for _ in range(runs):
        project.append(timed(generate))
        baseline.append(timed(lambda: bare(html)))
    wall, bare_wall, cpu, bare_cpu = (statistics.median(t[i] for t in times)
                                      for i, times in ((0, project), (0, baseline),
                                                       (1, project), (1, baseline)))
    print(f"{name:15s} {pages:3d} pages  caseflow {wall:6.3f} s (cpu {cpu:6.3f})  "
          f"bare WeasyPrint {bare_wall:6.3f} s (cpu {bare_cpu:6.3f})  "
          f"ratio {wall / bare_wall:5.2f} (cpu {cpu / bare_cpu:5.2f})")
    return {f"{name}_s": round(wall, 3), f"{name}_bare_s": round(bare_wall, 3),
            f"{name}_cpu_s": round(cpu, 3), f"{name}_bare_cpu_s": round(bare_cpu, 3),
            f"{name}_ratio": round(wall / bare_wall, 3),
            f"{name}_cpu_ratio": round(cpu / bare_cpu, 3), f"{name}_pages": pages}


def case_file_pages(case_id: int, people: dict) -> int:
    """Render the long case file once, without keeping it, and count its pages."""
    draft = services.case_file_draft(db.session.get(Case, case_id), actor=people["national"])
    pages = services.issue(draft, url_root="https://caseflow.example/").pages
    db.session.rollback()
    return pages


def fit_case_file(case_id: int, people: dict) -> int:
    """Add timeline notes until the long case file prints on TARGET_PAGES pages (or one more)."""
    probe, base = 40, case_file_pages(case_id, people)
    lengthen(case_id, people["officer"], probe)
    pages = case_file_pages(case_id, people)
    per_page = probe / max(pages - base, 1)
    lengthen(case_id, people["officer"], int((TARGET_PAGES - pages - 1) * per_page))
    while (pages := case_file_pages(case_id, people)) < TARGET_PAGES:
        lengthen(case_id, people["officer"], max(int(per_page / 2), 1))
    return pages


def run() -> dict[str, float]:
    """Build the data, then measure each document."""
    recorder, bare = Recorder(), bare_renderer()
    pdf.render_pdf = recorder
    people, case_id = build_world()
    results: dict[str, float] = {}
    case = lambda: db.session.get(Case, case_id)  # noqa: E731 - reloaded after each commit
    results |= measure("bien_ban", lambda: services.bien_ban_draft(
        case(), actor=people["clerk"]), 11, recorder, bare)
    results |= measure("referral_slip", lambda: services.referral_slip_draft(
        case().referrals[0], actor=people["security"]), 11, recorder, bare)
    now = to_local(utcnow())
    results |= measure("summary_report", lambda: services.summary_report_draft(
        actor=people["national"], province_code=None,
        period=Period.quarter(now.year, (now.month - 1) // 3 + 1)), 7, recorder, bare)
    fit_case_file(case_id, people)
    results |= measure("case_file", lambda: services.case_file_draft(
        case(), actor=people["national"]), 3, recorder, bare)
    results["case_file_30_pages_s"] = results["case_file_s"]
    results["case_file_30_pages_cpu_s"] = results["case_file_cpu_s"]
    return results


def main() -> None:
    """Run the benchmark in a throwaway SQLite database and print the JSON line last."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(DevelopmentConfig,
                         SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(tmp) / 'bench.db'}")
        with app.test_request_context():
            db.create_all()
            load_reference_data()
            db.session.commit()
            results = run()
            db.session.remove()
            db.engine.dispose()
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
