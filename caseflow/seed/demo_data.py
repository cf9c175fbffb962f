"""The tables behind the demo: organisations, users, parties, texts and about fifty items.

Every name, phone number, ID number and tracking number here is invented.
"""

from __future__ import annotations

from typing import NamedTuple

# --- Organisations and users -------------------------------------------------------------------

#: key, name, short name, kind, province, address, phone. Agency, Sở and Ministry keys are the
#: usernames of their demo officer or supervisor.
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str, str]] = [
    ("vnpost", "Bưu điện Thành phố Hà Nội", "VNPost Hà Nội", "postal_firm", "01",
     "Số 75 Đinh Tiên Hoàng, Phường Hoàn Kiếm, Thành phố Hà Nội", "024 3825 5948"),
    ("ghn", "Giao Hàng Nhanh – Chi nhánh Hà Nội", "GHN Hà Nội", "postal_firm", "01",
     "Số 18 Phạm Hùng, Phường Từ Liêm, Thành phố Hà Nội", "024 7300 6162"),
    ("viettelpost", "Viettel Post – Chi nhánh Thành phố Hồ Chí Minh", "Viettel Post TP.HCM",
     "postal_firm", "79", "Số 2 Cộng Hòa, Phường Tân Sơn Nhất, Thành phố Hồ Chí Minh",
     "028 3811 2233"),
    ("jt", "J&T Express – Chi nhánh Thành phố Hồ Chí Minh", "J&T Express TP.HCM", "postal_firm",
     "79", "Số 120 Quang Trung, Phường Gò Vấp, Thành phố Hồ Chí Minh", "028 7303 1990"),
    ("police.hn", "Phòng Cảnh sát kinh tế – Công an Thành phố Hà Nội", "PC03 CATP Hà Nội",
     "police", "01", "Số 87 Trần Hưng Đạo, Phường Cửa Nam, Thành phố Hà Nội", "069 219 4312"),
    ("anninh.hn", "Phòng An ninh – Công an Thành phố Hà Nội", "An ninh CATP Hà Nội",
     "security_police", "01", "Số 87 Trần Hưng Đạo, Phường Cửa Nam, Thành phố Hà Nội",
     "069 219 4300"),
    ("qltt.hn", "Chi cục Quản lý thị trường Thành phố Hà Nội", "QLTT Hà Nội",
     "market_surveillance", "01", "Số 8 Vân Hồ 3, Phường Hai Bà Trưng, Thành phố Hà Nội",
     "024 3976 2727"),
    ("customs.hn", "Chi cục Hải quan cửa khẩu Bưu điện Hà Nội", "HQ Bưu điện Hà Nội", "customs",
     "01", "Số 75 Đinh Tiên Hoàng, Phường Hoàn Kiếm, Thành phố Hà Nội", "024 3826 1245"),
    ("police.hcm", "Phòng Cảnh sát kinh tế – Công an Thành phố Hồ Chí Minh", "PC03 CATP HCM",
     "police", "79", "Số 459 Trần Hưng Đạo, Phường Cầu Ông Lãnh, Thành phố Hồ Chí Minh",
     "069 318 7400"),
    ("anninh.hcm", "Phòng An ninh – Công an Thành phố Hồ Chí Minh", "An ninh CATP HCM",
     "security_police", "79", "Số 459 Trần Hưng Đạo, Phường Cầu Ông Lãnh, Thành phố Hồ Chí Minh",
     "069 318 7300"),
    ("qltt.hcm", "Chi cục Quản lý thị trường Thành phố Hồ Chí Minh", "QLTT TP.HCM",
     "market_surveillance", "79", "Số 242 Cống Quỳnh, Phường Bến Thành, Thành phố Hồ Chí Minh",
     "028 3925 1500"),
    ("customs.hcm", "Chi cục Hải quan Bưu điện Thành phố Hồ Chí Minh", "HQ Bưu điện TP.HCM",
     "customs", "79", "Số 36 Hậu Giang, Phường Tân Sơn Nhất, Thành phố Hồ Chí Minh",
     "028 3848 6101"),
    ("sokhcn.hn", "Sở Khoa học và Công nghệ Thành phố Hà Nội", "Sở KH&CN Hà Nội", "dost", "01",
     "Số 5 Nguyễn Trãi, Phường Hà Đông, Thành phố Hà Nội", "024 3355 1036"),
    ("sokhcn.hcm", "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh", "Sở KH&CN TP.HCM", "dost",
     "79", "Số 244 Điện Biên Phủ, Phường Xuân Hòa, Thành phố Hồ Chí Minh", "028 3932 7831"),
    ("bokhcn", "Bộ Khoa học và Công nghệ – Vụ Bưu chính", "Vụ Bưu chính", "ministry", None,
     "Số 18 Nguyễn Du, Phường Hai Bà Trưng, Thành phố Hà Nội", "024 3943 7090"),
]

