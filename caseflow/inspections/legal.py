"""The Directive 02 checklist and the sanctioning decree in force for each act.

Decree 174/2026/NĐ-CP applies to acts from 1/7/2026; Decree 15/2020/NĐ-CP (as amended)
to acts before. PROVISIONS maps each checklist item to the article of each decree and its
fine range where the project has it from a checked source (DESIGN.md). Where it does not, the
entry says "cần đối chiếu" and leaves the article and range empty: the supervisor enters
them from the decree's text when recording the sanction, and the amount is checked against
what was entered. Nothing here is guessed.
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


def decree_for(act_date: date) -> Decree:
    """Return the decree in force on the day of the act."""
    return Decree.ND174_2026 if act_date >= DECREE_174_FROM else Decree.ND15_2020


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
PROVISIONS: dict[tuple[Decree, ChecklistItem], Provision] = {
    (Decree.ND174_2026, ChecklistItem.STOP_AND_NOTIFY): Provision(
        "Điểm d khoản 3 Điều 12 Nghị định số 174/2026/NĐ-CP", 10_000_000, 20_000_000,
        "Không dừng vận chuyển, không thông báo khi phát hiện hàng cấm gửi."),
}


def provision_for(item: ChecklistItem, act_date: date) -> tuple[Decree, Provision]:
    """Return the decree in force on the act's day and its provision for the item."""
    decree = decree_for(act_date)
    return decree, PROVISIONS.get((decree, item), UNCHECKED)
