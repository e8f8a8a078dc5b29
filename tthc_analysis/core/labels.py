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

NOT_APPLICABLE = "không phát sinh"  # a rate whose denominator is 0
NOT_AVAILABLE = "không có số liệu"  # a figure not in the data, not published and not derived
UNCHANGED = "không đổi"  # a change of 0
POINTS = "điểm %"  # the unit of a change of a rate (percentage points)
# Headings of tables' first columns.
UNIT_HEADING = "Xã, phường, đặc khu"
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
