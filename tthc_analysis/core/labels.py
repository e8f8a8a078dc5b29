"""Vietnamese labels and phrases shared by tables, checks, charts and reports: one home each.

Keys are the stable keys of indicators.json (``total``, ``on_time`` …); the report's own
sentences live in :mod:`tthc_analysis.report.narrative`.
"""

from __future__ import annotations

from datetime import date

# Biểu 06a columns (3)–(13): short labels for tables, long ones for lists and reconciliation.
BIEU06A_SHORT: dict[str, str] = {
    "total": "(3) Tổng số",
    "online": "(4) Trực tuyến",
    "direct_postal": "(5) Trực tiếp, bưu chính",
    "carried_over": "(6) Từ kỳ trước",
    "resolved": "(7) Đã giải quyết",
    "resolved_early": "(8) Trước hạn",
    "resolved_on_time": "(9) Đúng hạn",
    "resolved_late": "(10) Quá hạn",
    "in_progress": "(11) Đang giải quyết",
    "in_progress_on_time": "(12) Trong hạn",
    "in_progress_overdue": "(13) Quá hạn",
}
BIEU06A_LONG: dict[str, str] = {
    "total": "(3) Tổng số hồ sơ nhận giải quyết",
    "online": "(4) Tiếp nhận trực tuyến",
    "direct_postal": "(5) Tiếp nhận trực tiếp, bưu chính",
    "carried_over": "(6) Từ kỳ trước chuyển sang",
    "resolved": "(7) Đã giải quyết",
    "resolved_early": "(8) Giải quyết trước hạn",
    "resolved_on_time": "(9) Giải quyết đúng hạn",
    "resolved_late": "(10) Giải quyết quá hạn",
    "in_progress": "(11) Đang giải quyết",
    "in_progress_on_time": "(12) Đang giải quyết trong hạn",
    "in_progress_overdue": "(13) Đang giải quyết quá hạn",
}
# The stable keys of Biểu 06a in indicators.json, columns (3) to (13) in order.
BIEU06A_KEYS: tuple[str, ...] = tuple(BIEU06A_SHORT)
# The report's sums of columns.
SUMS: dict[str, str] = {
    "new": "Tiếp nhận mới (4)+(5)",
    "resolved_in_time": "Giải quyết đúng hạn (8)+(9)",
    "overdue": "Quá hạn (10)+(13)",
}
# The headline figures, as the key-figures table and the trends table name them.
FIGURES: dict[str, str] = {
    "total": "Tổng số hồ sơ nhận giải quyết",
    "carried_over": "Kỳ trước chuyển sang",
    "new": "Tiếp nhận mới",
    "resolved": "Đã giải quyết",
    "resolved_in_time": "Giải quyết đúng hạn",
    "in_progress": "Đang giải quyết",
    "overdue": "Quá hạn (đã và đang giải quyết)",
    "overdue_share": "Tỷ lệ quá hạn",
}

RATE_NAMES: tuple[str, ...] = (
    "on_time",
    "online",
    "in_progress",
    "online_payment",
    "digitisation",
    "e_result",
    "reuse",
)
RATE_SHORT: dict[str, str] = {
    "on_time": "Đúng hạn",
    "online": "Trực tuyến",
    "in_progress": "Đang giải quyết",
    "online_payment": "Thanh toán trực tuyến",
    "digitisation": "Số hóa hồ sơ",
    "e_result": "Kết quả điện tử",
    "reuse": "Tái sử dụng dữ liệu",
}
RATE_LONG: dict[str, str] = {
    "on_time": "Tỷ lệ giải quyết đúng hạn",
    "online": "Tỷ lệ hồ sơ trực tuyến",
    "in_progress": "Tỷ lệ hồ sơ đang giải quyết",
    "online_payment": "Tỷ lệ thanh toán trực tuyến",
    "digitisation": "Tỷ lệ số hóa hồ sơ",
    "e_result": "Tỷ lệ cấp kết quả điện tử",
    "reuse": "Tỷ lệ tái sử dụng dữ liệu số hóa",
}

SYSTEMS: dict[str, str] = {"TP": "Hệ thống của tỉnh, thành phố", "BO": "Hệ thống của các bộ"}
CHANNELS: dict[str, str] = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính công ích"}

