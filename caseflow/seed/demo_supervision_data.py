"""The tables behind the supervision demo: two inspections and seven difficulty reports.

Days count back from today (Vietnam time); every decision number and text here is invented.
Legal references are only those the project already cites (caseflow/inspections/legal.py).
"""

from __future__ import annotations

from typing import NamedTuple

from caseflow.inspections.legal import ChecklistItem as C


class Sanction(NamedTuple):
    """A sanction decision on the violation of one checklist item."""

    item: C
    decision: str
    #: In đồng, within the range of the article in force on the act's day.
    amount: int
    after_days: int
    remedy_within_days: int


class Remedy(NamedTuple):
    """The firm's report of how it remedied the violation of one checklist item."""

    item: C
    note: str
    after_days: int


class Visit(NamedTuple):
    """An inspection: planned by a Sở, then (unless `failed` is None) recorded and followed up."""

    firm: str
    supervisor: str
    decision: str
    service_point: str
    #: Days from today to the inspection day: negative in the past, positive when planned.
    day: int
    team: str
    scope: str
    #: Failed items with what was found; None while the inspection is only planned.
    failed: dict[C, str] | None = None
    not_checked: tuple[C, ...] = ()
    conclusion: str = ""
    sanctions: tuple[Sanction, ...] = ()
    remedies: tuple[Remedy, ...] = ()


TEAM_HN = ("Phan Thị Hồng Nhung – Phó Trưởng phòng Bưu chính, Viễn thông, Trưởng đoàn\n"
           "Nguyễn Đức Long – Chuyên viên, thành viên\n"
           "Trần Thu Giang – Thanh tra viên, thành viên")
TEAM_HCM = ("Dương Văn Tài – Trưởng phòng Bưu chính, Trưởng đoàn\n"
            "Lê Hoàng Phong – Chuyên viên, thành viên")
SCOPE = ("Việc thực hiện Chỉ thị số 02/CT-BKHCN về bảo đảm an ninh, an toàn trong hoạt động "
         "bưu chính; việc dừng vận chuyển, thông báo khi phát hiện bưu gửi chứa hàng cấm gửi.")

#: The completed inspection in Hà Nội is dated about a month back: acts from 1/7/2026 fall
#: under Decree 174/2026/NĐ-CP, whose article for STOP_AND_NOTIFY the project has.
INSPECTIONS: list[Visit] = [
    Visit("vnpost", "sokhcn.hn", "45/QĐ-SKHCN",
          "Bưu cục Cầu Giấy, Số 160 Cầu Giấy, Phường Cầu Giấy, Thành phố Hà Nội", -34,
          TEAM_HN, SCOPE,
          failed={
              C.BANNED_LIST_POSTED: "Quầy giao dịch số 2 và số 3 chưa niêm yết danh mục hàng "
                                    "cấm gửi; bản niêm yết tại quầy số 1 là danh mục cũ.",
              C.STOP_AND_NOTIFY: "Sổ theo dõi ghi nhận 01 bưu gửi nghi chứa pháo bị phát hiện "
                                 "qua máy soi nhưng vẫn được chuyển tiếp, không thông báo cơ "
                                 "quan có thẩm quyền.",
          },
          not_checked=(C.DATA_CONFIDENTIALITY,),
          conclusion="Bưu cục thực hiện cơ bản các nội dung của Chỉ thị số 02/CT-BKHCN; có 02 "
                     "nội dung không đạt. Yêu cầu doanh nghiệp khắc phục và báo cáo kết quả về "
                     "Sở Khoa học và Công nghệ.",
          sanctions=(Sanction(C.STOP_AND_NOTIFY, "27/QĐ-XPHC", 15_000_000, 7, 45),),
          remedies=(Remedy(C.BANNED_LIST_POSTED,
                           "Đã niêm yết danh mục hàng cấm gửi hiện hành (áp phích khổ A3 in từ "
                           "trang Danh mục hàng cấm gửi) tại cả 03 quầy giao dịch; đã phổ biến "
                           "cho giao dịch viên.", 3),)),
    Visit("viettelpost", "sokhcn.hcm", "112/QĐ-SKHCN",
          "Bưu cục Viettel Post Tân Bình, Số 2 Cộng Hòa, Phường Tân Sơn Nhất, Thành phố Hồ "
          "Chí Minh", 12, TEAM_HCM, SCOPE),
]


class Step(NamedTuple):
    """A transition pressed on a report: by whom, with what text, how many days after."""

    name: str
    by: str
    text: str
    after_days: int


class Report(NamedTuple):
    """A difficulty report: its submitter, addressee ("01", "79" or "ministry") and steps."""

    by: str
    to: str
    subject: str
    body: str
    days_ago: int
    steps: tuple[Step, ...] = ()