#: username, full name, role, organisation key.
USERS: list[tuple[str, str, str, str]] = [
    ("clerk.vnpost", "Nguyễn Thị Thu Hà", "firm_clerk", "vnpost"),
    ("security.vnpost", "Trần Văn Hùng", "firm_security", "vnpost"),
    ("clerk.viettelpost", "Lê Thị Ngọc Ánh", "firm_clerk", "viettelpost"),
    ("security.viettelpost", "Phạm Quốc Bảo", "firm_security", "viettelpost"),
    ("clerk.ghn", "Đỗ Minh Châu", "firm_clerk", "ghn"),
    ("security.ghn", "Vũ Đức Thắng", "firm_security", "ghn"),
    ("clerk.jt", "Huỳnh Thị Kim Ngân", "firm_clerk", "jt"),
    ("security.jt", "Võ Thành Nhân", "firm_security", "jt"),
    ("police.hn", "Hoàng Văn Nam", "agency_officer", "police.hn"),
    ("anninh.hn", "Trịnh Quốc Khánh", "agency_officer", "anninh.hn"),
    ("qltt.hn", "Bùi Thị Lan Anh", "agency_officer", "qltt.hn"),
    ("customs.hn", "Đặng Quang Minh", "agency_officer", "customs.hn"),
    ("police.hcm", "Nguyễn Hữu Phước", "agency_officer", "police.hcm"),
    ("anninh.hcm", "Mai Thanh Sơn", "agency_officer", "anninh.hcm"),
    ("qltt.hcm", "Trương Thị Mỹ Linh", "agency_officer", "qltt.hcm"),
    ("customs.hcm", "Lâm Gia Huy", "agency_officer", "customs.hcm"),
    ("sokhcn.hn", "Phan Thị Hồng Nhung", "provincial_supervisor", "sokhcn.hn"),
    ("sokhcn.hcm", "Dương Văn Tài", "provincial_supervisor", "sokhcn.hcm"),
    ("bokhcn", "Ngô Thanh Tùng", "national_supervisor", "bokhcn"),
    ("admin", "Lý Thị Phương Thảo", "admin", "bokhcn"),
]

# --- People and places -------------------------------------------------------------------------

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Đinh", "Mai", "Tạ"]
#: (middle names, given names) for men and for women.
NAMES = {
    "m": (["Văn", "Đức", "Hữu", "Minh", "Quang", "Thanh", "Gia", "Công", "Xuân"],
          ["Bình", "Dũng", "Hải", "Hùng", "Hiếu", "Khánh", "Long", "Nam", "Phong", "Quân",
           "Sơn", "Thắng", "Tuấn", "Trung", "Việt", "Cường", "Định", "Lộc"]),
    "f": (["Thị", "Ngọc", "Thu", "Thanh", "Hoài", "Bảo", "Minh", "Kim", "Phương"],
          ["An", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Phương",
           "Tâm", "Thảo", "Trang", "Vy", "Yến", "Nhung", "Oanh"]),
}
#: Mobile prefixes of the Vietnamese networks.
PHONE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "089",
                  "032", "033", "035", "038", "039", "070", "076", "077", "079", "081",
                  "083", "085", "056", "058"]
