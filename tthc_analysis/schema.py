"""The canonical dossier schema (hồ sơ), and feedback schema (PAKN), DESIGN §4.1 and §4.4.

Exports come with the national portal's field names (``MaHoSo``) or with the usual
Vietnamese headers of Excel exports (``Mã hồ sơ``); both are matched case- and
accent-insensitively (see :func:`tthc_analysis.text.fold`) and mapped to one
canonical, English column name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import fold


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, the kind of value and the headers it accepts."""

    name: str
    kind: str  # "text", "date", "code", "flag"
    portal: str  # the national portal's field name
    headers: tuple[str, ...]  # usual Vietnamese headers
    required: bool = False
    label: str = ""  # Vietnamese label for messages
    allow_empty: bool = True  # False: every row must have a value


    def keys(self) -> dict[str, int]:
        """Folded header texts this column accepts, with their rank (0 best: the portal name)."""
        ranked = {fold(self.portal): 0}
        for rank, header in enumerate(self.headers, start=1):
            ranked.setdefault(fold(header), rank)
        return ranked


DOSSIER_COLUMNS: tuple[Column, ...] = (
    Column("dossier_id", "text", "MaHoSo", ("Mã hồ sơ", "Số hồ sơ"), True, "Mã hồ sơ"),
    Column("procedure_code", "text", "MaTTHC", ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"), label="Mã thủ tục"),
    Column("procedure_name", "text", "TenTTHC", ("Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính", "Thủ tục"), label="Tên thủ tục"),
    Column("field_code", "text", "MaLinhVuc", ("Mã lĩnh vực",), label="Mã lĩnh vực"),
    Column("field_name", "text", "TenLinhVuc", ("Lĩnh vực", "Tên lĩnh vực"), label="Lĩnh vực"),
    # Not required: many systems' case lists have no channel; Biểu 06a (4) and (5) are then not known.
    Column("channel", "code", "KenhThucHien", ("Kênh nộp", "Hình thức nộp", "Kênh thực hiện", "Hình thức tiếp nhận",
                                               "Loại tiếp nhận", "Kênh tiếp nhận", "Hình thức nộp hồ sơ",
                                               "Kênh nộp hồ sơ"), label="Kênh nộp"),
    Column("received", "date", "NgayTiepNhan", ("Ngày tiếp nhận", "Ngày nhận", "Ngày tiếp nhận hồ sơ", "Ngày giờ tiếp nhận"),
           True, "Ngày tiếp nhận", allow_empty=False),
    Column("due", "date", "NgayHenTra", ("Ngày hẹn trả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả kết quả", "Hạn trả kết quả",
                                         "Ngày giờ hẹn trả"), True, "Ngày hẹn trả"),
    # Earlier headers win: e-par's lists have only "Ngày trả thực tế" (handed back), which its
    # own reports count as finished; where "Ngày kết thúc xử lý" is there too, it is used.
    Column("finished", "date", "NgayKetThucXuLy", ("Ngày kết thúc xử lý", "Ngày có kết quả", "Ngày hoàn thành",
                                                   "Ngày hoàn thành xử lý", "Ngày trả thực tế"), True, "Ngày kết thúc xử lý"),
    Column("status", "code", "TrangThaiHoSo", ("Trạng thái", "Trạng thái hồ sơ", "Tình trạng", "Tình trạng hồ sơ",
                                               "Trạng thái xử lý"), True, "Trạng thái"),
    Column("unit", "text", "DonViXuLy", ("Đơn vị xử lý", "Cơ quan xử lý", "Đơn vị"), label="Đơn vị xử lý"),
    Column("system", "code", "NguonHeThong", ("Hệ thống", "Nguồn hệ thống", "Nguồn"), label="Hệ thống"),
    Column("has_fee", "flag", "CoPhi", ("Có phí, lệ phí", "Có phí", "Phí, lệ phí"), label="Có phí, lệ phí"),
    Column("paid_online", "code", "DuocThanhToanTrucTuyen", ("Thanh toán trực tuyến", "Đã thanh toán trực tuyến"), label="Thanh toán trực tuyến"),
    Column("digitised", "flag", "HoSoCoThanhPhanSoHoa", ("Số hóa hồ sơ", "Số hoá hồ sơ", "Hồ sơ số hóa"), label="Số hóa hồ sơ"),
    Column("e_result", "flag", "CoKetQuaDienTu", ("Kết quả điện tử", "Có kết quả điện tử"), label="Kết quả điện tử"),
    Column("reused", "flag", "DuocTaiSuDung", ("Tái sử dụng dữ liệu", "Tái sử dụng", "Được tái sử dụng"), label="Tái sử dụng dữ liệu"),
)

FEEDBACK_COLUMNS: tuple[Column, ...] = (
    Column("feedback_id", "text", "MaPAKN", ("Mã phản ánh", "Mã PAKN", "Mã phản ánh kiến nghị", "Mã"), True, "Mã phản ánh"),
    Column("title", "text", "TieuDe", ("Tiêu đề", "Nội dung"), label="Tiêu đề"),
    Column("received", "date", "NgayTiepNhan", ("Ngày tiếp nhận", "Ngày nhận", "Ngày tiếp nhận hồ sơ"), True, "Ngày tiếp nhận", allow_empty=False),
    Column("due", "date", "HanXuLy", ("Hạn xử lý", "Ngày hẹn trả", "Hạn trả lời"), True, "Hạn xử lý"),
    Column("finished", "date", "NgayXuLy", ("Ngày xử lý", "Ngày kết thúc xử lý", "Ngày trả lời", "Ngày hoàn thành"), True, "Ngày xử lý"),
    Column("status", "text", "TrangThai", ("Trạng thái",), label="Trạng thái"),
)

# TrangThaiHoSo codes (DESIGN §4.1).
STATUS_NAMES: dict[int, str] = {
    1: "mới đăng ký",
    2: "được tiếp nhận",
    3: "không được tiếp nhận",
    4: "đang xử lý",
    5: "yêu cầu bổ sung",
    6: "yêu cầu nghĩa vụ tài chính",
    7: "công dân rút hồ sơ",
    8: "dừng xử lý",
    9: "đã xử lý xong",
    10: "đã trả kết quả",
}
NOT_RECEIVED_STATUSES = frozenset({1, 3})  # never part of Biểu 06a
WAITING_SUPPLEMENT = 5  # in progress but on time whatever the due date
WITHDRAWN = 7  # resolved on time whatever the dates
FINISHED_STATUSES = frozenset({9, 10})  # must carry a finish date

# KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích; empty means 1.
CHANNEL_DIRECT, CHANNEL_ONLINE, CHANNEL_POSTAL = 1, 2, 3
CHANNEL_NAMES = {1: "trực tiếp", 2: "trực tuyến", 3: "bưu chính công ích"}

# Codes written out in words, as real systems print them: a cell is read as the code of the
# longest phrase its folded text contains (accent-, case- and punctuation-insensitive), so
# "Không được tiếp nhận" is 3, not 2. The sources of each phrase are in docs/inputs.md.
STATUS_PHRASES: dict[str, int] = {
    **{name: code for code, name in STATUS_NAMES.items()},
    # 1 mới đăng ký: submitted online, not yet received
    "hồ sơ đăng ký mới": 1, "chờ tiếp nhận": 1, "chờ tiếp nhận trực tuyến": 1, "chờ xác nhận": 1,
    # 2 được tiếp nhận
    "đã tiếp nhận": 2, "mới tiếp nhận": 2, "vừa tiếp nhận": 2, "chờ xử lý": 2,
    # 3 không được tiếp nhận (e-par's "Bị từ chối" is a refusal at the counter, with its date)
    "không tiếp nhận": 3, "từ chối tiếp nhận": 3, "bị từ chối": 3, "đã từ chối": 3, "đã từ chôi": 3,
    # 4 đang xử lý
    "đang thụ lý": 4, "đang giải quyết": 4, "đang trình ký": 4, "chờ ký duyệt": 4, "đã ký": 4,
    "chuyển phòng chuyên môn": 4, "liên thông": 4, "hoàn thành bổ sung": 4,
    # 5 yêu cầu bổ sung (also a supplement sent back and not yet accepted)
    "yêu cầu bổ sung giấy tờ": 5, "chờ bổ sung": 5, "yêu cầu công dân bổ sung": 5, "yêu cầu một cửa bổ sung": 5,
    "công dân đã gửi bổ sung": 5, "đã bổ sung chờ tiếp nhận": 5, "chờ bổ sung tiếp nhận": 5,
    # 6 yêu cầu nghĩa vụ tài chính ("Tạm dừng": e-par's pause for a supplement or for tax; 6 lets the dates decide)
    "nghĩa vụ tài chính": 6, "tạm dừng": 6,
    # 7 công dân rút hồ sơ
    "rút hồ sơ": 7, "công dân rút": 7, "xin rút": 7,
    # 8 dừng xử lý
    "không xử lý được": 8,
    # 9 đã xử lý xong
    "chờ trả kết quả": 9, "chờ trả kq": 9,
    # 10 đã trả kết quả
    "đã trả kq": 10,
}
# The national portal's (and OpenCPS') status codes in English, matched as the whole cell.
STATUS_CODES_EN: dict[str, int] = {
    "receiving": 1, "new": 2, "denied": 3, "processing": 4, "interoperating": 4, "waiting": 5, "paying": 6,
    "cancelled": 7, "unresolved": 8, "releasing": 9, "done": 10,
}
STATUS_WORDS = {fold(phrase): code for phrase, code in STATUS_PHRASES.items()}
# KenhThucHien in words ("Nộp trực tuyến", "Qua bưu chính công ích", "Trực tiếp", …).
CHANNEL_PHRASES: dict[str, int] = {
    "trực tuyến": 2, "online": 2, "qua mạng": 2, "dịch vụ công": 2, "cổng dvc": 2, "dvc": 2,
    "bưu chính": 3, "bưu điện": 3, "bcci": 3, "bưu chính công ích": 3,
    "trực tiếp": 1, "tại quầy": 1, "một cửa": 1, "bộ phận tiếp nhận": 1,
}
CHANNEL_WORDS = {fold(phrase): code for phrase, code in CHANNEL_PHRASES.items()}
SYSTEM_CITY, SYSTEM_MINISTRY = "TP", "BO"
SYSTEM_WORDS = {"tp": "TP", "thanhpho": "TP", "tinh": "TP", "bo": "BO", "bonganh": "BO", "hethongbo": "BO"}

# procedures.csv, the city-wide procedure catalogue (DESIGN §4.3).
PROCEDURE_COLUMNS: tuple[Column, ...] = (
    Column("procedure_code", "text", "MaTTHC", ("Mã thủ tục", "Mã TTHC"), True, "Mã thủ tục"),
    Column("procedure_name", "text", "TenTTHC", ("Tên thủ tục", "Tên TTHC"), True, "Tên thủ tục"),
    Column("field_code", "text", "MaLinhVuc", ("Mã lĩnh vực",), label="Mã lĩnh vực"),
    Column("field_name", "text", "TenLinhVuc", ("Lĩnh vực", "Tên lĩnh vực"), label="Lĩnh vực"),
    Column("level", "code", "MucDo", ("Mức độ", "Mức độ DVCTT"), True, "Mức độ"),
    Column("has_fee", "flag", "CoPhi", ("Có phí, lệ phí", "Có phí"), label="Có phí"),
    Column("published", "flag", "CongKhai", ("Công khai",), label="Công khai"),
)
LEVEL_FULL_ONLINE = 4  # "toàn trình"
LEVEL_PARTIAL_ONLINE = 3  # "một phần"
