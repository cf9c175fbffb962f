"""The Directive 02 checklist and the sanctioning decree in force for each act.

Decree 174/2026/NĐ-CP applies to acts from 1/7/2026; Decree 15/2020/NĐ-CP (as amended)
to acts before. PROVISIONS maps each checklist item to the article of each decree and its
fine range where the project has it from a checked source (DESIGN.md). Where it does not, the
entry says "cần đối chiếu" and leaves the article and range empty: the supervisor enters
them from the decree's text when recording the sanction, and the amount is checked against
what was entered.

Only a legal provision makes a violation (issue 10): a failed item whose obligation comes from
Directive 02/CT-BKHCN alone (a directive binds the administration, it sanctions no one) is
recorded as a finding, not a violation. An ongoing act (hành vi vi phạm đang thực hiện, Decree
118/2021/NĐ-CP Art. 8) is judged under the decree in force when it was discovered, a completed
one under the decree in force on the day it was committed (Law on Handling Administrative
Violations Art. 6(1)(b): an ongoing act's limitation period runs from its discovery).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from caseflow.db_types import LabelledEnum


class ChecklistItem(LabelledEnum):
    """What an inspection checks at a firm or service point (Directive 02/CT-BKHCN)."""

    SECURITY_MANAGER = "security_manager"
    CONTRACT_SECURITY = "contract_security"
    SCREENING_EQUIPMENT = "screening_equipment"
    BANNED_LIST_POSTED = "banned_list_posted"
    SENDER_IDENTIFICATION = "sender_identification"
    ITEM_DATA_RETENTION = "item_data_retention"
    DONG_KIEM = "dong_kiem"
    DATA_CONFIDENTIALITY = "data_confidentiality"
    STOP_AND_NOTIFY = "stop_and_notify"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.SECURITY_MANAGER: _l("Bố trí người phụ trách công tác bảo đảm an ninh, an toàn"),
            cls.CONTRACT_SECURITY: _l("Trách nhiệm bảo đảm an ninh, an toàn trong hợp đồng với "
                                      "đại lý, đối tác"),
            cls.SCREENING_EQUIPMENT: _l("Trang bị máy soi chiếu X-quang và camera giám sát"),
            cls.BANNED_LIST_POSTED: _l("Niêm yết danh mục hàng cấm gửi tại điểm phục vụ"),
            cls.SENDER_IDENTIFICATION: _l("Kiểm tra, xác thực thông tin người gửi"),
            cls.ITEM_DATA_RETENTION: _l("Lưu thông tin bưu gửi kèm hình ảnh tối thiểu 03 tháng"),
            cls.DONG_KIEM: _l("Thực hiện đồng kiểm khi chấp nhận bưu gửi"),
            cls.DATA_CONFIDENTIALITY: _l("Bảo đảm bí mật thông tin của người sử dụng dịch vụ"),
            cls.STOP_AND_NOTIFY: _l("Dừng vận chuyển và thông báo cơ quan có thẩm quyền khi "
                                    "phát hiện hàng cấm gửi"),
        }


#: The obligation each item checks, as printed in the checklist and the minute.
OBLIGATIONS: dict[ChecklistItem, str] = {
    ChecklistItem.SECURITY_MANAGER: "Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.CONTRACT_SECURITY: "Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.SCREENING_EQUIPMENT: "Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.BANNED_LIST_POSTED: "Khoản 7 Điều 29 Luật Bưu chính; Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.SENDER_IDENTIFICATION: "Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.ITEM_DATA_RETENTION: "Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.DONG_KIEM: "Điều 29 Luật Bưu chính; Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.DATA_CONFIDENTIALITY: "Chỉ thị số 02/CT-BKHCN",
    ChecklistItem.STOP_AND_NOTIFY: "Điều 14 Luật Bưu chính",
}


class Decree(LabelledEnum):
    """The decrees on administrative sanctions in the postal field."""

    ND15_2020 = "nd15_2020"
    ND174_2026 = "nd174_2026"

    @classmethod
    def labels(cls) -> dict:
        return {cls.ND15_2020: _l("Nghị định số 15/2020/NĐ-CP (được sửa đổi, bổ sung)"),
                cls.ND174_2026: _l("Nghị định số 174/2026/NĐ-CP")}


#: Acts committed on or after this day are sanctioned under Decree 174/2026/NĐ-CP.
DECREE_174_FROM = date(2026, 7, 1)


def decree_for(act_date: date, *, discovered_on: date | None = None) -> Decree:
    """Return the decree that judges the act: in force on its day, or, for an ongoing act
    (discovered_on given), in force on the day it was discovered."""
    day = discovered_on or act_date
    return Decree.ND174_2026 if day >= DECREE_174_FROM else Decree.ND15_2020


@dataclass(frozen=True)
class Provision:
    """The article sanctioning an item under one decree, and its fine range in đồng."""

    article: str = ""
    fine_min: int | None = None
    fine_max: int | None = None
    note: str = "Điều, khoản và khung tiền phạt: cần đối chiếu văn bản gốc."

    @property
    def known(self) -> bool:
        """Tell whether the table has the article's fine range."""
        return self.fine_min is not None and self.fine_max is not None


