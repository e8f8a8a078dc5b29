"""Exploring with widgets (notebooks/explore.ipynb, tthc dashboard), driven without a browser.

The figures are worked out by hand from tests/conftest.py's rows, or counted by the independent
counter of tests/reference_count.py; the widgets are driven by setting their values, as a click
would, and what they draw and tabulate is read back.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, run_cli, write_csv, write_root
from openpyxl import load_workbook
from reference_count import count_rows, sample_dossiers, shown_figures

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period, step_periods
from tthc_analysis.indicators.exploration import city_targets, load_exploration
from tthc_analysis.report.explore import Explorer


@pytest.fixture
def hand(tmp_path):
    """xã Thử: the hand-worked rows and the earlier row; phường Hai: rows A–E only."""
    root = write_root(tmp_path / "goc", ("thu", "Thử", "xã"), ("hai", "Hai", "phường"))
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])
    write_csv(root / "hai" / "dossiers.csv", HEADERS_VN, HAND_ROWS[:5])
    return root


def test_every_month_of_the_exports_is_counted_as_by_hand(hand):
    # xã Thử's exports run from 03/11/2025 (Z received) to 20/02/2026 (N finished): months
    # 2025-11 (15/10–14/11) to 2026-02; 2026-03 (15/02–14/03) is not reached to its end.
    exploration = load_exploration("all", hand)
    assert [p.id for p in exploration.periods["month"]] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert exploration.periods["quarter"] == () and exploration.periods["year"] == ()

    def column(key, **choice):
        return exploration.table(["thu"], key, **choice)["xã Thử"].tolist()

    nan = float("nan")
    # 2025-11: Z new; the exports do not reach before 15/10, so what was carried over is unknown,
    # and with it the total and what was resolved (never 0).
    # 2025-12 (15/11–14/12): O received 01/12, nothing open before it (Z finished 05/11).
    # 2026-01 (15/12–14/01): O carried over; F, I, J received 05–10/01; only I finished
    # (14/01, due 12/01): late. 2026-02: conftest.EXPECTED_2026_02.
    assert column("new") == [1, 1, 3, 10]
    assert column("total") == pytest.approx([nan, 1, 4, 13], nan_ok=True)
    assert column("carried_over") == pytest.approx([nan, 0, 1, 3], nan_ok=True)
    assert column("resolved_late") == pytest.approx([nan, 0, 1, 1], nan_ok=True)
    # December resolves nothing (no rate); January 0 of 1 in time; February 6 of 7.
    assert column("rate_on_time") == pytest.approx([nan, nan, 0, 600 / 7], nan_ok=True)
    # Hộ tịch: Z in November (new), nothing in December or January, A–E in February.
    assert column("new", field="Hộ tịch") == pytest.approx([1, nan, nan, 5], nan_ok=True)


def test_a_unit_without_a_whole_month_has_no_figures_never_zeros(hand):
    # phường Hai's exports run 01/02–12/02/2026: inside 2026-02, never a whole month.
    table = load_exploration("all", hand).table(["thu", "hai"], "total")
    assert list(table.columns) == ["xã Thử", "phường Hai"]
    assert table["phường Hai"].isna().all()


def test_a_step_keeps_only_whole_quarters_and_years():
    first, last = parse_period("2025-02"), parse_period("2026-03")
    assert [p.id for p in step_periods(first, last, "quarter")] == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert [p.id for p in step_periods(parse_period("2025-01"), parse_period("2026-11"), "year")] == ["2025"]
    assert step_periods(first, last, "year") == []
    with pytest.raises(InputError, match="bước 'week' không hợp lệ"):
        step_periods(first, last, "week")


@pytest.fixture(scope="module")
def bach_long_vi():
    return load_exploration(["bach-long-vi"])


@pytest.mark.parametrize(("period_id", "start", "end"), [("2025-Q3", date(2025, 6, 15), date(2025, 9, 14))])
def test_a_quarter_is_counted_as_the_independent_counter_counts_it(bach_long_vi, period_id, start, end):
    expected = shown_figures(sample_dossiers("bach-long-vi"), start, end)
    for key in ("total", "carried_over", "resolved", "resolved_late", "in_progress_overdue"):
        table = bach_long_vi.table(["bach-long-vi"], key, step="quarter")
        assert table.loc[period_id, "đặc khu Bạch Long Vĩ"] == expected[key], key


def test_the_year_and_a_field_are_counted_as_the_independent_counter_counts_them(bach_long_vi):
    rows = sample_dossiers("bach-long-vi")
    every, by_field, _ = count_rows(list(rows), date(2024, 12, 15), date(2025, 12, 14))
    assert bach_long_vi.table(["bach-long-vi"], "new", step="year").loc["2025"].iloc[0] == every["new"]
    field = max(by_field, key=lambda name: by_field[name]["new"])
    table = bach_long_vi.table(["bach-long-vi"], "new", step="year", field=field)
    assert table.loc["2025"].iloc[0] == by_field[field]["new"]


def test_the_widgets_redraw_the_chart_and_the_table_in_place(hand):
    explorer = Explorer(load_exploration("all", hand), targets={"rate_on_time": 98})
    assert explorer.communes.value == ("thu", "hai")
    assert explorer.step.options == (("Tháng", "month"),)  # no whole quarter or year in these exports
    first_chart = explorer.chart.value
    explorer.indicator.value = "total"
    rows = explorer.table().to_dict(orient="index")
    assert rows["tháng 02 năm 2026"] == {"xã Thử": "13", "phường Hai": "không có số liệu"}
    assert rows["tháng 11 năm 2025"] == {"xã Thử": "không có số liệu", "phường Hai": "không có số liệu"}
    # November's total is unknown because of what came before the exports: the note names that reason too.
    assert "ô không có số liệu" in explorer.message.value
    assert "số liệu phụ thuộc hồ sơ trước ngày đầu của dữ liệu xuất" in explorer.message.value
    assert explorer.chart.value != first_chart and bytes(explorer.chart.value).startswith(b"\x89PNG")
    assert "<th>tháng 01 năm 2026</th>" in explorer.grid.value and "không có số liệu" in explorer.grid.value
    explorer.field.value = "Hộ tịch"
    assert explorer.title == "(3) Tổng số hồ sơ nhận giải quyết – lĩnh vực Hộ tịch"
    # November's total is unknown (what was carried over is); nothing of Hộ tịch in Dec., Jan.
    assert explorer.table()["xã Thử"].tolist() == [*["không có số liệu"] * 3, "5"]
    explorer.first.value, explorer.last.value = "2026-02", "2026-01"  # either way round
    assert list(explorer.table().index) == ["tháng 01 năm 2026", "tháng 02 năm 2026"]
    explorer.communes.value = ("thu",)
    assert list(explorer.table().columns) == ["xã Thử"]
    explorer.communes.value = ()
    assert "Chọn ít nhất một đơn vị" in explorer.message.value and explorer.chart.value == b""


def test_an_indicator_counted_only_for_the_whole_unit_has_no_field_to_choose(hand):
    explorer = Explorer(load_exploration("all", hand))
    explorer.indicator.value = "total"
    explorer.field.value = "Đất đai"
    explorer.indicator.value = "rate_online_payment"
    assert (explorer.field.value, explorer.field.disabled) == ("", True)
    explorer.indicator.value = "new"  # a field can be chosen again; the earlier one was let go
    assert (explorer.field.value, explorer.field.disabled) == ("", False)


def test_a_rate_is_shown_rounded_once_and_its_target_is_drawn(hand):
    explorer = Explorer(load_exploration("all", hand), targets={"rate_on_time": 98})
    assert explorer.table()["xã Thử"].tolist() == ["không có số liệu", "không có số liệu", "0%", "85,7%"]  # 6/7
    figure = explorer.figure()
    target = [line for axes in figure.axes for line in axes.lines if line.get_gid() == "target"]
    assert len(target) == 1 and list(target[0].get_ydata()) == [98, 98]
    assert target[0].get_label() == "Chỉ tiêu 98%"
    explorer.indicator.value = "total"
    assert not [line for axes in explorer.figure().axes for line in axes.lines if line.get_gid() == "target"]


def test_the_downloads_hold_the_table_and_the_chart(hand):
    import base64
    import re

    explorer = Explorer(load_exploration("all", hand))
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', explorer.files.value))
    name = "rate_on_time-month-2025-11-2026-02"
    assert set(links) == {f"{name}.csv"}  # at every redraw; the others when asked
    explorer.make_files()
    links |= dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', explorer.more.value))
    assert set(links) == {f"{name}.{kind}" for kind in ("png", "xlsx", "csv", "svg")}
    csv = base64.b64decode(links[f"{name}.csv"]).decode("utf-8")
    # The rate as the page shows it, a number: 6/7 = 85,714… % -> 85.7; no figure: empty.
    assert csv.splitlines() == [
        "\ufeffKỳ,xã Thử,phường Hai",
        "tháng 11 năm 2025,,",
        "tháng 12 năm 2025,,",
        "tháng 01 năm 2026,0.0,",
        "tháng 02 năm 2026,85.7,",
    ]
    sheet = load_workbook(io.BytesIO(base64.b64decode(links[f"{name}.xlsx"]))).active
    assert [c.value for c in sheet[5]] == ["tháng 02 năm 2026", 85.7, None]
    explorer.first.value = "2026-01"  # a new choice drops the files made for the last one
    assert explorer.more.value == ""


def test_targets_are_read_from_communes_yaml_and_a_wrong_one_is_named(tmp_path):
    root = write_root(tmp_path / "goc", ("thu", "Thử", "xã"))
    yaml_path = root / "communes.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text + 'targets:\n  rate_on_time: 98\n  rate_online: "80,5%"\n', encoding="utf-8")
    assert city_targets(root) == {"rate_on_time": 98.0, "rate_online": 80.5}
    yaml_path.write_text(text + "targets:\n  dung_han: 98\n", encoding="utf-8")
    with pytest.raises(InputError, match="không có chỉ tiêu 'dung_han'; dùng một trong: total") as caught:
        city_targets(root)
    assert str(caught.value.problems[0].file).endswith("communes.yaml")
    yaml_path.write_text(text + "targets:\n  rate_on_time: cao\n", encoding="utf-8")
    with pytest.raises(InputError, match="chỉ tiêu 'rate_on_time': 'cao' không phải một số"):
        city_targets(root)


def test_the_dashboard_refuses_a_busy_port_and_a_missing_data_root_before_any_server(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run_cli("dashboard", "--no-browser", "--port", str(port))
    assert done.returncode == 2
    assert f"cổng {port} đang được một chương trình khác dùng; chọn cổng khác, ví dụ --port {port + 1}" in done.stderr
    done = run_cli("dashboard", "--no-browser", "--data", str(tmp_path / "khong-co"))
    assert done.returncode == 2 and "không tìm thấy thư mục dữ liệu" in done.stderr


def test_the_served_notebook_reads_the_data_root_the_dashboard_hands_it(hand, monkeypatch):
    import os

    from tthc_analysis.report.explore import explore
    from tthc_analysis.run.cli_dashboard import TEMPLATE_PATH, server_environment

    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    environment = server_environment(str(hand))
    assert environment["TTHC_DATA"] == str(hand)
    assert environment["JUPYTER_PATH"].split(os.pathsep) == [str(TEMPLATE_PATH), "/elsewhere"]
    assert (TEMPLATE_PATH / "voila" / "templates" / "tthc" / "index.html.j2").is_file()
    monkeypatch.setenv("TTHC_DATA", str(hand))  # as tthc dashboard --data sets it for the notebook
    assert explore("all", "").exploration.units == {"thu": "xã Thử", "hai": "phường Hai"}


def test_the_legend_beside_the_chart_names_each_line_in_its_colour(hand):
    from tthc_analysis.report.charts import legend_entries

    explorer = Explorer(load_exploration("all", hand), targets={"rate_on_time": 98})
    figure = explorer.figure()  # the downloaded chart draws its legend itself
    entries = legend_entries(figure)
    assert [(label, dashed) for label, _, dashed in entries] == [
        ("xã Thử", False),
        ("phường Hai", False),
        ("Chỉ tiêu 98%", True),
    ]
    # matplotlib's first two colours (tab10), then the target's red.
    assert [colour for _, colour, _ in entries] == ["#1f77b4", "#ff7f0e", "#d62728"]
    assert explorer.legend.value.count("<div>") == 3
    assert '<span style="color:#1f77b4">━●━</span> xã Thử' in explorer.legend.value
    assert '<span style="color:#d62728">╌╌</span> Chỉ tiêu 98%' in explorer.legend.value