#: Streets and the communes (phường, xã) they lie in, by province; there is no district level
#: since 1/7/2025.
STREETS: dict[str, list[tuple[str, str]]] = {
    "01": [("Hàng Bạc", "Phường Hoàn Kiếm"), ("Phố Huế", "Phường Hai Bà Trưng"),
           ("Kim Mã", "Phường Giảng Võ"), ("Đội Cấn", "Phường Ngọc Hà"),
           ("Trần Duy Hưng", "Phường Yên Hòa"), ("Xuân Thủy", "Phường Cầu Giấy"),
           ("Hoàng Quốc Việt", "Phường Nghĩa Đô"),
           ("Tôn Đức Thắng", "Phường Văn Miếu - Quốc Tử Giám"),
           ("Giải Phóng", "Phường Bạch Mai"), ("Lạc Long Quân", "Phường Tây Hồ"),
           ("Nguyễn Văn Cừ", "Phường Bồ Đề"), ("Quang Trung", "Phường Hà Đông"),
           ("Nguyễn Trãi", "Phường Thanh Xuân"), ("Tam Trinh", "Phường Hoàng Mai"),
           ("Ngọc Lâm", "Phường Long Biên"), ("Núi Đôi", "Xã Sóc Sơn")],
    "79": [("Lê Lợi", "Phường Bến Thành"), ("Nguyễn Huệ", "Phường Sài Gòn"),
           ("Hai Bà Trưng", "Phường Tân Định"), ("Trần Hưng Đạo", "Phường Cầu Ông Lãnh"),
           ("Nguyễn Trãi", "Phường Chợ Lớn"), ("Xô Viết Nghệ Tĩnh", "Phường Bình Thạnh"),
           ("Phan Đăng Lưu", "Phường Gia Định"), ("Cộng Hòa", "Phường Tân Bình"),
           ("Phan Xích Long", "Phường Cầu Kiệu"), ("Võ Văn Ngân", "Phường Thủ Đức"),
           ("Quang Trung", "Phường Gò Vấp"), ("Nguyễn Thị Thập", "Phường Tân Mỹ"),
           ("Đại lộ Bình Dương", "Phường Thủ Dầu Một"), ("Thùy Vân", "Phường Vũng Tàu")],
    "10": [("Hoàng Liên", "Phường Lào Cai"), ("Nguyễn Huệ", "Phường Cam Đường")],
    "19": [("Lương Ngọc Quyến", "Phường Phan Đình Phùng"),
           ("Cách Mạng Tháng Tám", "Phường Gia Sàng")],
    "20": [("Bà Triệu", "Phường Đông Kinh"), ("Trần Đăng Ninh", "Phường Lương Văn Tri")],
    "22": [("Lê Thánh Tông", "Phường Hồng Gai"), ("Trần Phú", "Phường Móng Cái 1")],
    "27": [("Ngô Gia Tự", "Phường Kinh Bắc"), ("Hoàng Văn Thụ", "Phường Bắc Giang")],
    "31": [("Lạch Tray", "Phường Gia Viên"), ("Tô Hiệu", "Phường Lê Chân")],
    "33": [("Nguyễn Văn Linh", "Phường Phố Hiến"), ("Lý Bôn", "Phường Thái Bình")],
    "37": [("Trần Hưng Đạo", "Phường Hoa Lư"), ("Hàn Thuyên", "Phường Nam Định")],
    "38": [("Lê Lai", "Phường Hạc Thành"), ("Bà Triệu", "Phường Đông Sơn")],
    "40": [("Lê Lợi", "Phường Thành Vinh"), ("Nguyễn Văn Cừ", "Phường Trường Vinh")],
    "45": [("Hùng Vương", "Phường Đồng Hới"), ("Lê Duẩn", "Phường Đông Hà")],
    "48": [("Bạch Đằng", "Phường Hải Châu"), ("Nguyễn Văn Linh", "Phường Thanh Khê")],
    "56": [("Trần Phú", "Phường Nha Trang"), ("Thống Nhất", "Phường Phan Rang")],
    "64": [("Hùng Vương", "Phường Pleiku"), ("Trần Hưng Đạo", "Phường Quy Nhơn")],
    "66": [("Lê Duẩn", "Phường Buôn Ma Thuột"), ("Nguyễn Huệ", "Phường Tuy Hòa")],
    "68": [("Phan Đình Phùng", "Phường Xuân Hương - Đà Lạt"),
           ("Thủ Khoa Huân", "Phường Phan Thiết")],
    "72": [("Hùng Vương", "Phường Long An"), ("Cách Mạng Tháng Tám", "Phường Tân Ninh")],
    "75": [("Phạm Văn Thuận", "Phường Trấn Biên"), ("Hùng Vương", "Phường Đồng Xoài")],
    "86": [("Phạm Thái Bường", "Phường Long Châu"), ("Đồng Khởi", "Phường Bến Tre")],
    "87": [("Nguyễn Huệ", "Phường Cao Lãnh"), ("Ấp Bắc", "Phường Mỹ Tho")],
    "89": [("Tôn Đức Thắng", "Phường Long Xuyên"), ("Nguyễn Trung Trực", "Phường Rạch Giá")],
    "92": [("Đường 30 Tháng 4", "Phường Ninh Kiều"), ("Trần Hưng Đạo", "Phường Sóc Trăng")],
}
#: Foreign parties by country: name, phone, address.
FOREIGN: dict[str, list[tuple[str, str, str]]] = {
    "CN": [("Zhang Wei", "+86 138 2745 6610",
            "Room 1203, 88 Huanshi Road, Yuexiu, Guangzhou, China"),
           ("Li Na", "+86 159 7713 2048",
            "No. 15 Minzhu Road, Qingxiu, Nanning, Guangxi, China"),
           ("Chen Jie", "+86 137 9021 4586", "Building 6, 1288 Chouzhou North Road, Yiwu, China"),
           ("Wang Fang", "+86 186 6630 1172",
            "No. 72 Huaqiang North Road, Futian, Shenzhen, China")],
    "US": [("Michael Nguyen", "+1 714 555 0142",
            "10212 Westminster Ave, Garden Grove, CA 92843, USA"),
           ("Jennifer Tran", "+1 408 555 0187", "1710 Story Rd, San Jose, CA 95122, USA")],
    "JP": [("Tanaka Hiroshi", "+81 90 3321 7745",
            "2-14-5 Okubo, Shinjuku-ku, Tokyo 169-0072, Japan")],
    "KR": [("Kim Min-jun", "+82 10 4412 9083", "45 Itaewon-ro, Yongsan-gu, Seoul, Korea")],
    "TH": [("Somchai Wongsawat", "+66 81 245 7719",
            "99/12 Sukhumvit Soi 22, Khlong Toei, Bangkok, Thailand")],
    "KH": [("Sok Dara", "+855 12 845 336", "No. 27 Street 271, Tuol Kork, Phnom Penh, Cambodia")],
    "AU": [("Peter Hoang", "+61 412 555 083", "34 John Street, Cabramatta NSW 2166, Australia")],
    "FR": [("Camille Laurent", "+33 6 12 45 78 90", "18 rue de la Roquette, 75011 Paris, France")],
    "SG": [("Tan Wei Ming", "+65 9123 4471",
            "Blk 215 Ang Mo Kio Ave 1, #05-112, Singapore 560215")],
}

