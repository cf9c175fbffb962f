"""Personal data in the case file: masked for supervisors, in full for the entitled."""

from __future__ import annotations

from caseflow.documents import context as ctx
from caseflow.documents import services
from caseflow.extensions import db
from tests.clock import vn
from tests.documents.helpers import pdf_text, squash, stored_pdf

FULL = ("Nguyễn Văn Bình", "0912 345 678", "001089012345", "12 Trần Duy Hưng", "Trần Thị Hoa",
        "0987654321", "45 Lê Lợi")
MASKED = ("N*** V*** B***", "*******678", "*********345", "***, Hà Nội", "T*** T*** H***",
          "***, Thành phố Hồ Chí Minh")


def case_file_text(case, actor) -> tuple[str, bool]:
    document = services.issue(services.case_file_draft(case, actor=actor), url_root="http://x/")
    db.session.commit()
    return pdf_text(stored_pdf(document)), document.personal_data


def test_supervisor_prints_the_case_file_with_personal_data_masked(app, cast, case):
    text, personal = case_file_text(case, cast.supervisor)
    assert not personal
    for value in FULL:
        assert squash(value) not in text, value
    for value in MASKED:
        assert squash(value) in text, value
    assert squash("Thông tin cá nhân của người gửi, người nhận đã được che") in text


def test_agency_holding_the_case_prints_it_in_full(app, cast, case):
    text, personal = case_file_text(case, cast.officer)
    assert personal
    for value in FULL:
        assert squash(value) in text, value


def test_the_masked_data_notice_cites_the_rules_of_the_printing_day(app, cast, case,
                                                                   monkeypatch):
    monkeypatch.setattr(ctx, "utcnow", lambda: vn(2025, 11, 3))
    assert "13/2023" in ctx.parties(cast.supervisor, case)["privacy_law"]
    monkeypatch.setattr(ctx, "utcnow", lambda: vn(2026, 2, 3))
    cited = ctx.parties(cast.supervisor, case)["privacy_law"]
    assert "91/2025/QH15" in cited and "356/2025/NĐ-CP" in cited and "13/2023" not in cited