# Published figures set beside the dossier data (reconciliation), by their flattened key.
RECONCILIATION: dict[str, str] = {
    **BIEU06A_LONG,
    **SUMS,
    "new_by_system.TP": "Tiếp nhận mới trên Hệ thống của tỉnh, thành phố",
    "new_by_system.BO": "Tiếp nhận mới qua hệ thống của các bộ",
    "stated_online.count": "Hồ sơ tiếp nhận trực tuyến (số hồ sơ)",
    "stated_online.of": "Hồ sơ tiếp nhận trực tuyến (trên tổng số)",
    "catalogue.full_online": "TTHC trực tuyến toàn trình",
    "catalogue.partial_online": "TTHC trực tuyến một phần",
    **{f"rates.{name}": f"{label} (%)" for name, label in RATE_LONG.items()},
    "feedback.received": "Phản ánh, kiến nghị tiếp nhận",
    "feedback.resolved": "Phản ánh, kiến nghị đã xử lý",
    "feedback.pending": "Phản ánh, kiến nghị đang xử lý",
}

# QĐ 766/QĐ-TTg (docs/qd766.md): the indicators by code, as the decision and the portal name them.
QD766_GROUPS: dict[str, str] = {
    "1": "Công khai, minh bạch",
    "2": "Tiến độ, kết quả giải quyết",
    "3": "Cung cấp dịch vụ trực tuyến",
    "4": "Số hóa hồ sơ",
    "5": "Mức độ hài lòng",
}
QD766_NAMES: dict[str, str] = {
    "1.1": "Tỷ lệ TTHC công bố đúng hạn",
    "1.2": "Tỷ lệ TTHC được cập nhật, công khai đúng hạn",
    "1.3": "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành",
    "1.4": "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
    "2.1": "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
    "3.1": "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
    "3.2": "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến",
    "3.3": "Tỷ lệ hồ sơ TTHC nộp trực tuyến",
    "3.TT": "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình trên hồ sơ của TTHC đủ điều kiện toàn trình",
    "3.5": "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến",
    "3.5b": "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến",
    "3.6": "Tỷ lệ hồ sơ thanh toán trực tuyến",
    "4.1": "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử",
    "4.2": "Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ",
    "4.3": "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
    "4.CT": "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
    "4.4": "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng",
    "4.5a": "Tỷ lệ TTHC kết nối, chia sẻ dữ liệu dân cư",
    "4.5b": "Tỷ lệ hồ sơ TTHC sử dụng thông tin từ Cơ sở dữ liệu quốc gia về dân cư",
    "5.2": "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
    "5.3": "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
    "5.4": "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
}
# Where an indicator's figures come from, and how its points are given.
QD766_SOURCES: dict[str, str] = {
    "dossiers": "Dữ liệu hồ sơ",
    "catalogue": "Danh mục TTHC",
    "feedback": "Dữ liệu phản ánh, kiến nghị",
    "summary": "Số liệu đã công bố",
}
QD766_LINEAR = "Tuyến tính"
QD766_FULL_POINTS_NO_FEEDBACK = "Không có phản ánh, kiến nghị: đủ điểm theo cách tính của Cổng DVCQG"
QD766_UNCONFIRMED = "Thang điểm chưa được xác nhận"
QD766_NO_DATA = "Không đủ số liệu để tính (thiếu tệp, thiếu cột hoặc số liệu không được công bố)"


def qd766_threshold(percent: int) -> str:
    """ "Đạt 80% được điểm tối đa"."""
    return f"Đạt {percent}% được điểm tối đa"


def qd766_total(points: str, max_points: str) -> str:
    """ "19,6 điểm trên 56 điểm tối đa của các chỉ số tính được" (never a score out of 100)."""
    return f"{points} điểm trên {max_points} điểm tối đa của các chỉ số tính được"


NOT_APPLICABLE = "không phát sinh"  # a rate whose denominator is 0
NOT_AVAILABLE = "không có số liệu"  # a figure not in the data, not published and not derived
UNCHANGED = "không đổi"  # a change of 0
POINTS = "điểm %"  # the unit of a change of a rate (percentage points)
# Headings of tables' first columns. A unit may be a xã, a phường or a đặc khu: "Đơn vị" fits
# every one (the Biểu 06a workbook, laid out like the form, heads its rows "Xã, phường, đặc khu").
UNIT_HEADING = "Đơn vị"
INDICATOR_HEADING = "Chỉ tiêu"
FIELD_HEADING = "Lĩnh vực"
# Where the figures come from, when they are computed from the exports.
DOSSIER_SOURCE = "dữ liệu hồ sơ xuất từ Hệ thống thông tin giải quyết TTHC"
# Comparisons of a period, in tables: with the period before and the same period a year earlier.
VERSUS_PREVIOUS = "So với kỳ trước"
VERSUS_LAST_YEAR = "So với cùng kỳ năm trước"


def padded_day(value: date) -> str:
    """dd/mm/yyyy: "05/02/2026"."""
    return value.strftime("%d/%m/%Y")


