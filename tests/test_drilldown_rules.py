"""The drill-down lists' finer rules (indicators/drilldown.py), worked out by hand on the
hand rows of tests/conftest.py: which name a row shows, which column an unknown code names,
the lists' order and whether a list can hold every dossier of its column."""

from __future__ import annotations

from dataclasses import replace

from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_PORTAL, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.drilldown import dossier_lists
from tthc_analysis.inputs.tables import load_dossiers
from tthc_analysis.report import drilldown as html_drilldown
from tthc_analysis.report.period_report import build_period_report

FEB = parse_period("2026-02")  # 15/01/2026 – 14/02/2026


def test_a_row_shows_the_procedures_name_and_its_code_only_when_it_has_no_name(tmp_path):
    # In progress on time in February (conftest): G, H, N, O; G has a name, H only a code, N and O neither.
    names = {"G": ("1.0001", "Chứng thực bản sao"), "H": ("1.0002", ""), "N": ("", "")}
    rows = [(*row, *names.get(row[0], ("", ""))) for row in HAND_ROWS]
    path = write_csv(tmp_path / "ten.csv", [*HEADERS_PORTAL, "MaTTHC", "TenTTHC"], rows)
    listed = dossier_lists(load_dossiers([path]), FEB).get("in_progress_on_time").rows
    shown = dict(zip(listed["dossier_id"], listed["procedure"]))
    assert shown == {"G": "Chứng thực bản sao", "H": "1.0002", "N": None, "O": None}


def test_in_progress_on_time_is_listed_by_received_date_then_id(tmp_path):
    # O received 01/12/2025, H 20/01, G 10/02, N 14/02; two more on 10/02 with ids before and after G.
    extra = [("GA", "Chứng thực", "4", "2", "10/02/2026", "14/02/2026", ""), ("F0", *HAND_ROWS[6][1:])]
    path = write_csv(tmp_path / "thu-tu.csv", HEADERS_PORTAL, [*HAND_ROWS, *extra])
    listed = dossier_lists(load_dossiers([path]), FEB).get("in_progress_on_time").rows
    assert listed["dossier_id"].tolist() == ["O", "H", "F0", "G", "GA", "N"]


def test_an_unknown_status_names_the_column_as_the_file_names_it(tmp_path):
    # The portal's headers: B's status "Đang chờ xem" is unknown; the list says "TrangThaiHoSo",
    # the file's own header (the loader's finding), not the schema's "Trạng thái".
    rows = [list(row) for row in HAND_ROWS]
    rows[1][2] = "Đang chờ xem"
    path = write_csv(tmp_path / "portal.csv", HEADERS_PORTAL, rows)
    unknown = dossier_lists(load_dossiers([path]), FEB).get("unknown_codes").rows
    assert unknown["dossier_id"].tolist() == ["B"]
    assert unknown["unknown"].tolist() == ["TrangThaiHoSo"]


def test_lists_of_exports_that_start_inside_the_period_never_claim_to_be_whole(tmp_path):
    path = write_csv(tmp_path / "du.csv", HEADERS_PORTAL, [*HAND_ROWS, EARLIER_ROW])
    table = load_dossiers([path])
    whole = {item.key: item.whole for item in dossier_lists(table, FEB).lists}
    # With the exports reaching back (EARLIER_ROW, 11/2025): the three lists of a column are whole.
    assert whole == {
        "resolved_late": True,
        "in_progress_overdue": True,
        "in_progress_on_time": True,
        "withdrawn": False,
        "unknown_codes": False,
    }
    partial = dossier_lists(table, FEB, complete=False)
    assert [item.whole for item in partial.lists] == [False] * 5


# ------------------------------------------------------------------ the links and notes of the HTML report


def _report(tmp_path, rows=HAND_ROWS, headers=HEADERS_VN):
    root = write_root(tmp_path / "data", ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", headers, rows)
    return build_period_report("thu", "2026-02", root)


def _with_counts(report, **counts):
    """The report with some Biểu 06a totals changed, as a published summary might state them."""
    total = replace(report.indicators.counts, **counts)
    indicators = replace(report.indicators, bieu06a=replace(report.indicators.bieu06a, total=total))
    return replace(report, indicators=indicators)


def test_a_list_of_part_of_a_column_never_links_its_count_even_when_they_are_equal(tmp_path):
    # Withdrawn: 1 dossier (E), part of (9). With (9) said to be 1 too, (9) still does not link to it.
    report = _with_counts(_report(tmp_path), resolved_on_time=1)
    assert "resolved_on_time" not in html_drilldown.column_links(report.indicators, report.drilldown)


def test_the_overdue_key_figure_links_only_when_it_is_the_number_listed(tmp_path):
    report = _report(tmp_path)
    assert 'href="#hs-qua-han"' in html_drilldown.key_figures_html(report)  # (10) 1 + (13) 2 = 3 listed
    # Said to be 5 + 2 = 7 overdue against the 3 listed: the figure is no link.
    assert 'href="#hs-qua-han"' not in html_drilldown.key_figures_html(_with_counts(report, resolved_late=5))


def test_dossiers_with_unknown_codes_get_their_line_under_biểu_06a(tmp_path):
    rows = [list(row) for row in HAND_ROWS]
    rows[1][2] = "Đang chờ xem"  # B: an unknown status, received 01/02
    report = _report(tmp_path, rows)
    page = html_drilldown.bieu06a_html(report.indicators, report.drilldown)
    assert (
        '<li>Hồ sơ có mã không rõ: <a href="#hs-ma-khong-ro">01</a> hồ sơ, thuộc cột (3) Tổng số hồ sơ nhận '
        "giải quyết.</li>" in page
    )
    assert '<a href="#hs-rut-ho-so">01</a> hồ sơ, thuộc cột (9) Giải quyết đúng hạn.</li>' in page  # E


def test_biểu_06a_of_published_figures_is_not_the_one_the_lists_explain(tmp_path):
    report = _report(tmp_path)
    assert 'id="bieu-06a"' in html_drilldown.bieu06a_html(report.indicators, report.drilldown)
    published = replace(report.indicators, source="summary")
    page = html_drilldown.bieu06a_html(published, report.drilldown)
    assert 'id="bieu-06a"' not in page and "<li>" not in page


def test_days_late_past_a_thousand_are_written_with_a_dot(tmp_path):
    # Received 01/01/2023, due 10/01/2023, still in progress at 14/02/2026: 1.131 calendar days late
    # (date(2026, 2, 14) − date(2023, 1, 10), by the datetime module).
    old = ("X", "Đất đai", "4", "1", "01/01/2023", "10/01/2023", "")
    report = _report(tmp_path, [*HAND_ROWS, old])
    annex = html_drilldown.annex_html(report)
    section = annex[annex.index('id="hs-dang-giai-quyet-qua-han"') :]
    assert '<td class="num">1.131</td>' in section
