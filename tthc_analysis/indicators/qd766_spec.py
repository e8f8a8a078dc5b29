"""The scoring rules of QĐ 766/QĐ-TTg for the indicators tthc-analysis computes, and the
indicators it cannot: maxima, scales, sources and approximations (docs/qd766.md).

The maxima and scales come from the portal's "Mô tả công thức tính chỉ số 766" and from
fits of the national portal's (Cổng DVCQG) API answers; ``confirmed`` is False where the
maximum or the scale is inferred (3.1–3.3). The approximations and reasons are product text.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sources: docs/qd766.md#sources.
DOCX = "Mô tả công thức tính chỉ số 766 (ChippedTopaz/qd766:web/src/formula-document.ts)"
METRICS = "Công thức 766.xlsx, METRICS (ChippedTopaz/qd766:docs/metrics.m0.json)"
API_FIT = "khớp với điểm của API Cổng DVCQG (ChippedTopaz/qd766:docs/SCORING_ANALYSIS_M0.md)"
PASETO = "HuanVu201/DichVuCong_KhoaLuan_PASETO (SoLieuThongKeDonViTheoKyRequestHandler.cs)"
NO_FEEDBACK_RULE = "no_feedback_full_points"


@dataclass(frozen=True)
class Qd766Spec:
    """How an indicator is scored: maximum, scale (``threshold`` None: linear), sources."""

    code: str
    max_points: int
    threshold: int | None  # percent from which the points are full; None: linear
    confirmed: bool  # False: the maximum or the scale is inferred (docs/qd766.md)
    reference: str
    approximation: str  # how our figure differs from the portal's (Vietnamese)
    full_points_when_none: bool = False  # the portal's rule when the denominator is 0

    @property
    def scale(self) -> str:
        """ "linear" or "threshold 80%"."""
        return "linear" if self.threshold is None else f"threshold {self.threshold}%"


SPECS: dict[str, Qd766Spec] = {
    s.code: s
    for s in (
        Qd766Spec("2.1", 20, None, True, f"{DOCX}; {METRICS}; {API_FIT}",
                  "Biểu 06a: ((8)+(9)+(12))/(3). Không trừ thời gian công dân bổ sung hồ sơ; hồ sơ chờ bổ sung, "
                  "hồ sơ không có hạn trả tính trong hạn, hồ sơ công dân rút tính đúng hạn."),
        Qd766Spec("3.1", 2, 80, False, f"{DOCX} (ngưỡng 80%); điểm tối đa 2 suy ra từ {PASETO} và API",
                  "TTHC mức độ 3, 4 trên mọi TTHC của danh mục (procedures.csv), không tách TTHC cấp xã."),
        Qd766Spec("3.2", 4, None, False, f"{DOCX}; điểm tối đa và thang tuyến tính suy ra từ {PASETO} và API",
                  "Đếm theo TTHC (mức độ 3, 4 có hồ sơ nộp trực tuyến trong kỳ), không theo từng DVC như Cổng DVCQG."),
        Qd766Spec("3.3", 6, 50, False, f"{DOCX} (ngưỡng 50%); điểm tối đa 6 suy ra từ {PASETO} và API",
                  "Hồ sơ tiếp nhận trong kỳ, nộp trực tuyến và có kết quả điện tử; chưa biết TTHC nào phải trả "
                  "kết quả giấy; tỷ lệ đồng bộ coi là 100%."),
        Qd766Spec("3.6", 6, None, True, f"{DOCX}; {API_FIT}",
                  "Hồ sơ có phí, lệ phí (CoPhi) tiếp nhận trong kỳ, thay cho hồ sơ bắt đầu xử lý trong kỳ."),
        Qd766Spec("4.1", 6, None, True, f"{DOCX}; {METRICS}; {API_FIT}",
                  "Trên mọi hồ sơ tiếp nhận trong kỳ (chưa biết TTHC nào phải trả kết quả giấy)."),
        Qd766Spec("4.2", 4, None, True, f"{API_FIT} (tuyến tính); {DOCX} ghi ngưỡng 80%",
                  "Có thành phần số hóa và kết quả điện tử. Bản mô tả công thức ghi ngưỡng 80%; "
                  "ở đây tính tuyến tính như Cổng DVCQG đang tính."),
        Qd766Spec("4.3", 2, 80, True, f"{DOCX}; {METRICS}; {API_FIT}",
                  "Theo cột DuocTaiSuDung; bản mô tả công thức nêu HoSoCoThanhPhanSoHoa cho hồ sơ đồng bộ."),
        Qd766Spec("5.2", 6, None, True, f"{DOCX}; {METRICS}; {API_FIT} (không có PAKN: 6 điểm)",
                  "Theo hạn xử lý của PAKN; không xét các hạn riêng của từ chối, yêu cầu bổ sung, công khai.",
                  full_points_when_none=True),
    )
}  # fmt: skip

# Indicators the data cannot support: code -> (maximum, why).
NOT_SUPPORTED: dict[str, tuple[int, str]] = {
    "1.1": (6, "Cần ngày ban hành quyết định công bố và ngày có hiệu lực của văn bản quy định TTHC (CSDL quốc gia "
               "về TTHC); cấp xã nhận số liệu của tỉnh."),
    "1.2": (4, "Cần thời điểm công khai TTHC trên CSDL quốc gia về TTHC; chỉ tính ở cấp tỉnh."),
    "1.3": (2, "Danh mục không có các bộ phận tạo thành của TTHC; cấp xã nhận số liệu của tỉnh."),
    "1.4": (6, "Không biết hồ sơ nào đã đồng bộ lên Cổng DVCQG, cũng không có số tiếp nhận theo Hệ thống "
               "báo cáo quốc gia."),
    "3.TT": (12, "Cần danh sách TTHC đủ điều kiện toàn trình. Bảng điểm ghi 12 điểm cho chỉ tiêu này, cũng là "
                 "12 điểm mà 3.1–3.3 chia 2/4/6 (chưa thống nhất)."),
    "3.5": (2, "Cần danh sách TTHC có nghĩa vụ tài chính trên CSDL quốc gia về TTHC và dữ liệu phí của hồ sơ "
               "đồng bộ."),
    "3.5b": (2, "Cần số TTHC có giao dịch thanh toán trực tuyến trên số TTHC có phí, lệ phí theo CSDL quốc gia "
                "về TTHC."),
    "4.CT": (2, "Không có dữ liệu về chứng thực bản sao điện tử (Cổng DVCQG đang cho mọi đơn vị 2 điểm)."),
    "4.4": (4, "Không có trường DuocLayTuKhoDMQG hay kết quả đã đồng bộ vào kho dữ liệu của công dân."),
    "4.5a": (2, "Không có dấu hiệu xác thực VNeID, khai thác CSDL quốc gia về dân cư; danh mục không có đối "
                "tượng thực hiện."),
    "4.5b": (2, "Không có dấu hiệu xác thực VNeID, khai thác CSDL quốc gia về dân cư trong dữ liệu hồ sơ."),
    "5.3": (6, "Không có lượt thích, không thích và khiếu nại lại của PAKN."),
    "5.4": (6, "Không có số hồ sơ bị phản ánh hoặc đánh giá không hài lòng."),
}  # fmt: skip


def points(spec: Qd766Spec, numerator: int, denominator: int) -> float:
    """Points for ``numerator / denominator`` (> 0) on the indicator's scale.

    Linear: max × ratio. Threshold T%: max when ratio ≥ T% (compared in whole numbers, so
    exactly 80% is full points), else max × ratio / T%.
    """
    if spec.threshold is not None and numerator * 100 >= spec.threshold * denominator:
        return float(spec.max_points)
    scale = 1.0 if spec.threshold is None else 100.0 / spec.threshold
    return min(float(spec.max_points), spec.max_points * numerator / denominator * scale)