REPORTS: list[Report] = [
    Report("security.vnpost", "01",
           "Chấp nhận bưu gửi quốc tế có pin lithium lắp sẵn trong thiết bị",
           "Bưu cục thường xuyên nhận yêu cầu gửi điện thoại, máy tính bảng có pin lithium lắp "
           "sẵn đi Nhật Bản, Hàn Quốc, Hoa Kỳ. Đề nghị Sở hướng dẫn: (1) trường hợp được chấp "
           "nhận; (2) việc dán nhãn cảnh báo; (3) cách xử lý khi khách hàng không khai báo pin "
           "mà máy soi phát hiện.", 40),  # overdue: 15 working days, even around Tết
    Report("clerk.jt", "79",
           "Đồng kiểm bưu gửi của khách hàng gửi số lượng lớn theo hợp đồng",
           "Nhiều khách hàng thương mại điện tử gửi hàng nghìn bưu gửi mỗi ngày, đóng gói sẵn "
           "tại kho. Bưu cục không đủ nhân lực đồng kiểm từng bưu gửi. Đề nghị hướng dẫn việc "
           "kiểm tra xác suất kết hợp máy soi chiếu.", 2),
    Report("security.viettelpost", "79",
           "Chấp nhận bưu gửi qua tủ gửi hàng tự động",
           "Viettel Post thí điểm tủ gửi hàng tự động tại các chung cư. Tủ chụp ảnh bưu gửi "
           "nhưng không đồng kiểm và không xác thực thông tin người gửi. Đề nghị hướng dẫn điều "
           "kiện chấp nhận bưu gửi qua tủ và việc lưu giữ hình ảnh.", 12,
           (Step("forward", "sokhcn.hcm",
                 "Mô hình chấp nhận bưu gửi mới, chưa có hướng dẫn thống nhất; đề nghị Vụ Bưu "
                 "chính xem xét, hướng dẫn chung cho các doanh nghiệp.", 3),)),
    Report("security.ghn", "01",
           "Thông báo cơ quan chức năng khi bưu gửi nghi vấn đã rời bưu cục chấp nhận",
           "Có bưu gửi chỉ được phát hiện nghi vấn qua máy soi tại kho phân loại, sau khi đã rời "
           "bưu cục chấp nhận. Đề nghị hướng dẫn đơn vị nào dừng bưu gửi, lập biên bản và thông "
           "báo cơ quan chức năng.", 19,
           (Step("answer", "sokhcn.hn",
                 "Đơn vị phát hiện (kho phân loại) dừng vận chuyển, niêm phong, lập biên bản và "
                 "thông báo ngay cơ quan có thẩm quyền (Điều 14 Luật Bưu chính); bưu cục chấp "
                 "nhận cung cấp thông tin bưu gửi khi cơ quan chức năng yêu cầu. Báo cáo trên "
                 "hệ thống do bộ phận an ninh của doanh nghiệp lập.", 8),)),
    Report("security.jt", "79",
           "Niêm yết danh mục hàng cấm gửi tại điểm nhận hàng diện tích nhỏ",
           "Các điểm nhận hàng đặt tại cửa hàng tiện lợi có diện tích nhỏ, khó niêm yết bản danh "
           "mục hàng cấm gửi đầy đủ. Đề nghị hướng dẫn hình thức niêm yết phù hợp.", 40,
           (Step("answer", "sokhcn.hcm",
                 "Danh mục hàng cấm gửi phải được niêm yết tại điểm phục vụ (khoản 7 Điều 29 "
                 "Luật Bưu chính). Điểm nhận hàng nhỏ dùng áp phích khổ A4 in từ trang Danh mục "
                 "hàng cấm gửi (có mã QR dẫn tới danh mục đầy đủ), đặt nơi khách hàng dễ thấy "
                 "khi giao bưu gửi.", 10),
            Step("publish", "sokhcn.hcm", "", 14))),
    Report("security.vnpost", "ministry",
           "Cập nhật nội dung niêm yết khi danh mục hàng cấm gửi thay đổi",
           "Đề nghị Bộ hướng dẫn cách doanh nghiệp biết và cập nhật nội dung niêm yết tại các "
           "điểm phục vụ khi danh mục hàng cấm gửi được sửa đổi, bổ sung.", 55,
           (Step("answer", "bokhcn",
                 "Trang Danh mục hàng cấm gửi luôn hiển thị danh mục đang có hiệu lực; mỗi thay "
                 "đổi được ghi thành phiên bản với ngày bắt đầu áp dụng. Doanh nghiệp theo dõi "
                 "trang này, in lại áp phích khi có phiên bản mới và phổ biến cho nhân viên "
                 "trước ngày áp dụng.", 10),
            Step("publish", "bokhcn", "", 11))),
    Report("clerk.ghn", "01",
           "Mẫu biên bản dừng bưu gửi nghi vấn",
           "Đề nghị Sở cung cấp mẫu biên bản khi bưu cục dừng vận chuyển bưu gửi nghi vấn.", 15,
           (Step("withdraw", "security.ghn", "", 1),)),
]