def month_of_date(month: int) -> str:
    """The month as written in a date of a text: a leading 0 for January and February only (Nghị định 30/2020)."""
    return f"{month:02d}" if month in (1, 2) else str(month)


def text_day(value: date) -> str:
    """A day as a report's text writes it: "01/7/2025", "15/01/2026"."""
    return f"{value.day:02d}/{month_of_date(value.month)}/{value.year}"


def from_to(start: date, end: date, *, until: str = "đến ngày", day=padded_day) -> str:
    """ "từ ngày 15/01/2026 đến ngày 14/02/2026" (``until="đến hết ngày"``, ``day=text_day`` …)."""
    return f"từ ngày {day(start)} {until} {day(end)}"


# Drill-down lists (danh sách hồ sơ chi tiết): the dossiers behind a count, by list key.
DRILLDOWN_TITLES: dict[str, str] = {
    "resolved_late": "Hồ sơ giải quyết quá hạn",
    "in_progress_overdue": "Hồ sơ đang giải quyết quá hạn",
    "in_progress_on_time": "Hồ sơ đang giải quyết trong hạn",
    "withdrawn": "Hồ sơ công dân xin rút (được tính là giải quyết đúng hạn)",
    "unknown_codes": "Hồ sơ có mã không rõ",
}
# Sheet names of the drill-down workbook (at most 31 characters, none of []:*?/\).
DRILLDOWN_SHEETS: dict[str, str] = {
    "resolved_late": "(10) Giải quyết quá hạn",
    "in_progress_overdue": "(13) Đang giải quyết quá hạn",
    "in_progress_on_time": "(12) Đang giải quyết trong hạn",
    "withdrawn": "(9) Công dân xin rút hồ sơ",
    "unknown_codes": "Mã không rõ",
}
CALENDAR_DAYS = "ngày lịch"  # days late count every day: "tính theo ngày lịch", "Số ngày quá hạn (ngày lịch)"
EVERY_DAY = "kể cả thứ Bảy, Chủ nhật và ngày nghỉ lễ, tết"
DRILLDOWN_HEADERS: dict[str, str] = {
    "dossier_id": "Mã hồ sơ",
    "procedure": "Thủ tục",
    "field": "Lĩnh vực",
    "unit": "Đơn vị xử lý",
    "status": "Trạng thái khi xuất dữ liệu",
    "received": "Ngày tiếp nhận",
    "due": "Ngày hẹn trả",
    "finished": "Ngày kết thúc xử lý",
    "days_late": f"Số ngày quá hạn ({CALENDAR_DAYS})",
    "unknown": "Mã không rõ ở cột",
    "source_file": "Tệp dữ liệu",
    "source_row": "Dòng trong tệp",
}
_FINISHED_LATER = "Hồ sơ kết thúc xử lý sau ngày cuối kỳ vẫn là hồ sơ đang giải quyết của kỳ này."
# What each list holds and how its days late are counted, under its title.
DRILLDOWN_NOTES: dict[str, str] = {
    "resolved_late": f"Số ngày quá hạn = ngày kết thúc xử lý − ngày hẹn trả, tính theo {CALENDAR_DAYS}, {EVERY_DAY}.",
    "in_progress_overdue": f"Số ngày quá hạn = ngày cuối kỳ báo cáo − ngày hẹn trả, tính theo {CALENDAR_DAYS}, "
    f"{EVERY_DAY}. {_FINISHED_LATER}",
    "in_progress_on_time": "Gồm hồ sơ có ngày hẹn trả từ ngày cuối kỳ báo cáo trở đi, hồ sơ không có ngày hẹn trả "
    f"và hồ sơ đang chờ bổ sung. {_FINISHED_LATER}",
    "withdrawn": "Hồ sơ công dân xin rút, đã kết thúc xử lý trong kỳ, được tính là giải quyết đúng hạn, "
    "không xét ngày hẹn trả.",
    "unknown_codes": "Hồ sơ có giá trị không thuộc danh mục mã ở một trong các cột trạng thái, kênh nộp, hệ thống, "
    "phí và lệ phí, thanh toán trực tuyến, số hóa, kết quả điện tử, tái sử dụng dữ liệu; cột “Mã không rõ ở cột” "
    "ghi tên các cột đó. Hồ sơ vẫn được tính vào Biểu 06a: trạng thái không rõ thì tính theo ngày tháng, "
    "kênh nộp không rõ thì không tính là trực tuyến.",
}
DRILLDOWN_NO_DOSSIERS = (
    "Số liệu kỳ này là số liệu đã công bố (tệp summary), không kèm dữ liệu hồ sơ, nên không có danh sách "
    "hồ sơ chi tiết."
)
