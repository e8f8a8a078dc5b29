"""One source per report, chosen on purpose (--source auto|dossiers|published), and carried over
known only when the exports reach back before the period. Every figure below is worked out by
hand from conftest.HAND_ROWS (EXPECTED_2026_02: 13 = 3 carried over + 6 online + 4 direct).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import EARLIER_ROW, EXPECTED_2026_02, HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.labels import BIEU06A_KEYS, FIGURES
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators, comparable, indicators_if_any, load_commune
from tthc_analysis.report.narrative import report_blocks
from tthc_analysis.report.period_report import build_period_report
from tthc_analysis.report.tables import key_figures_table
from tthc_analysis.run.cli import run

FEBRUARY = parse_period("2026-02")
# Every column but (4) and (5) counts dossiers received before the period too.
UNKNOWN_WITHOUT_EARLIER = tuple(key for key in BIEU06A_KEYS if key not in ("online", "direct_postal"))


def _summary(folder: Path, **bieu06a: int) -> None:
    text = yaml.safe_dump({"period": "2026-02", "bieu06a": bieu06a}, allow_unicode=True)
    (folder / "summary-2026-02.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = write_root(
        tmp_path / "data",
        ("ca-hai", "Cả Hai", "xã"),  # exports reaching back + published figures (one differs)
        ("dau-ky", "Đầu Kỳ", "phường"),  # exports starting inside February + published figures
        ("chi-ho-so", "Chỉ Hồ Sơ", "xã"),  # exports starting inside February, nothing published
        ("chi-cong-bo", "Chỉ Công Bố", "đặc khu"),  # published figures only
    )
    write_csv(root / "ca-hai" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    _summary(root / "ca-hai", total=13, carried_over=3, resolved=8)  # resolved: 7 counted
    write_csv(root / "dau-ky" / "dossiers.csv", HEADERS_VN, HAND_ROWS[:5])  # received 01–02/02/2026
    _summary(root / "dau-ky", total=5, carried_over=0, online=2, direct_postal=3)
    write_csv(root / "chi-ho-so" / "dossiers.csv", HEADERS_VN, HAND_ROWS[:5])
    _summary(root / "chi-cong-bo", total=40, carried_over=4, resolved=30)
    return root


def test_auto_takes_the_dossiers_and_names_each_published_figure_that_differs(root):
    ind = commune_indicators(root, "ca-hai", FEBRUARY)
    assert ind.source == "dossiers" and ind.counts.to_dict() == EXPECTED_2026_02
    assert ind.published is not None and ind.published.counts.resolved == 8
    differing = {i.key: (i.published, i.computed) for i in ind.reconciliation if not i.matches}
    assert differing == {"resolved": (8, 7)}
    messages = [f.message for f in ind.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert len(messages) == 1 and "8" in messages[0] and "7" in messages[0]
    data = ind.to_dict()
    assert data["source"] == "dossiers" and data["published_figures"]["resolved"] == 8


def test_published_reproduces_the_published_figures_beside_the_dossiers(root):
    ind = commune_indicators(root, "ca-hai", FEBRUARY, source="published")
    assert ind.source == "summary" and (ind.counts.total, ind.counts.resolved) == (13, 8)
    assert ind.computed is not None and ind.computed.counts.resolved == 7
    # 13 = 8 resolved + 5 in progress, derived from what was published
    assert ind.counts.in_progress == 5
    assert [f.code for f in ind.findings if f.code == "RECONCILIATION_DIFFERENCE"] != []


def test_dossiers_forces_the_exports_even_where_they_cannot_know_carried_over(root):
    auto = commune_indicators(root, "dau-ky", FEBRUARY)
    assert auto.source == "summary" and auto.counts.total == 5  # the exports do not cover February
    forced = commune_indicators(root, "dau-ky", FEBRUARY, source="dossiers")
    assert forced.source == "dossiers"
    assert (forced.counts.online, forced.counts.direct_postal, forced.counts.new) == (2, 3, 5)
    assert all(getattr(forced.counts, key) is None for key in UNKNOWN_WITHOUT_EARLIER)


def test_exports_starting_inside_the_period_leave_carried_over_unknown(root):
    ind = commune_indicators(root, "chi-ho-so", FEBRUARY)
    assert ind.source == "dossiers"
    assert all(getattr(ind.counts, key) is None for key in UNKNOWN_WITHOUT_EARLIER)
    assert (ind.counts.online, ind.counts.direct_postal, ind.counts.new) == (2, 3, 5)
    assert ind.rates["on_time"].status == "not_available" and ind.rates["in_progress"].status == "not_available"
    assert ind.rates["online"].percent == 40.0  # 2 of the 5 new dossiers: known
    assert ind.units is None and ind.vertical_agencies is None
    (finding,) = [f for f in ind.findings if f.code == "CARRIED_OVER_UNKNOWN"]
    assert "01/02/2026" in finding.message and "15/01/2026" in finding.message  # where the data starts, from when
    assert "NO_DATA_IN_PERIOD" not in [f.code for f in ind.findings]
    # Every row by field counts only what is known: Hộ tịch, 2 online + 3 direct.
    (row,) = ind.bieu06a.rows
    assert (row.field_name, row.counts.online, row.counts.direct_postal, row.counts.total) == ("Hộ tịch", 2, 3, None)


def test_an_earlier_dossier_in_the_export_makes_carried_over_known(root):
    write_csv(root / "chi-ho-so" / "dossiers.csv", HEADERS_VN, [EARLIER_ROW, *HAND_ROWS[:5]])
    ind = commune_indicators(root, "chi-ho-so", FEBRUARY)
    assert (ind.counts.total, ind.counts.carried_over, ind.counts.resolved) == (5, 0, 5)
    assert "CARRIED_OVER_UNKNOWN" not in [f.code for f in ind.findings]


def test_a_unit_established_inside_the_period_knows_nothing_came_before(root):
    communes = (root / "communes.yaml").read_text(encoding="utf-8")
    communes = communes.replace("name: Chỉ Hồ Sơ, kind: xã}", "name: Chỉ Hồ Sơ, kind: xã, established: 01/02/2026}")
    (root / "communes.yaml").write_text(communes, encoding="utf-8")
    ind = commune_indicators(root, "chi-ho-so", FEBRUARY)
    assert ind.period.start.isoformat() == "2026-02-01"
    assert (ind.counts.total, ind.counts.carried_over) == (5, 0)


def test_a_source_without_figures_says_what_is_missing(root):
    with pytest.raises(InputError, match=r"summary-2026-02\.yaml"):
        commune_indicators(root, "chi-ho-so", FEBRUARY, source="published")
    with pytest.raises(InputError, match="không có dữ liệu hồ sơ"):
        commune_indicators(root, "chi-cong-bo", FEBRUARY, source="dossiers")
    assert commune_indicators(root, "chi-cong-bo", FEBRUARY).source == "summary"


def test_comparisons_never_mix_sources(root):
    # ca-hai's January (15/12/2025 – 14/01/2026) from its exports: rows F, I, J, O take part.
    data = load_commune(root, "ca-hai")
    now = commune_indicators(root, "ca-hai", FEBRUARY, data=data)
    january = indicators_if_any(data, FEBRUARY.previous())
    assert january is not None and january.source == "dossiers" and comparable(now, january)
    published_now = commune_indicators(root, "ca-hai", FEBRUARY, data=data, source="published")
    assert not comparable(published_now, january)  # published February beside dossier January
    assert indicators_if_any(data, FEBRUARY.previous(), "published") is None  # nothing published for it


def test_cli_source_option_on_every_command(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(["city", "--period", "2026-02", "--data", str(root), "--out", str(out), "--source", "published"]) == 0
    city = (out / "2026-02" / "city.json").read_text(encoding="utf-8")
    assert '"chi-ho-so"' in city  # listed among those without figures from this source
    for command in (["indicators", "--commune", "ca-hai"], ["city"], ["batch"], ["report", "--commune", "ca-hai"]):
        code = run([*command, "--period", "2026-02", "--data", str(root), "--source", "ho-so"])
        assert code == 2, command
        assert "auto, dossiers hoặc published" in capsys.readouterr().err


def test_findings_of_the_exports_do_not_mark_published_cells(root):
    # dau-ky's report takes its published figures; its exports' CARRIED_OVER_UNKNOWN still shows,
    # but it is not about the published (3) and (6), which are known.
    ind = commune_indicators(root, "dau-ky", FEBRUARY)
    (finding,) = [f for f in ind.findings if f.code == "CARRIED_OVER_UNKNOWN"]
    assert ind.source == "summary" and finding.figures == ()
    forced = commune_indicators(root, "dau-ky", FEBRUARY, source="dossiers")
    (own,) = [f for f in forced.findings if f.code == "CARRIED_OVER_UNKNOWN"]
    assert own.figures == UNKNOWN_WITHOUT_EARLIER  # the workbook marks every cell left unknown


def test_key_figures_compare_like_with_like_on_the_sample():
    # Hùng Thắng, from the dossiers: February 893 (14 + 879), January 877 = 893 − 16. The published
    # February (921) set against January from the dossiers gave "+44", mixing two sources.
    report = build_period_report("hung-thang", "2026-02")
    table = key_figures_table(report)
    total = table.loc[FIGURES["total"]]
    assert list(total.iloc[:3]) == ["893", "877", "+16"]
    published = build_period_report("hung-thang", "2026-02", source="published")
    table = key_figures_table(published)
    total = table.loc[FIGURES["total"]]
    assert total.iloc[0] == "921" and total.iloc[2] == "–"  # January has no published figures
    # auto with published January figures only: labelled with their source, never compared.
    mixed = replace(report, previous=published.indicators)
    headings = list(key_figures_table(mixed).columns)
    assert headings[1].endswith("(số liệu đã công bố, không so sánh)")
    assert key_figures_table(mixed).loc[FIGURES["total"]].iloc[2] == "–"


def test_lists_of_exports_that_start_inside_the_period_hold_only_part_of_a_column(root):
    report = build_period_report("chi-ho-so", "2026-02", data_dir=root)
    assert report.drilldown.lists and not any(item.whole for item in report.drilldown.lists)
    write_csv(root / "chi-ho-so" / "dossiers.csv", HEADERS_VN, [EARLIER_ROW, *HAND_ROWS[:5]])
    report = build_period_report("chi-ho-so", "2026-02", data_dir=root)
    assert report.drilldown.get("resolved_late").whole


@pytest.mark.parametrize("period", ["2025", "2025-9M"])
def test_a_year_compares_once_with_the_year_before(period):
    # For a year and nine months, "kỳ trước" is the same period a year earlier: one comparison,
    # not two identical columns (which stopped the report).
    report = build_period_report("vinh-bao", period)
    table = key_figures_table(report)
    assert list(table.columns)[1:] == [report.period.previous().name, "So với kỳ trước"]
    assert table.loc[FIGURES["total"]].iloc[0] == "không có số liệu"  # the exports start on 15/12/2024


def test_a_year_given_as_a_number_as_papermill_passes_it():
    # papermill -p period 2025 gives the notebook an int, not "2025".
    report = build_period_report("vinh-bao", 2025)
    assert report.period.id == "2025" and report.indicators.counts.new == 9160  # (4) 8.274 + (5) 886


@pytest.mark.parametrize(
    "published, counted, differs",
    [
        (86, 86.0, False),  # 6/7 = 85,714 %: to 0 decimals, 86
        (85.71, 85.71, False),  # to 2 decimals
        (85.7, 85.7, False),
        (85.8, 85.7, True),
        (85.72, 85.71, True),  # a difference one decimal would hide
    ],
)
def test_a_published_rate_is_reconciled_at_its_own_decimals(root, published, counted, differs):
    text = yaml.safe_dump({"period": "2026-02", "bieu06a": {"total": 13}}) + f"rates: {{on_time: {published}}}\n"
    (root / "ca-hai" / "summary-2026-02.yaml").write_text(text, encoding="utf-8")
    ind = commune_indicators(root, "ca-hai", FEBRUARY)
    (item,) = [i for i in ind.reconciliation if i.key == "rates.on_time"]
    assert (item.published, item.computed, item.matches) == (published, counted, not differs)
    messages = [f.message for f in ind.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert bool(messages) is differs
    if differs:  # Vietnamese decimals, as published
        assert f"số đã công bố {str(published).replace('.', ',')} khác" in messages[0]


def test_auto_prefers_published_figures_to_exports_that_end_inside_the_period(root):
    # ca-hai's exports without the rows dated after 05/02/2026 (G, M, N, Q and C's finish): they
    # stop inside February, so the published figures are the report's; without them, the exports.
    early = [r for r in HAND_ROWS if r[0] not in ("C", "D", "E", "G", "M", "N", "Q")]
    write_csv(root / "ca-hai" / "dossiers.csv", HEADERS_VN, early)
    ind = commune_indicators(root, "ca-hai", FEBRUARY)
    assert ind.source == "summary" and ind.counts.total == 13
    (root / "ca-hai" / "summary-2026-02.yaml").unlink()
    ind = commune_indicators(root, "ca-hai", FEBRUARY)
    assert ind.source == "dossiers" and "EXPORT_ENDS_IN_PERIOD" in [f.code for f in ind.findings]


FEEDBACK_HEADERS = ["Mã phản ánh", "Tiêu đề", "Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý", "Trạng thái"]


def test_feedback_known_only_when_its_register_reaches_back(root):
    # One feedback received inside February: what was pending from before cannot be seen.
    write_csv(root / "ca-hai" / "feedback.csv", FEEDBACK_HEADERS, [("P1", "Hỏi", "02/02/2026", "16/02/2026", "", "")])
    ind = commune_indicators(root, "ca-hai", FEBRUARY)
    assert ind.feedback is None and ind.qd766.indicator("5.2").points is None
    (finding,) = [f for f in ind.findings if f.code == "FEEDBACK_UNKNOWN"]
    assert "02/02/2026" in finding.message and "15/01/2026" in finding.message
    text = "\n".join(b.text for b in report_blocks(ind, load_commune(root, "ca-hai").commune))
    assert "phản ánh" not in text.split("II. ĐÁNH GIÁ CHUNG")[0]  # nothing said of feedback
    # With one received and answered in December 2025, the register reaches back: 1 received, 1 pending.
    rows = [
        ("P0", "Hỏi", "10/12/2025", "24/12/2025", "12/12/2025", ""),
        ("P1", "Hỏi", "02/02/2026", "16/02/2026", "", ""),
    ]
    write_csv(root / "ca-hai" / "feedback.csv", FEEDBACK_HEADERS, rows)
    ind = commune_indicators(root, "ca-hai", FEBRUARY)
    assert (ind.feedback.received, ind.feedback.resolved, ind.feedback.pending) == (1, 0, 1)
    assert "FEEDBACK_UNKNOWN" not in [f.code for f in ind.findings]


def test_a_system_nobody_can_read_is_never_the_citys(tmp_path):
    # 3 new dossiers: TP, empty (the portal's default, TP) and "VNeID" (unknown): 2 on the city's
    # system, 0 on ministries', 1 on neither. "100 %" would count the unknown one as the city's.
    headers = [*HEADERS_VN, "Hệ thống"]
    rows = [(*EARLIER_ROW, "TP"), (*HAND_ROWS[0], "TP"), (*HAND_ROWS[1], ""), (*HAND_ROWS[2], "VNeID")]
    root = write_root(tmp_path / "data", ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", headers, rows)
    ind = commune_indicators(root, "thu", FEBRUARY)
    assert ind.new_by_system == {"TP": 2, "BO": 0} and ind.counts.new == 3
    codes = [f.code for f in ind.findings]
    assert "UNKNOWN_SYSTEM" in codes and "NEW_NOT_SUM_OF_SYSTEMS" not in codes  # said once, by the row
    text = "\n".join(b.text for b in report_blocks(ind, load_commune(root, "thu").commune))
    assert "100%" not in text and "66,7% hồ sơ tiếp nhận mới (02/03 hồ sơ)" in text


def test_the_index_page_and_the_city_docx_say_each_communes_source(root, tmp_path):
    from docx import Document

    from tthc_analysis.report.index_page import IndexEntry, index_page

    dossiers, summary = commune_indicators(root, "ca-hai", FEBRUARY), commune_indicators(root, "dau-ky", FEBRUARY)
    entries = [
        IndexEntry("xã Cả Hai", "a.html", dossiers.to_dict()),
        IndexEntry("phường Đầu Kỳ", "b.html", summary.to_dict()),
    ]
    page = index_page(FEBRUARY, entries)
    assert "Nguồn số liệu" in page and "dữ liệu hồ sơ" in page and "số liệu đã công bố" in page
    out = tmp_path / "out"
    assert run(["city", "--period", "2026-02", "--data", str(root), "--out", str(out)]) == 0
    text = "\n".join(
        cell.text for table in Document(str(next((out / "2026-02").glob("*.docx")))).tables for cell in table._cells
    )
    assert "phường Đầu Kỳ (*)" in text and "xã Cả Hai (*)" not in text


def test_charts_of_a_published_report_say_they_are_counted_from_the_dossiers(root):
    from tthc_analysis.report.html import history_note

    assert "tính từ dữ liệu hồ sơ" in history_note(commune_indicators(root, "ca-hai", FEBRUARY, source="published"))
    assert history_note(commune_indicators(root, "ca-hai", FEBRUARY)) == ""