#: Where each firm accepts items: domestic counters, and its international exchange office.
OFFICES: dict[str, tuple[list[str], str]] = {
    "vnpost": (["Bưu cục Trung tâm Hà Nội", "Bưu cục Cầu Giấy", "Bưu cục Hà Đông",
                "Bưu cục Giáp Bát", "Bưu cục Long Biên"], "Bưu cục Ngoại dịch Hà Nội"),
    "ghn": (["Bưu cục GHN Cầu Giấy", "Bưu cục GHN Thanh Xuân", "Kho phân loại GHN Hà Nội"], ""),
    "viettelpost": (["Bưu cục Viettel Post Tân Bình", "Bưu cục Viettel Post Gò Vấp",
                     "Bưu cục Viettel Post Thủ Đức", "Bưu cục Viettel Post Chợ Lớn"],
                    "Bưu cục Quốc tế Viettel Post Tân Sơn Nhất"),
    "jt": (["Bưu cục J&T Bình Thạnh", "Bưu cục J&T Gò Vấp", "Trung tâm phân loại J&T Củ Chi"],
           ""),
}

# --- Texts of the workflow steps ---------------------------------------------------------------

NOTES: dict[str, list[str]] = {
    "refer": ["Đề nghị tiếp nhận, kiểm tra bưu gửi nghi vấn theo Điều 14 Luật Bưu chính.",
              "Chuyển hồ sơ; bưu gửi đã dừng vận chuyển và đang lưu giữ tại bưu cục, đề nghị "
              "đơn vị xác minh, xử lý theo thẩm quyền.",
              "Bưu gửi đã dừng vận chuyển và niêm phong; đề nghị phối hợp kiểm tra."],
    "route": ["Sở KH&CN chuyển hồ sơ đến đơn vị có thẩm quyền theo lĩnh vực quản lý."],
    "accept": ["Đã tiếp nhận hồ sơ, cử cán bộ đến bưu cục kiểm tra.", "Tiếp nhận; lập biên bản "
               "kiểm tra bưu gửi cùng đại diện doanh nghiệp."],
    "decline": ["Hàng hóa nghi vấn không thuộc lĩnh vực quản lý của đơn vị; đề nghị chuyển đơn vị "
                "có thẩm quyền."],
    "transfer": ["Vụ việc có dấu hiệu thuộc thẩm quyền của đơn vị khác; chuyển hồ sơ để xử lý theo "
                 "thẩm quyền."],
    "request_info": ["Đề nghị doanh nghiệp cung cấp ảnh chụp bưu gửi, phiếu gửi có chữ ký người "
                     "gửi và trích xuất camera tại quầy giao dịch."],
    "answer_info": ["Đã gửi bổ sung ảnh chụp bưu gửi, bản sao phiếu gửi và dữ liệu camera quầy "
                    "giao dịch ngày chấp nhận."],
    "withdraw": ["Báo nhầm: người gửi xuất trình đủ hóa đơn, chứng từ hợp lệ; bưu gửi tiếp tục "
                 "chuyển phát.", "Báo nhầm: kiểm tra lại cùng người gửi, hàng hóa đúng nội dung "
                 "khai báo, không thuộc danh mục cấm."],
    "reopen": ["Phát hiện thêm bưu gửi cùng người gửi có dấu hiệu tương tự; mở lại để xác minh "
               "đường dây.", "Cơ quan chức năng đề nghị bổ sung hồ sơ; mở lại để chuyển xử lý "
               "tiếp."],
}
CLOSE_NOTES = {
    "released": "Bưu gửi đã được tiếp tục chuyển phát cho người nhận.",
    "returned": "Đã chuyển hoàn bưu gửi cho người gửi theo kết luận.",
    "handed_over": "Đã bàn giao bưu gửi và tang vật cho cơ quan chức năng theo biên bản.",
    "confiscated": "Tang vật đã bàn giao theo quyết định tịch thu; lưu biên bản bàn giao.",
    "destroyed": "Tang vật đã được tiêu hủy theo quyết định; lưu biên bản tiêu hủy.",
}
CLEAR_NOTE = "Kiểm tra không phát hiện vi phạm; hàng hóa có hóa đơn, chứng từ hợp lệ."

