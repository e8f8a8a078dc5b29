"""Code tables: how statuses, channels, systems and flags are written, and what they mean.

Each code column of :mod:`tthc_analysis.inputs.schema` carries a :class:`Codes`: its valid
codes, a lookup of the words real systems print for them, and what an empty or unknown
cell counts as, with the finding it gives. The sources of the words are in docs/inputs.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import ERROR, WARNING
from ..core.text import fold


@dataclass(frozen=True)
class Codes:
    """How a code column reads its cells."""

    valid: frozenset
    words: Callable[[str], object | None] | None = None  # a word or phrase -> its code
    numeric: bool = True  # codes may be written as numbers ("2", "2.0")
    empty: object = None  # what an empty cell counts as (None: stays empty)
    empty_message: str | None = None  # a finding for an empty cell, when one is worth it
    unknown: object = None  # what an unknown value counts as
    finding: str = "UNKNOWN_CODE"
    message: str = "giá trị không rõ '{value}'"
    severity: str = WARNING


def word_code(phrases: dict[str, object], exact: dict[str, object] | None = None) -> Callable[[str], object | None]:
    """A lookup of a code written in words: a whole-cell code word, else the longest known
    phrase the folded text contains.

    Longest first, so "Không được tiếp nhận" (3) wins over "được tiếp nhận" (2) and
    "Đã bổ sung - chờ tiếp nhận" (5) over "chờ tiếp nhận" (1).
    """
    ordered = sorted(((fold(p), code) for p, code in phrases.items()), key=lambda item: -len(item[0]))
    whole = {fold(word): code for word, code in (exact or {}).items()}

    def lookup(value: str) -> object | None:
        key = fold(value)
        if key in whole:
            return whole[key]
        return next((code for phrase, code in ordered if phrase in key), None)

    return lookup


# TrangThaiHoSo codes of the national portal.
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

# Codes written out in words, as real systems print them: a cell is read as the code of the
# longest phrase its folded text contains (accent-, case- and punctuation-insensitive), so
# "Không được tiếp nhận" is 3, not 2. The sources of each phrase are in docs/inputs.md.
STATUS_PHRASES: dict[str, int] = {
    **{name: code for code, name in STATUS_NAMES.items()},
    # 1 mới đăng ký: submitted online, not yet received
    "hồ sơ đăng ký mới": 1,
    "chờ tiếp nhận": 1,
    "chờ tiếp nhận trực tuyến": 1,
    "chờ xác nhận": 1,
    # 2 được tiếp nhận
    "đã tiếp nhận": 2,
    "mới tiếp nhận": 2,
    "vừa tiếp nhận": 2,
    "chờ xử lý": 2,
    # 3 không được tiếp nhận (e-par's "Bị từ chối" is a refusal at the counter, with its date)
    "không tiếp nhận": 3,
    "từ chối tiếp nhận": 3,
    "bị từ chối": 3,
    "đã từ chối": 3,
    "đã từ chôi": 3,
    # 4 đang xử lý
    "đang thụ lý": 4,
    "đang giải quyết": 4,
    "đang trình ký": 4,
    "chờ ký duyệt": 4,
    "đã ký": 4,
    "chuyển phòng chuyên môn": 4,
    "liên thông": 4,
    "hoàn thành bổ sung": 4,
    # 5 yêu cầu bổ sung (also a supplement sent back and not yet accepted)
    "yêu cầu bổ sung giấy tờ": 5,
    "chờ bổ sung": 5,
    "yêu cầu công dân bổ sung": 5,
    "yêu cầu một cửa bổ sung": 5,
    "công dân đã gửi bổ sung": 5,
    "đã bổ sung chờ tiếp nhận": 5,
    "chờ bổ sung tiếp nhận": 5,
    # 6 yêu cầu nghĩa vụ tài chính ("Tạm dừng": e-par's pause for a supplement or for tax; 6 lets the dates decide)
    "nghĩa vụ tài chính": 6,
    "tạm dừng": 6,
    # 7 công dân rút hồ sơ
    "rút hồ sơ": 7,
    "công dân rút": 7,
    "xin rút": 7,
    # 8 dừng xử lý
    "không xử lý được": 8,
    # 9 đã xử lý xong
    "chờ trả kết quả": 9,
    "chờ trả kq": 9,
    # 10 đã trả kết quả
    "đã trả kq": 10,
}
# The national portal's (and OpenCPS') status codes in English, matched as the whole cell.
STATUS_CODES_EN: dict[str, int] = {
    "receiving": 1,
    "new": 2,
    "denied": 3,
    "processing": 4,
    "interoperating": 4,
    "waiting": 5,
    "paying": 6,
    "cancelled": 7,
    "unresolved": 8,
    "releasing": 9,
    "done": 10,
}
STATUS_WORDS = {fold(phrase): code for phrase, code in STATUS_PHRASES.items()}
# KenhThucHien in words ("Nộp trực tuyến", "Qua bưu chính công ích", "Trực tiếp", …).
CHANNEL_PHRASES: dict[str, int] = {
    "trực tuyến": 2,
    "online": 2,
    "qua mạng": 2,
    "dịch vụ công": 2,
    "cổng dvc": 2,
    "dvc": 2,
    "bưu chính": 3,
    "bưu điện": 3,
    "bcci": 3,
    "bưu chính công ích": 3,
    "trực tiếp": 1,
    "tại quầy": 1,
    "một cửa": 1,
    "bộ phận tiếp nhận": 1,
}
CHANNEL_WORDS = {fold(phrase): code for phrase, code in CHANNEL_PHRASES.items()}
SYSTEM_CITY, SYSTEM_MINISTRY = "TP", "BO"
SYSTEM_WORDS = {"tp": "TP", "thanhpho": "TP", "tinh": "TP", "bo": "BO", "bonganh": "BO", "hethongbo": "BO"}

TRUE_WORDS = ("1", "có", "x", "true", "yes", "đúng")
FALSE_WORDS = ("0", "không", "false", "no", "sai")

STATUS = Codes(
    frozenset(STATUS_NAMES),
    word_code(STATUS_PHRASES, STATUS_CODES_EN),
    empty_message="thiếu mã trạng thái; hồ sơ được tính theo ngày tháng",
    finding="UNKNOWN_STATUS",
    message="mã trạng thái không rõ '{value}' (1–10); hồ sơ được tính theo ngày tháng",
)
# An unknown status is read like a received dossier whose dates decide; one without a received
# date has nothing to be counted by: it is left out, and listed (the file is still read).
UNKNOWN_STATUS_LEFT_OUT = "mã trạng thái không rõ '{value}' (1–10) và không có ngày tiếp nhận; hồ sơ không được tính"
CHANNEL = Codes(
    frozenset({CHANNEL_DIRECT, CHANNEL_ONLINE, CHANNEL_POSTAL}),
    word_code(CHANNEL_PHRASES),
    empty=CHANNEL_DIRECT,
    unknown=0,  # 0: never counted as online
    finding="UNKNOWN_CHANNEL",
    message="mã kênh nộp không rõ '{value}' (1 trực tiếp, 2 trực tuyến, 3 bưu chính); không được tính là trực tuyến",
)
SYSTEM = Codes(
    frozenset({SYSTEM_CITY, SYSTEM_MINISTRY}),
    word_code({}, SYSTEM_WORDS),
    numeric=False,
    empty=SYSTEM_CITY,  # the portal's default: the city's (or province's) own system
    unknown=None,  # a system nobody can read is neither: never counted as the city's
    finding="UNKNOWN_SYSTEM",
    message="hệ thống không rõ '{value}' (TP hoặc BO); không được tính vào hệ thống nào",
)
PAYMENT = Codes(
    frozenset({0, 1, 2}),
    empty=0,
    unknown=0,
    message="giá trị không rõ '{value}' (0, 1 hoặc 2); được tính là chưa thanh toán trực tuyến",
)
FLAG = Codes(
    frozenset({0, 1}),
    word_code({}, {**dict.fromkeys(TRUE_WORDS, 1), **dict.fromkeys(FALSE_WORDS, 0)}),
    empty=0,
    unknown=0,
    finding="UNKNOWN_FLAG",
    message="giá trị không rõ '{value}' (1 có, 0 không); được tính là 0",
)
LEVEL = Codes(
    frozenset({1, 2, 3, 4}),
    empty_message="thiếu mức độ",
    finding="BAD_CODE",
    message="mức độ không hợp lệ '{value}'",
    severity=ERROR,
)

# MucDo of the procedure catalogue: online services "toàn trình" (4) and "một phần" (3).
LEVEL_FULL_ONLINE, LEVEL_PARTIAL_ONLINE = 4, 3