UNCHECKED = Provision()
#: The items a law or decree makes an obligation of the firm; the others rest on Directive 02
#: alone and make no violation.
LEGAL_ITEMS = frozenset({
    ChecklistItem.BANNED_LIST_POSTED, ChecklistItem.SENDER_IDENTIFICATION,
    ChecklistItem.ITEM_DATA_RETENTION, ChecklistItem.DONG_KIEM,
    ChecklistItem.DATA_CONFIDENTIALITY, ChecklistItem.STOP_AND_NOTIFY,
})
ND174 = "Nghị định số 174/2026/NĐ-CP"
#: Clause 3 of Art. 12 fines 10–20 million đồng (point d, DESIGN.md); the other clauses'
#: ranges are entered from the decree's text when a sanction is recorded.
PROVISIONS: dict[tuple[Decree, ChecklistItem], Provision] = {
    (Decree.ND174_2026, ChecklistItem.ITEM_DATA_RETENTION): Provision(
        f"Điểm b khoản 3 Điều 10 {ND174}",
        note="Không lưu thông tin, hình ảnh bưu gửi theo quy định. Khung tiền phạt: cần đối "
             "chiếu văn bản gốc."),
    (Decree.ND174_2026, ChecklistItem.DATA_CONFIDENTIALITY): Provision(
        f"Điểm b khoản 4 Điều 10 {ND174}",
        note="Không bảo đảm bí mật thông tin của người sử dụng dịch vụ. Khung tiền phạt: cần "
             "đối chiếu văn bản gốc."),
    (Decree.ND174_2026, ChecklistItem.BANNED_LIST_POSTED): Provision(
        f"Điểm b khoản 2 Điều 12 {ND174}",
        note="Không niêm yết danh mục vật phẩm, hàng hóa không được gửi. Khung tiền phạt: cần "
             "đối chiếu văn bản gốc."),
    (Decree.ND174_2026, ChecklistItem.DONG_KIEM): Provision(
        f"Điểm a khoản 3 Điều 12 {ND174}", 10_000_000, 20_000_000,
        "Không kiểm tra nội dung bưu gửi (đồng kiểm) khi chấp nhận."),
    (Decree.ND174_2026, ChecklistItem.SENDER_IDENTIFICATION): Provision(
        f"Điểm c khoản 3 Điều 12 {ND174}", 10_000_000, 20_000_000,
        "Không kiểm tra, xác thực thông tin người gửi."),
    (Decree.ND174_2026, ChecklistItem.STOP_AND_NOTIFY): Provision(
        f"Điểm d khoản 3 Điều 12 {ND174}", 10_000_000, 20_000_000,
        "Không dừng vận chuyển, không thông báo khi phát hiện hàng cấm gửi."),
}


def makes_violation(item: ChecklistItem) -> bool:
    """Tell whether failing the item breaks a legal provision (not only Directive 02)."""
    return item in LEGAL_ITEMS


def provision_for(item: ChecklistItem, act_date: date, *,
                  discovered_on: date | None = None) -> tuple[Decree, Provision]:
    """Return the decree that judges the act and its provision for the item."""
    decree = decree_for(act_date, discovered_on=discovered_on)
    return decree, PROVISIONS.get((decree, item), UNCHECKED)