#: By category: outcome, disposition, fine range in million VND (None for a criminal case or no
#: violation), legal basis, conclusion note.
CONCLUSIONS: dict[str, tuple[str, str, tuple[int, int] | None, str, str]] = {
    "C1": ("violation", "handed_over", None, "Bộ luật Hình sự 2015, Điều 249, 250",
           "Kết quả giám định xác định chất ma túy; khởi tố vụ án hình sự."),
    "C2": ("violation", "confiscated", (10, 20), "Nghị định 144/2021/NĐ-CP, Điều 11",
           "Vận chuyển trái phép vũ khí thô sơ, công cụ hỗ trợ; tịch thu tang vật."),
    "C3": ("violation", "destroyed", (10, 20), "Nghị định 144/2021/NĐ-CP, Điều 11; Nghị định "
           "137/2020/NĐ-CP", "Vận chuyển trái phép pháo nổ; tịch thu và tiêu hủy."),
    "C4": ("violation", "handed_over", (20, 40), "Luật Hóa chất; Nghị định 71/2019/NĐ-CP, Điều 28",
           "Vận chuyển hóa chất độc không đúng quy định; bàn giao tang vật."),
    "C6": ("violation", "handed_over", None, "Luật Bảo vệ bí mật nhà nước 2018; Bộ luật Hình sự, "
           "Điều 337", "Tài liệu mang độ mật; khởi tố vụ án."),
    "C7": ("violation", "destroyed", (5, 10), "Nghị định 38/2021/NĐ-CP, Điều 10",
           "Văn hóa phẩm có nội dung đồi trụy; tịch thu, tiêu hủy."),
    "C8": ("violation", "destroyed", (10, 40), "Nghị định 98/2020/NĐ-CP, Điều 11",
           "Giám định xác định hàng giả mạo nhãn hiệu; xử phạt và tiêu hủy tang vật."),
    "C9": ("violation", "confiscated", (5, 30), "Nghị định 98/2020/NĐ-CP, Điều 17",
           "Hàng hóa nhập lậu, không có hóa đơn chứng từ; tịch thu."),
    "C10": ("violation", "handed_over", None, "Bộ luật Hình sự 2015, Điều 244; Nghị định "
            "06/2019/NĐ-CP", "Mẫu vật động vật hoang dã nguy cấp; khởi tố vụ án."),
    "C11": ("violation", "confiscated", (20, 40), "Nghị định 88/2019/NĐ-CP, Điều 23",
            "Vận chuyển ngoại tệ tiền mặt trái quy định qua bưu chính; tịch thu."),
    "C13": ("violation", "destroyed", (15, 30), "Nghị định 31/2023/NĐ-CP",
            "Thuốc bảo vệ thực vật, thuốc thú y cấm lưu hành; tiêu hủy."),
    "C14": ("violation", "confiscated", (20, 50), "Nghị định 128/2020/NĐ-CP, Điều 14",
            "Hàng hóa thuộc danh mục cấm nhập khẩu; tịch thu."),
    "C15": ("no_violation", "returned", None, "",
            "Hàng hóa nước nhận cấm nhập khẩu; không vi phạm pháp luật Việt Nam, chuyển hoàn."),
    "C16": ("violation", "handed_over", (5, 10), "Luật Thú y 2015; Nghị định 128/2020/NĐ-CP",
            "Sinh vật sống không có giấy phép kiểm dịch; bàn giao cơ quan kiểm dịch."),
    "C17": ("violation", "returned", (5, 10), "Luật Bưu chính, Điều 12; Nghị định 174/2026/NĐ-CP",
            "Bưu gửi chứa nhiều bưu gửi gửi nhiều địa chỉ; xử phạt, chuyển hoàn."),
}

# --- The schedule ------------------------------------------------------------------------------

#: Named paths; any other path in CASES is spelled out step by step (see demo.STEPS).
PATHS = {
    "draft": "", "flagged": "submit", "withdrawn": "submit withdraw", "referred": "submit refer",
    "investigating": "submit refer accept", "concluded": "submit refer accept resolve",
    "closed": "submit refer accept resolve close", "cleared": "submit refer accept clear close",
}
#: How many days ago an item was stopped, by the last step of its path.
AGE_DAYS = {"": (0.1, 5), "submit": (0.5, 12), "withdraw": (2, 80), "refer": (0.1, 2.5),
            "route": (0.3, 3), "transfer": (1, 3), "decline": (1, 6), "accept": (3, 25),
            "ask": (5, 20), "answer": (8, 30), "resolve": (10, 45), "clear": (10, 45),
            "close": (20, 88), "reopen": (40, 88)}
#: Hours from the previous step to this one.
GAP_HOURS = {"submit": (0.2, 1.5), "withdraw": (1, 12), "refer": (0.5, 6), "route": (4, 30),
             "accept": (0.5, 20), "decline": (2, 20), "transfer": (2, 20), "ask": (24, 96),
             "answer": (3, 30), "resolve": (48, 240), "clear": (24, 120), "close": (24, 72),
             "reopen": (72, 240)}

