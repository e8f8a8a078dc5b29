"""The batch's summary in the terminal, line by line, written out by hand: columns that line up
whatever the length of the units' ids, and the closing lines."""

from __future__ import annotations

from pathlib import Path

from tthc_analysis.run.batch import BatchResult, RunResult, summary_lines


def test_short_ids_still_line_up_under_a_header_eight_wide(tmp_path):
    results = [RunResult("thu", "2026-02", seconds=12.34, findings=1), RunResult("ab", "2026-02", status="failed")]
    done = BatchResult("2026-02", results, tmp_path / "m.json", Path("outputs/2026-02/index.html"))
    # "Đơn vị" padded to 8, two spaces, "Trạng thái" padded to 10, two spaces, seconds right in 6.
    assert summary_lines(done) == [
        "Đơn vị    Trạng thái    Giây  Ghi chú",
        "thu       xong          12.3  1 phát hiện",
        "ab        LỖI            0.0  lỗi không mong đợi khi lập báo cáo (chi tiết trong manifest.json)",
        "1/2 đơn vị xong. Trang mục lục: outputs/2026-02/index.html",
    ]


def test_a_long_id_widens_the_first_column(tmp_path):
    results = [RunResult("phuong-dong-hai-1", "2026-02", seconds=3.0)]
    done = BatchResult("2026-02", results, tmp_path / "m.json", Path("i.html"), city=Path("tp/thanh-pho.html"))
    assert summary_lines(done) == [
        "Đơn vị             Trạng thái    Giây  Ghi chú",
        "phuong-dong-hai-1  xong           3.0  0 phát hiện",
        "1/1 đơn vị xong. Trang mục lục: i.html",
        "Báo cáo tổng hợp: tp/thanh-pho.html",
    ]
