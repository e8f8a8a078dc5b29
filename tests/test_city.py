"""tthc city: the consolidated report of every commune, worked out by hand on a small city,
and on the shipped sample against an independent count of its exports (tests/reference_count.py):
each row is that commune's count, the total their sum."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import (
    EARLIER_ROW,
    EXPECTED_2026_02,
    HAND_ROWS,
    HEADERS_VN,
    SAMPLE,
    needs_chromium,
    open_offline_on_a_phone,
    write_csv,
)
from docx import Document
from openpyxl import load_workbook
from reference_count import BIEU06A, export_span, month_days, sample_dossiers, shown_figures
from small_city import HOSTILE, write_small_city

from tthc_analysis.core.labels import BIEU06A_KEYS
from tthc_analysis.run.cli import run

# A small city worked out by hand (period 2026-02, 15/01/2026 – 14/02/2026):
# - an-binh (xã): every hand row → EXPECTED_2026_02: 13 total, 3 carried, new 6 online + 4 = 10,
#   resolved 7 (in time 2 + 4 = 6, late 1), in progress 6 (2 overdue): on time 6/7, online 6/10,
#   overdue 1 + 2 = 3. January (15/12/2025 – 14/01/2026): new 3 (F, I, J), resolved 1, none in time.
# - binh-an (phường) and dong-tam (xã): rows A–E only (Hộ tịch): 5 total, all new (2 online, 3 direct
#   or postal), resolved 5 (early 1, on time 3, late 1): on time 4/5 = 80%, online 2/5 = 40%, overdue 1.
#   No row takes part in January. Their exports also hold EARLIER_ROW (finished in 11/2025), so
#   they reach back before both periods: carried over is known, 0.
# - dong-hoa (xã): only the seed's published figures (Hùng Thắng's summary): 921 total, 14 carried,
#   879 new, resolved 919 all in time, 2 in progress, none overdue; total ≠ carried + new (28).
# - cat-tien (xã): no file at all.
CITY_TOTAL = {
    "total": 13 + 5 + 5 + 921,
    "online": 6 + 2 + 2 + 879,
    "direct_postal": 4 + 3 + 3 + 0,
    "carried_over": 3 + 0 + 0 + 14,
    "resolved": 7 + 5 + 5 + 919,
    "resolved_early": None,  # dong-hoa published only (8)+(9)
    "resolved_on_time": None,
    "resolved_late": 1 + 1 + 1 + 0,
    "in_progress": 6 + 0 + 0 + 2,
    "in_progress_on_time": 4 + 0 + 0 + 2,
    "in_progress_overdue": 2 + 0 + 0 + 0,
}


@pytest.fixture
def city_root(tmp_path: Path) -> Path:
    return write_small_city(tmp_path)


@pytest.fixture
def city_json(city_root, tmp_path):
    out = tmp_path / "out"
    assert run(["city", "--period", "2026-02", "--data", str(city_root), "--out", str(out)]) == 0
    return out / "2026-02", json.loads((out / "2026-02" / "city.json").read_text(encoding="utf-8"))


def test_city_total_and_rows_by_hand(city_json):
    _, data = city_json
    assert data["communes"]["an-binh"]["bieu06a"] == EXPECTED_2026_02
    assert data["communes"]["binh-an"]["bieu06a"]["total"] == 5
    assert data["total"]["bieu06a"] == CITY_TOTAL
    assert data["total"]["resolved_in_time"] == 6 + 4 + 4 + 919  # (8)+(9), dong-hoa's published as one
    assert data["total"]["overdue"] == 3 + 1 + 1 + 0
    assert data["no_data"] == ["cat-tien"]
    assert data["communes"]["cat-tien"]["source"] is None and data["communes"]["cat-tien"]["problem"]


def test_city_rate_is_the_ratio_of_summed_counts(city_json):
    _, data = city_json
    on_time = data["total"]["rates"]["on_time"]
    # (6 + 4 + 4 + 919) / (7 + 5 + 5 + 919) = 933 / 936 = 99,68% — not the mean of the four rates
    # (85,71 + 80 + 80 + 100) / 4 = 86,43%.
    assert (on_time["numerator"], on_time["denominator"]) == (933, 936)
    assert on_time["percent"] == pytest.approx(99.68, abs=0.01)
    # Digitisation: no commune has the flag column, and dong-hoa published only a percent.
    assert data["total"]["rates"]["digitisation"]["status"] == "not_available"
    assert data["total"]["rates"]["digitisation"]["missing"] == ["an-binh", "binh-an", "dong-tam", "dong-hoa"]


def test_rankings_share_ranks_on_ties(city_json):
    _, data = city_json
    order = [(e["rank"], e["commune"]) for e in data["rankings"]["on_time"]["order"]]
    # dong-hoa 100% > an-binh 85,71% > binh-an 80% = dong-tam 80% (ties by name: Bình An, then Đông Tâm).
    assert order == [(1, "dong-hoa"), (2, "an-binh"), (3, "binh-an"), (3, "dong-tam")]
    overdue = [(e["rank"], e["commune"]) for e in data["rankings"]["overdue"]["order"]]
    # Fewer is better: dong-hoa 0, binh-an 1 = dong-tam 1, an-binh 3.
    assert overdue == [(1, "dong-hoa"), (2, "binh-an"), (2, "dong-tam"), (4, "an-binh")]
    assert data["rankings"]["digitisation"]["order"][0]["commune"] == "dong-hoa"  # its published 100%
    assert sorted(data["rankings"]["digitisation"]["missing"]) == ["an-binh", "binh-an", "dong-tam"]


def test_changes_against_the_previous_period(city_json):
    _, data = city_json
    previous = {(c["commune"], c["key"]): c for c in data["changes"] if c["against"] == "previous"}
    # Only an-binh has dossiers in January: new 3 → 10, on time 0/1 = 0% → 85,71%.
    assert set(previous) == {("an-binh", "new"), ("an-binh", "on_time")}
    new = previous["an-binh", "new"]
    assert (new["before"], new["now"], new["delta"]) == (3, 10, 7)
    assert all(type(new[k]) is int for k in ("before", "now", "delta"))  # counts, not 3.0
    assert previous["an-binh", "on_time"]["delta"] == pytest.approx(600 / 7, abs=1e-9)
    assert not [c for c in data["changes"] if c["against"] == "last_year"]  # nothing in 2025-02


def test_disagreements_name_the_commune_and_the_slip(city_json):
    _, data = city_json
    assert list(data["disagreements"]) == ["dong-hoa"]
    codes = {f["code"] for f in data["disagreements"]["dong-hoa"]["itself"]}
    assert "TOTAL_NOT_CARRIED_PLUS_NEW" in codes
    assert data["disagreements"]["dong-hoa"]["exports"] == []  # it has no exports to disagree with


def test_city_products_workbook_docx_and_page(city_json):
    folder, _ = city_json
    ws = load_workbook(folder / "bieu-06a-tong-hop-2026-02.xlsx").active
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 14)] for r in range(11, 16)}
    assert rows["xã An Bình"] == [EXPECTED_2026_02[k] for k in BIEU06A_KEYS]
    assert rows["Tổng cộng"][0] == 944 and rows["Tổng cộng"][5] == "không có số liệu"
    assert ws.cell(11, 2).value is not None and ws.cell(16, 2).value is None  # 4 communes + total
    document = Document(str(folder / "bao-cao-tong-hop-2026-02.docx"))
    header = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert header[:2] == ["UBND TỈNH THỬ NGHIỆM", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"]
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any("Tổng số hồ sơ nhận giải quyết: 944 hồ sơ" in t for t in texts)
    assert any("xã Đông Hòa" in t for t in texts)  # the total's slip is explained by its commune
    communes_table = document.tables[1]
    assert [c.text for c in communes_table.rows[-1].cells][:3] == ["", "Tổng cộng", "944"]
    signer = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs]
    assert signer[0] == "GIÁM ĐỐC" and signer[-1] == "Nguyễn Văn Ký"
    page = (folder / "tong-hop-2026-02.html").read_text(encoding="utf-8")
    # The hostile name stays text; the page's one script is its own (the live tables).
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 1 and '<script type="module">' in page
    assert "944" in page and "99,7%" in page and "xã Cát Tiên" in page


def test_unknown_commune_and_no_data_exit_2(city_root, tmp_path, capsys):
    args = ["city", "--period", "2026-02", "--data", str(city_root), "--out", str(tmp_path / "o")]
    assert run([*args, "--communes", "khong-co"]) == 2
    assert run([*args, "--communes", "cat-tien"]) == 2  # no commune with data: nothing to consolidate
    err = capsys.readouterr().err
    assert "khong-co" in err and "không xã, phường, đặc khu nào có số liệu" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_strict_fails_on_missing_data_or_disagreement(city_root, tmp_path):
    args = ["city", "--period", "2026-02", "--data", str(city_root), "--out", str(tmp_path / "o")]
    assert run([*args, "--strict"]) == 1
    assert run([*args, "--strict", "--communes", "an-binh,binh-an"]) == 0
    # A unit without figures alone (cat-tien has no file; an-binh's figures agree): still exit 1.
    assert run([*args, "--strict", "--communes", "an-binh,cat-tien"]) == 1
    assert run([*args, "--communes", "an-binh,cat-tien"]) == 0


def test_sample_city_rows_and_total_are_the_independent_counts(tmp_path):
    # Each row against tests/reference_count.py: the sample's exports read and counted there, by
    # docs/counting.md, without the package's reader or counting; the total is the sum of those.
    assert run(["city", "--period", "2026-02", "--data", str(SAMPLE), "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "2026-02" / "city.json").read_text(encoding="utf-8"))
    communes = sorted(p.name for p in SAMPLE.iterdir() if p.is_dir())
    assert sorted(data["communes"]) == communes and data["no_data"] == []
    start, end = month_days(2026, 2)
    wanted: dict[str, dict[str, int | None]] = {}
    for commune_id, row in data["communes"].items():
        assert {"bieu06a", "source", "qd766"} <= set(row), commune_id
        rows = sample_dossiers(commune_id)
        first, last = export_span(rows)
        # --source auto (docs/published-figures.md#the-source-of-a-report): the exports when they
        # cover the period (reach back before it and go on to its end), else the published figures.
        complete = first < start and not start <= last < end
        summary = SAMPLE / commune_id / "summary-2026-02.yaml"
        if complete or not summary.exists():
            assert row["source"] == "dossiers", commune_id
            figures = shown_figures(rows, start, end)
            wanted[commune_id] = {key: figures[key] for key in BIEU06A}
            assert row["bieu06a"] == wanted[commune_id], commune_id
            assert row["new_by_system"] == {"TP": figures["TP"], "BO": figures["BO"]}, commune_id
        else:  # not the case in the sample today (Hùng Thắng's exports cover 2026-02)
            assert row["source"] == "summary", commune_id
            published = yaml.safe_load(summary.read_text(encoding="utf-8"))["bieu06a"]
            assert {key: row["bieu06a"][key] for key in published} == published, commune_id
            # A figure not published but implied by the published ones is checked only through the sum.
            wanted[commune_id] = {**row["bieu06a"], **published}
    # By hand (docs/counting.md "Carried over is known only when the exports reach back"): Hùng
    # Thắng's February is 14 carried over + 879 new, all online.
    hung_thang = wanted["hung-thang"]
    assert (hung_thang["carried_over"], hung_thang["online"], hung_thang["direct_postal"]) == (14, 879, 0)
    assert hung_thang["total"] == 893
    for key in BIEU06A:
        values = [counted[key] for counted in wanted.values()]
        assert data["total"]["bieu06a"][key] == (None if None in values else sum(values)), key


def test_batch_writes_the_city_once_and_again_when_an_input_changes(city_root, tmp_path):
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.inputs.dataroot import DataRoot
    from tthc_analysis.report.index_page import index_page
    from tthc_analysis.run.batch import write_city

    root, period, out = DataRoot(city_root), parse_period("2026-02"), tmp_path / "out"
    communes = ["an-binh", "binh-an"]
    page, error = write_city(root, period, communes, out, {"an-binh": "a1", "binh-an": "b1"})
    assert error is None
    assert page == out / "2026-02" / "tong-hop-2026-02.html"
    written = page.stat().st_mtime_ns
    assert write_city(root, period, communes, out, {"an-binh": "a1", "binh-an": "b1"}) == (page, None)
    assert page.stat().st_mtime_ns == written  # nothing changed: kept as it was
    write_csv(city_root / "binh-an" / "dossiers.csv", HEADERS_VN, [EARLIER_ROW, *HAND_ROWS[:4]])  # B's export edited …
    write_city(root, period, communes, out, {"an-binh": "a1", "binh-an": "b2"})  # … so its digest changed
    data = json.loads((out / "2026-02" / "city.json").read_text(encoding="utf-8"))
    assert data["communes"]["binh-an"]["bieu06a"]["total"] == 4
    html = index_page(period, [], city_link=page.name)
    assert f'href="{page.name}"' in html


@pytest.mark.e2e
@needs_chromium
def test_city_page_opens_offline_in_chromium_without_errors(tmp_path, preview_dir):
    # The same test as the commune report's page: a phone, no network, no error, nothing
    # fetched from another host, no page-wide horizontal scrolling; one script, its own: the
    # tables of figures sort and search.
    assert run(["city", "--period", "2026-02", "--data", str(SAMPLE), "--out", str(tmp_path)]) == 0
    page_path = tmp_path / "2026-02" / "tong-hop-2026-02.html"
    seen = open_offline_on_a_phone(page_path, preview_dir / "tong-hop-2026-02-dien-thoai.png")
    assert seen["errors"] == [] and seen["failed"] == [] and seen["outside"] == []
    assert seen["scripts"] == 1 and seen["live"] >= 3
    assert seen["wide"] <= 400


def test_city_qd766_combines_the_communes_dossier_figures(city_json):
    folder, data = city_json
    # QĐ 766 2.1 = ((8) + (9) + (12)) / (3): an-binh (2 + 4 + 4) / 13, binh-an and dong-tam
    # (1 + 3 + 0) / 5 each; dong-hoa has only published figures, no exports: left out (the
    # portal counts synced dossiers). City: 18 / 23 = 78,26% → 20 × 18 / 23 = 15,65 points.
    assert data["communes"]["an-binh"]["qd766"]["indicators"]["2.1"]["numerator"] == 10
    qd766 = data["total"]["qd766"]
    assert qd766["communes"] == ["an-binh", "binh-an", "dong-tam"] and qd766["left_out"] == ["dong-hoa"]
    on_time = qd766["indicators"]["2.1"]
    assert (on_time["numerator"], on_time["denominator"]) == (18, 23)
    assert on_time["points"] == pytest.approx(20 * 18 / 23, abs=0.005)
    page = (folder / "tong-hop-2026-02.html").read_text(encoding="utf-8")
    assert (
        "Chỉ số QĐ 766/QĐ-TTg" in page
        and "15,65" in page
        and "không tính (không có dữ liệu hồ sơ): xã Đông Hòa" in page
    )


def test_a_commune_named_twice_is_counted_once(city_root, tmp_path):
    args = ["city", "--period", "2026-02", "--data", str(city_root), "--out", str(tmp_path)]
    assert run([*args, "--communes", "an-binh,an-binh, an-binh"]) == 0
    data = json.loads((tmp_path / "2026-02" / "city.json").read_text(encoding="utf-8"))
    assert list(data["communes"]) == ["an-binh"] and data["total"]["bieu06a"]["total"] == 13


def test_the_city_new_dossiers_are_the_sum_of_the_rows_new():
    from tthc_analysis.indicators.city import sum_counts
    from tthc_analysis.indicators.results import Bieu06aCounts

    # The seed's row (921 total, 14 carried, 879 new by channel: 921 ≠ 14 + 879) and a row from an
    # export without a channel column (10 total, none carried: new = 10 − 0 = 10).
    seed = Bieu06aCounts(total=921, online=879, direct_postal=0, carried_over=14)
    no_channel = Bieu06aCounts(total=10, carried_over=0)
    total = sum_counts([seed, no_channel])
    assert (total.total, total.carried_over, total.online) == (931, 14, None)
    assert total.new == 879 + 10  # not (3) − (6) = 931 − 14 = 917, which would hide the seed's slip


def test_tthc_city_over_the_batchs_products_makes_the_batch_write_its_set_again(city_root, tmp_path):
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.inputs.dataroot import DataRoot
    from tthc_analysis.run.batch import write_city

    root, period, out = DataRoot(city_root), parse_period("2026-02"), tmp_path / "out"
    fingerprints = {"an-binh": "a1", "binh-an": "b1"}
    write_city(root, period, ["an-binh", "binh-an"], out, fingerprints)
    # Someone runs tthc city for one commune into the same folder: the batch's stamp goes …
    assert (
        run(["city", "--period", "2026-02", "--data", str(city_root), "--out", str(out), "--communes", "an-binh"]) == 0
    )
    assert not (out / "2026-02" / ".city-fingerprint").exists()
    # … so the next batch writes its own set again instead of keeping a one-commune city.json.
    write_city(root, period, ["an-binh", "binh-an"], out, fingerprints)
    data = json.loads((out / "2026-02" / "city.json").read_text(encoding="utf-8"))
    assert list(data["communes"]) == ["an-binh", "binh-an"]


def test_a_failure_while_writing_leaves_the_earlier_set_whole(city_root, tmp_path, monkeypatch):
    from tthc_analysis.report.city import report as city_report

    args = ["city", "--period", "2026-02", "--data", str(city_root), "--out", str(tmp_path)]
    assert run([*args, "--communes", "an-binh"]) == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "2026-02").iterdir()}

    def broken(*a, **k):
        raise ValueError("hỏng giữa chừng")

    monkeypatch.setattr(city_report, "write_city_docx", broken)  # the page is written before it
    assert run([*args, "--communes", "an-binh,binh-an"]) == 3
    after = {p.name: p.read_bytes() for p in (tmp_path / "2026-02").iterdir()}
    assert after == before  # no product of the failed run, no temporary file left


def test_a_control_character_or_no_city_in_communes_yaml_is_exit_2(city_root, tmp_path, capsys):
    yaml_path = city_root / "communes.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    args = ["city", "--period", "2026-02", "--data", str(city_root), "--out", str(tmp_path / "o")]
    yaml_path.write_text(
        text.replace("An Bình", "An\\x01Bình").replace(
            "{id: an-binh, name: An\\x01Bình", '{id: an-binh, name: "An\\x01Bình"'
        ),
        encoding="utf-8",
    )
    assert run(args) == 2
    assert "ký tự điều khiển (mã 0x01)" in capsys.readouterr().err
    yaml_path.write_text(text.replace("city: tỉnh Thử Nghiệm\n", ""), encoding="utf-8")
    assert run(args) == 2
    assert "chưa có khóa 'city'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_ranking_sentences_name_ties_and_never_the_same_unit_twice(city_root, tmp_path):
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.indicators.city import city_indicators
    from tthc_analysis.inputs.dataroot import DataRoot
    from tthc_analysis.report.city.narrative import city_blocks

    root = DataRoot(city_root)
    texts = [b.display for b in city_blocks(city_indicators(root, parse_period("2026-02")), root.centre())]
    # On time: Đông Hòa 100%, An Bình 85,7%, Bình An = Đông Tâm 80%. Four units: two at each end.
    [on_time] = [t for t in texts if t.startswith("- Tỷ lệ giải quyết đúng hạn: ")]
    assert on_time == (
        "- Tỷ lệ giải quyết đúng hạn: cao nhất xã Đông Hòa (100%), xã An Bình (85,7%); "
        f"thấp nhất xã {HOSTILE} (80%), phường Bình An (80%)."
    )
    # Overdue: Đông Hòa 0; Bình An = Đông Tâm 1; An Bình 3. The tie at the second place is named whole.
    [overdue] = [t for t in texts if t.startswith("- Số hồ sơ quá hạn")]
    assert overdue == (
        "- Số hồ sơ quá hạn (đã và đang giải quyết): ít nhất xã Đông Hòa (0), phường Bình An (1), "
        f"xã {HOSTILE} (1); nhiều nhất xã An Bình (3)."
    )
    same = city_indicators(root, parse_period("2026-02"), ["binh-an", "dong-tam"])
    [equal] = [
        b.display for b in city_blocks(same, root.centre()) if b.display.startswith("- Tỷ lệ giải quyết đúng hạn:")
    ]
    assert equal == "- Tỷ lệ giải quyết đúng hạn: cả 2 đơn vị bằng nhau (80%)."


def test_the_page_says_no_published_figure_disagrees_only_when_some_were_checked(city_root, tmp_path):
    import yaml

    args = ["city", "--period", "2026-02", "--data", str(city_root), "--communes", "an-binh,binh-an"]
    sentence = "Không có đơn vị nào có số liệu công bố sai lệch."
    # Only dossier exports, nothing published, both with data: nothing to review, no such sentence.
    assert run([*args, "--out", str(tmp_path / "a")]) == 0
    page = (tmp_path / "a" / "2026-02" / "tong-hop-2026-02.html").read_text(encoding="utf-8")
    assert sentence not in page and "sai lệch" not in page and "Số liệu cần rà soát" not in page
    assert "<td>dữ liệu hồ sơ</td>" in page
    # Bình An publishes its figures, each as its exports count them (5 new: 2 online, 3 direct or
    # postal, all resolved): they were checked, and none disagrees.
    bieu06a = {"total": 5, "carried_over": 0, "online": 2, "direct_postal": 3, "resolved": 5}
    text = yaml.safe_dump({"period": "2026-02", "bieu06a": bieu06a}, allow_unicode=True)
    (city_root / "binh-an" / "summary-2026-02.yaml").write_text(text, encoding="utf-8")
    assert run([*args, "--out", str(tmp_path / "b")]) == 0
    page = (tmp_path / "b" / "2026-02" / "tong-hop-2026-02.html").read_text(encoding="utf-8")
    assert "<h2>Số liệu cần rà soát</h2>" in page and f'<p class="ok">{sentence}</p>' in page
    assert "Không có xã, phường nào có số liệu công bố sai lệch." in page  # the report's sentence


def test_the_page_names_a_published_source_as_the_package_does(city_json):
    folder, _ = city_json
    page = (folder / "tong-hop-2026-02.html").read_text(encoding="utf-8")
    # Đông Hòa's figures are its published ones (core/sources.py: "số liệu đã công bố").
    assert "<td>xã Đông Hòa</td><td>số liệu đã công bố</td>" in page
    assert "<td>dữ liệu hồ sơ</td>" in page
