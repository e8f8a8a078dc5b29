"""The canonical schemas: dossiers (hồ sơ), feedback (PAKN) and the procedure catalogue.

Exports come with the national portal's field names (``MaHoSo``) or with the usual
Vietnamese headers of Excel exports (``Mã hồ sơ``); both are matched case- and
accent-insensitively (see :func:`tthc_analysis.core.text.fold`) and mapped to one
canonical, English column name. Code columns carry their code table (:mod:`.codes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.text import fold
from . import codes as c


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, the kind of value and the headers it accepts."""

    name: str
    kind: str  # "text", "date" or "code"
    portal: str  # the national portal's field name
    headers: tuple[str, ...]  # usual Vietnamese headers, in order of preference
    required: bool = False
    label: str = ""  # Vietnamese label for messages
    allow_empty: bool = True  # False: every row must have a value
    codes: c.Codes | None = None  # a code column's code table

    def keys(self) -> dict[str, int]:
        """Folded header texts this column accepts, with their rank (0 best: the portal name)."""
        ranked = {fold(self.portal): 0}
        for rank, header in enumerate(self.headers, start=1):
            ranked.setdefault(fold(header), rank)
        return ranked


DOSSIER_COLUMNS: tuple[Column, ...] = (
    Column("dossier_id", "text", "MaHoSo", ("Mã hồ sơ", "Số hồ sơ"), True, "Mã hồ sơ"),
    Column("procedure_code", "text", "MaTTHC", ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"), label="Mã thủ tục"),
    Column(
        "procedure_name",
        "text",
        "TenTTHC",
        ("Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính", "Thủ tục"),
        label="Tên thủ tục",
    ),
    Column("field_code", "text", "MaLinhVuc", ("Mã lĩnh vực",), label="Mã lĩnh vực"),
    Column("field_name", "text", "TenLinhVuc", ("Lĩnh vực", "Tên lĩnh vực"), label="Lĩnh vực"),
    # Not required: many systems' case lists have no channel; Biểu 06a (4) and (5) are then not known.
    Column(
        "channel",
        "code",
        "KenhThucHien",
        (
            "Kênh nộp",
            "Hình thức nộp",
            "Kênh thực hiện",
            "Hình thức tiếp nhận",
            "Loại tiếp nhận",
            "Kênh tiếp nhận",
            "Hình thức nộp hồ sơ",
            "Kênh nộp hồ sơ",
        ),
        label="Kênh nộp",
        codes=c.CHANNEL,
    ),
    Column(
        "received",
        "date",
        "NgayTiepNhan",
        ("Ngày tiếp nhận", "Ngày nhận", "Ngày tiếp nhận hồ sơ", "Ngày giờ tiếp nhận"),
        True,
        "Ngày tiếp nhận",
        allow_empty=False,
    ),
    Column(
        "due",
        "date",
        "NgayHenTra",
        ("Ngày hẹn trả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả kết quả", "Hạn trả kết quả", "Ngày giờ hẹn trả"),
        True,
        "Ngày hẹn trả",
    ),
    # Earlier headers win: e-par's lists have only "Ngày trả thực tế" (handed back), which its
    # own reports count as finished; where "Ngày kết thúc xử lý" is there too, it is used.
    Column(
        "finished",
        "date",
        "NgayKetThucXuLy",
        ("Ngày kết thúc xử lý", "Ngày có kết quả", "Ngày hoàn thành", "Ngày hoàn thành xử lý", "Ngày trả thực tế"),
        True,
        "Ngày kết thúc xử lý",
    ),
    Column(
        "status",
        "code",
        "TrangThaiHoSo",
        ("Trạng thái", "Trạng thái hồ sơ", "Tình trạng", "Tình trạng hồ sơ", "Trạng thái xử lý"),
        True,
        "Trạng thái",
        codes=c.STATUS,
    ),
    Column("unit", "text", "DonViXuLy", ("Đơn vị xử lý", "Cơ quan xử lý", "Đơn vị"), label="Đơn vị xử lý"),
    Column("system", "code", "NguonHeThong", ("Hệ thống", "Nguồn hệ thống", "Nguồn"), label="Hệ thống", codes=c.SYSTEM),
    Column(
        "has_fee", "code", "CoPhi", ("Có phí, lệ phí", "Có phí", "Phí, lệ phí"), label="Có phí, lệ phí", codes=c.FLAG
    ),
    Column(
        "paid_online",
        "code",
        "DuocThanhToanTrucTuyen",
        ("Thanh toán trực tuyến", "Đã thanh toán trực tuyến"),
        label="Thanh toán trực tuyến",
        codes=c.PAYMENT,
    ),
    Column(
        "digitised",
        "code",
        "HoSoCoThanhPhanSoHoa",
        ("Số hóa hồ sơ", "Số hoá hồ sơ", "Hồ sơ số hóa"),
        label="Số hóa hồ sơ",
        codes=c.FLAG,
    ),
    Column(
        "e_result",
        "code",
        "CoKetQuaDienTu",
        ("Kết quả điện tử", "Có kết quả điện tử"),
        label="Kết quả điện tử",
        codes=c.FLAG,
    ),
    Column(
        "reused",
        "code",
        "DuocTaiSuDung",
        ("Tái sử dụng dữ liệu", "Tái sử dụng", "Được tái sử dụng"),
        label="Tái sử dụng dữ liệu",
        codes=c.FLAG,
    ),
)

FEEDBACK_COLUMNS: tuple[Column, ...] = (
    Column(
        "feedback_id", "text", "MaPAKN", ("Mã phản ánh", "Mã PAKN", "Mã phản ánh kiến nghị", "Mã"), True, "Mã phản ánh"
    ),
    Column("title", "text", "TieuDe", ("Tiêu đề", "Nội dung"), label="Tiêu đề"),
    Column(
        "received",
        "date",
        "NgayTiepNhan",
        ("Ngày tiếp nhận", "Ngày nhận", "Ngày tiếp nhận hồ sơ"),
        True,
        "Ngày tiếp nhận",
        allow_empty=False,
    ),
    Column("due", "date", "HanXuLy", ("Hạn xử lý", "Ngày hẹn trả", "Hạn trả lời"), True, "Hạn xử lý"),
    Column(
        "finished",
        "date",
        "NgayXuLy",
        ("Ngày xử lý", "Ngày kết thúc xử lý", "Ngày trả lời", "Ngày hoàn thành"),
        True,
        "Ngày xử lý",
    ),
    Column("status", "text", "TrangThai", ("Trạng thái",), label="Trạng thái"),
)

# procedures.csv, the city-wide procedure catalogue (docs/profile.md, docs/counting.md#other-indicators).
PROCEDURE_COLUMNS: tuple[Column, ...] = (
    Column("procedure_code", "text", "MaTTHC", ("Mã thủ tục", "Mã TTHC"), True, "Mã thủ tục"),
    Column("procedure_name", "text", "TenTTHC", ("Tên thủ tục", "Tên TTHC"), True, "Tên thủ tục"),
    Column("field_code", "text", "MaLinhVuc", ("Mã lĩnh vực",), label="Mã lĩnh vực"),
    Column("field_name", "text", "TenLinhVuc", ("Lĩnh vực", "Tên lĩnh vực"), label="Lĩnh vực"),
    Column("level", "code", "MucDo", ("Mức độ", "Mức độ DVCTT"), True, "Mức độ", codes=c.LEVEL),
    Column("has_fee", "code", "CoPhi", ("Có phí, lệ phí", "Có phí"), label="Có phí", codes=c.FLAG),
    Column("published", "code", "CongKhai", ("Công khai",), label="Công khai", codes=c.FLAG),
)

# Headers real exports carry that no count uses, known so that they are not reported as
# headers nobody knows (UNMAPPED_COLUMN): row numbers, the applicant and their contacts, notes,
# who and where, and dates that are deliberately not read (handed back, refused, submitted
# online, handed over: see docs/inputs.md). Matched exactly, after :func:`fold`.
UNUSED_HEADERS: tuple[str, ...] = (
    # row numbers (pandas writes a frame's index to Parquet as "__index_level_0__")
    "STT",
    "TT",
    "Số thứ tự",
    "__index_level_0__",
    # the applicant (names and contacts are never read)
    "Chủ hồ sơ",
    "ChuHoSo",
    "Người nộp",
    "Người nộp hồ sơ",
    "Tên người nộp",
    "Người đăng ký",
    "Họ tên",
    "Họ và tên",
    "Tổ chức, cá nhân",
    "Địa chỉ",
    "Số điện thoại",
    "SoDienThoai",
    "Điện thoại",
    "Email",
    "Fax",
    "Số giấy tờ",
    "SoGiayToChuHoSo",
    "CCCD",
    "CMND",
    "LoaiDoiTuong",
    "MaDoiTuong",
    "ThongTinKhac",
    "TaiKhoanDuocXacThucVoiVNeID",
    # what the dossier is about, notes
    "Trích yếu",
    "TrichYeuHoSo",
    "Nội dung",
    "Ghi chú",
    "GhiChu",
    # who and where (the unit counted is DonViXuLy)
    "Đơn vị tiếp nhận",
    "Nơi nộp hồ sơ",
    "NoiNopHoSo",
    "Cán bộ tiếp nhận",
    "Cán bộ xử lý",
    "Người xử lý",
    # dates and ways deliberately not read: handed back (not the finish), refused, submitted
    # online (not received), handed over to the counter; HinhThuc is how the result is handed back
    "NgayTra",
    "Ngày trả",
    "Ngày trả kết quả",
    "ThongTinTra",
    "HinhThuc",
    "Hình thức nhận kết quả",
    "Hình thức trả kết quả",
    "NgayTuChoi",
    "Ngày từ chối",
    "Ngày giờ từ chối",
    "NgayNopHoSo",
    "Ngày nộp hồ sơ",
    "Ngày nộp",
    "Ngày bàn giao về MC",
    "Ngày bàn giao về một cửa",
)
