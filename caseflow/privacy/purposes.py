"""What each logged processing of personal data is, in words: action, data, purpose, basis.

The processing log (views.processing_log) shows these instead of the audit codes. The legal
basis is the one in force on the day of the processing: Decree 13/2023/NĐ-CP until 31/12/2025,
the Personal Data Protection Law 91/2025/QH15 and Decree 356/2025/NĐ-CP from 1/1/2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Role
from caseflow.i18n import to_local

#: The day the Personal Data Protection Law 91/2025/QH15 took effect.
PDP_LAW_FROM = date(2026, 1, 1)

PARTIES = _l("Họ tên, điện thoại, địa chỉ, số giấy tờ của người gửi và người nhận")
CASE_FILE = _l("Dữ liệu cá nhân trong hồ sơ vụ việc (người gửi, người nhận, người liên quan)")
PHOTOS = _l("Ảnh chụp, tệp gốc (có thể chứa hình người, vị trí GPS, thiết bị)")
HANDLE_CASE = _l("Xử lý bưu gửi nghi vấn: dừng vận chuyển, thông báo và phối hợp với cơ quan "
                 "có thẩm quyền (Điều 14 Luật Bưu chính)")
SUPERVISE = _l("Giám sát, kiểm tra việc xử lý vụ việc và báo cáo cơ quan quản lý")
ACCOUNTABILITY = _l("Giám sát việc xử lý dữ liệu cá nhân (nhật ký xử lý)")
STORAGE_LIMIT = _l("Xóa, hủy dữ liệu khi hết thời hạn lưu trữ")


@dataclass(frozen=True)
class Purpose:
    """One kind of processing: what it is, on which data, what for."""

    action: object
    data: object
    purpose: object


def describe(action: str) -> Purpose:
    """Return what a logged action is, in words (the code itself when unknown)."""
    exact = {
        "personal_data.view": Purpose(_l("Xem dữ liệu cá nhân trong hồ sơ"), PARTIES,
                                      HANDLE_CASE),
        "personal_data.reveal": Purpose(_l("Hiển thị dữ liệu cá nhân đã che (có nêu lý do)"),
                                        PARTIES, SUPERVISE),
        "personal_data.lookup": Purpose(_l("Tra cứu hồ sơ theo số điện thoại hoặc số giấy tờ"),
                                        PARTIES, HANDLE_CASE),
        "personal_data.anonymise": Purpose(_l("Ẩn danh hóa dữ liệu cá nhân hết hạn lưu trữ"),
                                           PARTIES, STORAGE_LIMIT),
        "document.generate": Purpose(_l("Lập văn bản có dữ liệu cá nhân"), CASE_FILE,
                                     HANDLE_CASE),
        "document.request": Purpose(_l("Yêu cầu lập văn bản có dữ liệu cá nhân"), CASE_FILE,
                                    HANDLE_CASE),
        "document.download": Purpose(_l("Tải, in văn bản có dữ liệu cá nhân"), CASE_FILE,
                                     HANDLE_CASE),
        "document.breach_notification": Purpose(
            _l("Lập thông báo vi phạm dữ liệu cá nhân"), CASE_FILE,
            _l("Thông báo vi phạm dữ liệu cá nhân cho cơ quan có thẩm quyền")),
        "evidence.download": Purpose(_l("Tải tệp gốc của chứng cứ"), PHOTOS, HANDLE_CASE),
        "inspection_photo.download": Purpose(_l("Tải ảnh gốc của biên bản kiểm tra"), PHOTOS,
                                             SUPERVISE),
        "export.processing_log": Purpose(_l("Xuất nhật ký xử lý dữ liệu cá nhân"),
                                         _l("Nhật ký xử lý (tên người dùng, địa chỉ IP)"),
                                         ACCOUNTABILITY),
    }
    if action in exact:
        return exact[action]
    if action.startswith("export."):
        return Purpose(_l("Xuất danh sách, bảng số liệu"), CASE_FILE, SUPERVISE)
    return Purpose(action, "", "")


def legal_basis(occurred_at: datetime) -> str:
    """Return the legal basis of a processing on its (Vietnam) day."""
    if to_local(occurred_at).date() < PDP_LAW_FROM:
        return str(_l("Điều 14 Luật Bưu chính 2010; Điều 17 Nghị định 13/2023/NĐ-CP (xử lý "
                      "không cần sự đồng ý: phòng, chống vi phạm pháp luật; hoạt động của cơ "
                      "quan nhà nước theo luật chuyên ngành)"))
    return str(_l("Điều 14 Luật Bưu chính 2010; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 và "
                  "Nghị định 356/2025/NĐ-CP (xử lý không cần sự đồng ý, theo quy định của "
                  "luật)"))


def role_label(value: str) -> str:
    """Return a stored role code as its label (the code itself when unknown)."""
    try:
        return str(Role(value).label)
    except ValueError:
        return value