# --- The items ---------------------------------------------------------------------------------


class Item(NamedTuple):
    """One demo case: who stopped what, and the path it takes through the workflow."""

    firm: str
    #: A name in PATHS or a literal list of steps, e.g. "submit refer:police+customs".
    path: str
    categories: str
    #: origin>destination, each a province code ("01") or a country code ("CN").
    route: str
    #: How it was found: a DetectionMethod value.
    detection: str
    #: Declared value in VND, and weight in kg.
    value: int
    kg: float
    declared: str
    description: str


CASES: list[Item] = [
    # closed
    Item("vnpost", "closed", "C8", "CN>01", "xray", 3_200_000, 4.2, "Mỹ phẩm dưỡng da",
         "Soi chiếu thấy 48 hộp kem dưỡng mang nhãn Sulwhasoo, Ohui, không tem nhập khẩu, bao bì "
         "in lỗi; nghi hàng giả."),
    Item("viettelpost", "closed", "C9", "79>92", "dong_kiem", 2_000_000, 6.5, "Bánh kẹo",
         "Đồng kiểm phát hiện 30 cây thuốc lá điếu Jet, Hero không có tem thuốc lá nhập khẩu."),
    Item("ghn", "closed", "C1", "01>31", "xray", 800_000, 1.3, "Giày thể thao",
         "Soi chiếu thấy 3 gói tinh thể màu trắng giấu trong đế giày, nghi ma túy đá "
         "(methamphetamine)."),
    Item("jt", "closed", "C3", "79>86", "visual", 1_500_000, 9.0, "Đồ chơi trẻ em",
         "Bưu gửi có mùi thuốc súng; kiểm tra thấy 12 dàn pháo hoa nổ loại 36 ống không rõ nguồn "
         "gốc."),
    Item("vnpost",
         "submit refer:police+customs accept:police accept:customs resolve:police "
         "resolve:customs close", "C10", "01>CN", "xray", 500_000, 2.4, "Hàng thủ công mỹ nghệ",
         "Soi chiếu thấy 2 kg vảy nghi vảy tê tê đóng trong hộp gỗ khai là đồ mỹ nghệ."),
    Item("viettelpost", "cleared", "C9", "79>56", "dong_kiem", 6_000_000, 5.0,
         "Thực phẩm chức năng",
         "40 hộp thực phẩm chức năng nhãn tiếng nước ngoài, không thấy nhãn phụ tiếng Việt."),
    Item("vnpost",
         "submit refer:police+customs decline:police accept:customs resolve:customs close", "C11",
         "01>US", "xray", 700_000, 1.8, "Quà tặng, bánh kẹo",
         "Soi chiếu thấy 15.000 USD tiền mặt giấu trong hộp bánh trung thu, không khai báo."),
    Item("jt", "closed", "C8", "79>01", "tip_off", 4_000_000, 7.5, "Túi xách thời trang",
         "20 túi xách mang nhãn Louis Vuitton, Gucci, chất liệu giả da, nghi giả mạo nhãn hiệu."),
    Item("ghn", "closed", "C2", "01>38", "xray", 1_200_000, 3.1, "Dụng cụ nhà bếp",
         "Soi chiếu thấy 6 dao găm, 2 bình xịt hơi cay và 1 dùi cui điện."),
    Item("vnpost", "closed", "C15 C16", "01>AU", "dong_kiem", 900_000, 3.6, "Quà quê",
         "Đồng kiểm thấy hạt giống, cây giống còn sống và thịt bò khô; Úc cấm nhập khẩu các mặt "
         "hàng này."),
    Item("viettelpost", "closed", "C13", "79>89", "dong_kiem", 2_400_000, 12.0, "Phân bón lá",
         "24 chai thuốc trừ cỏ chứa Paraquat, nhãn tiếng Trung, đã bị cấm lưu hành."),
    Item("jt", "closed", "C7", "79>48", "damaged", 600_000, 2.2, "Sách, truyện",
         "Bưu gửi bị rách; bên trong có 120 đĩa DVD và 15 USB chứa phim có nội dung đồi trụy."),
    Item("vnpost",
         "submit refer:customs accept:customs ask:customs answer:customs resolve:customs close",
         "C14", "CN>01", "customs_risk", 8_500_000, 4.8, "Linh kiện điện tử",
         "Hồ sơ rủi ro hải quan: 35 bo mạch điện thoại đã qua sử dụng, thuộc danh mục cấm nhập "
         "khẩu."),
    # concluded
    Item("vnpost", "concluded", "C8", "01>48", "xray", 3_000_000, 2.0, "Đồng hồ đeo tay",
         "15 đồng hồ mang nhãn Rolex, Omega, đóng hộp giấy, không có thẻ bảo hành; nghi hàng "
         "giả."),
    Item("viettelpost",
         "submit refer:police+customs accept:police accept:customs resolve:customs "
         "resolve:police", "C1", "US>79", "dog", 1_100_000, 0.9, "Vitamin tổng hợp",
         "Chó nghiệp vụ phát hiện; 300 viên nén nhiều màu giấu trong lọ vitamin, nghi thuốc lắc "
         "(MDMA)."),
    Item("ghn", "concluded", "C17", "01>40", "visual", 2_500_000, 4.0, "Hàng tiêu dùng",
         "Một bưu gửi chứa 25 gói nhỏ, mỗi gói ghi một địa chỉ người nhận khác nhau."),
    Item("jt", "submit refer accept ask answer resolve", "C9", "79>72", "xray", 2_000_000, 3.4,
         "Phụ kiện điện thoại",
         "20 điện thoại iPhone xách tay còn nguyên hộp, không hóa đơn chứng từ."),
    Item("vnpost", "concluded", "C4", "01>10", "damaged", 400_000, 2.3, "Hóa chất tẩy rửa",
         "Bưu gửi rò rỉ; 2 kg bột trắng dán nhãn natri xyanua, nghi dùng khai thác vàng trái "
         "phép."),
    Item("viettelpost", "submit refer:qltt transfer:qltt>police accept:police resolve:police",
         "C10", "79>CN", "xray", 1_500_000, 3.0, "Nấm linh chi khô",
         "Soi chiếu thấy 3 khúc sừng nghi sừng tê giác lẫn trong nấm linh chi."),
    Item("ghn", "submit refer accept clear", "C8", "01>27", "tip_off", 9_000_000, 8.0,
         "Giày thể thao", "18 đôi giày mang nhãn Nike giá thấp bất thường; nghi hàng giả."),
    # investigating
    Item("vnpost", "submit refer accept ask", "C11", "01>79", "xray", 0, 0.2, "Tài liệu",
         "Soi chiếu thấy 50 tờ tiền polymer mệnh giá 500.000 đồng trùng số sê-ri, nghi tiền giả."),
    Item("viettelpost", "investigating", "C8", "CN>79", "customs_risk", 5_000_000, 6.0,
         "Ốp lưng điện thoại", "200 tai nghe mang nhãn AirPods đóng gói sơ sài; nghi hàng giả."),
    Item("ghn", "investigating", "C2", "01>20", "xray", 1_000_000, 3.5, "Đồ chơi",
         "Soi chiếu thấy 2 khẩu súng tự chế bắn đạn bi thép và 500 viên đạn bi."),
    Item("jt", "submit refer:qltt+police accept:qltt", "C1 C9", "79>68", "dong_kiem", 4_500_000,
         3.2, "Thuốc lá điện tử",
         "40 thiết bị thuốc lá điện tử và 60 lọ tinh dầu, một số lọ có mùi nghi cần sa."),
    Item("vnpost", "investigating", "C3", "01>66", "xray", 600_000, 2.6, "Phụ tùng máy",
         "Soi chiếu thấy 12 kíp nổ điện và khoảng 2 kg thuốc nổ công nghiệp."),
    Item("viettelpost", "investigating", "C13", "79>87", "dong_kiem", 3_500_000, 4.5, "Thuốc thú y",
         "50 lọ kháng sinh thú y chứa Chloramphenicol, nhãn tiếng nước ngoài, cấm dùng trong "
         "chăn nuôi."),
    Item("jt", "submit refer accept resolve close reopen route accept", "C10", "79>01", "dog",
         1_200_000, 5.6, "Đồ khô",
         "5 kg vảy nghi vảy tê tê và 2 móng nghi móng hổ trong túi hạt điều."),
    Item("vnpost", "investigating", "C15", "01>JP", "dong_kiem", 800_000, 3.8, "Thực phẩm khô",
         "Đồng kiểm thấy 3 kg thịt bò khô, lạp xưởng; Nhật Bản cấm nhập khẩu sản phẩm thịt qua "
         "bưu chính."),
    Item("ghn", "investigating", "C1", "01>92", "dog", 500_000, 0.6, "Mỹ phẩm",
         "200 g nụ hoa khô có mùi hắc, nghi cần sa, đóng trong hộp mỹ phẩm."),
    # referred
    Item("vnpost", "submit route", "C8", "01>79", "xray", 2_500_000, 2.1, "Mỹ phẩm",
         "120 thỏi son mang nhãn MAC, Dior, không tem nhãn phụ; nghi hàng giả."),
    Item("viettelpost", "referred", "C2", "79>64", "xray", 900_000, 2.7, "Đồ gia dụng",
         "Soi chiếu thấy 8 dao bấm, 3 dao phóng và 1 súng bắn điện cầm tay."),
    Item("ghn", "submit refer:police decline:police route:qltt", "C8", "01>37", "visual", 3_000_000,
         6.2, "Quần áo", "60 áo thể thao mang nhãn Adidas, Puma, tem mác in lỗi; nghi hàng giả."),
    Item("jt", "referred", "C9", "79>45", "dong_kiem", 5_400_000, 14.0, "Nước giải khát",
         "18 chai rượu Chivas, Johnnie Walker không có tem rượu nhập khẩu."),
    Item("vnpost", "submit refer:police accept:police transfer:police>customs", "C14", "KR>01",
         "customs_risk", 2_800_000, 1.1, "Thực phẩm bổ sung",
         "600 viên giảm cân, kết quả test nhanh dương tính sibutramine; thuốc cấm nhập khẩu."),
    Item("viettelpost", "referred", "C16", "TH>79", "visual", 1_000_000, 1.9, "Hàng mẫu",
         "Bưu gửi có động tĩnh; 12 con rắn cảnh còn sống đựng trong túi vải."),
    Item("jt", "referred", "C6", "79>01", "damaged", 0, 0.25, "Tài liệu",
         "Phong bì rách, bên trong có tài liệu đóng dấu “MẬT” của cơ quan nhà nước."),
    # flagged
    Item("vnpost", "flagged", "C8", "CN>01", "customs_risk", 1_800_000, 9.5, "Quần áo",
         "60 áo khoác mang nhãn The North Face giá khai báo thấp bất thường; nghi hàng giả."),
    Item("viettelpost", "flagged", "C9", "79>92", "xray", 3_000_000, 1.5, "Hàng điện tử",
         "10 thiết bị định vị GPS không nhãn mác, không rõ nguồn gốc."),
    Item("ghn", "flagged", "C3", "01>33", "xray", 1_400_000, 7.0, "Mỹ phẩm dạng xịt",
         "24 bình gas mini và 30 chai xịt dễ cháy đóng lẫn trong thùng mỹ phẩm."),
    Item("jt", "submit refer:qltt decline:qltt", "C17", "79>75", "visual", 2_700_000, 5.2,
         "Hàng may mặc", "Một thùng chứa 18 túi nhỏ dán 18 địa chỉ người nhận khác nhau."),
    Item("vnpost", "submit refer accept resolve close reopen:national", "C8", "01>31", "tip_off",
         2_200_000, 4.4, "Phụ kiện thời trang",
         "30 thắt lưng mang nhãn Hermès, Gucci; nghi hàng giả."),
    Item("viettelpost", "flagged", "C11", "79>AU", "xray", 600_000, 1.4, "Bánh trung thu",
         "Soi chiếu thấy 3 lượng vàng miếng giấu trong hộp bánh trung thu."),
    # draft
    Item("vnpost", "draft", "C8", "01>56", "visual", 1_000_000, 0.8, "Son môi",
         "50 thỏi son mang nhãn Chanel, nghi hàng giả."),
    Item("viettelpost", "draft", "C1", "KH>79", "dog", 300_000, 1.0, "Thuốc nam",
         "Bột thảo dược có mùi lạ, nghi trộn chất ma túy."),
    Item("ghn", "draft", "C9", "01>19", "xray", 5_000_000, 11.0, "Pin sạc dự phòng",
         "100 pin sạc dự phòng không nhãn mác, không rõ nguồn gốc."),
    Item("jt", "draft", "C13", "79>86", "dong_kiem", 800_000, 6.0, "Phân bón",
         "20 gói thuốc diệt cỏ nhãn tiếng Trung, nghi chứa hoạt chất cấm."),
    # withdrawn
    Item("vnpost", "withdrawn", "C11", "01>FR", "xray", 1_500_000, 0.7, "Tiền lưu niệm",
         "Soi chiếu thấy nhiều đồng xu kim loại, nghi vận chuyển kim khí quý."),
    Item("viettelpost", "withdrawn", "C8", "79>01", "visual", 6_000_000, 2.0, "Nước hoa",
         "12 chai nước hoa mang nhãn Dior giá thấp; nghi hàng giả."),
    Item("ghn", "withdrawn", "C2", "01>37", "xray", 3_500_000, 2.5, "Dụng cụ nhà bếp",
         "Soi chiếu thấy bộ 7 dao dài, nghi dao găm."),
    Item("jt", "withdrawn", "C3", "79>75", "visual", 450_000, 1.6, "Nến thơm",
         "Bưu gửi có mùi hóa chất mạnh, nghi chất dễ cháy."),
    Item("vnpost", "withdrawn", "C10", "01>JP", "visual", 2_000_000, 0.4, "Đồ mỹ nghệ",
         "Vòng tay màu trắng ngà, nghi chế tác từ ngà voi."),
    Item("viettelpost", "withdrawn", "C16", "79>SG", "dong_kiem", 400_000, 0.5, "Hạt giống",
         "Đồng kiểm thấy hạt giống rau, nghi sinh vật sống không có giấy phép."),
]
