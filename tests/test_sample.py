"""The shipped sample (data/sample): what it holds, and that the committed generator made it."""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest
from conftest import SAMPLE

from tthc_analysis.core.periods import month_range, parse_period
from tthc_analysis.indicators.bieu06a import count_bieu06a
from tthc_analysis.indicators.others import compute_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.inputs.schema import DOSSIER_COLUMNS
from tthc_analysis.inputs.tables import load_dossiers, load_table
from tthc_analysis.synthetic import generate_sample

ROOT = DataRoot(SAMPLE)


def test_communes_of_hai_phong_with_hung_thangs_full_profile():
    communes = ROOT.communes()
    assert len(communes) >= 6
    assert {c.city for c in communes.values()} == {"thành phố Hải Phòng"}
    assert {c.kind for c in communes.values()} == {"xã", "phường", "đặc khu"}
    p = communes["hung-thang"].profile
    assert p.issuing_body == ("ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG")
    assert p.signer.authority == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert p.signer.name == "Trần Đình Nhuận"
    assert (
        "137/UBND-TTPVHCC" in p.directive(parse_period("2026-02")) and p.place == "Hùng Thắng" and p.symbol == "BC-UBND"
    )
    assert p.recipients == ("Trung tâm PV HCC thành phố", "Sở Khoa học và Công nghệ", "CT, các PCT UBND xã", "C, PCVP")
    assert p.archive == "Lưu: VT, HCC."
    assert "Hệ thống máy xếp hàng tự động" in p.narrative["assessment"]
    assert "chính quyền địa phương 2 cấp" in p.narrative["tasks"]
    assert "Kiến nghị với Trung ương" in p.narrative["recommendations"]


def test_catalogue_counts_give_the_seeds_219_and_160():
    with open(SAMPLE / "procedures.csv", encoding="utf-8") as handle:
        levels = Counter(row["MucDo"] for row in csv.DictReader(handle))
    assert (levels["4"], levels["3"]) == (219, 160)


def test_every_commune_has_exports_for_every_month_in_a_mix_of_formats():
    suffixes = set()
    for commune_id in ROOT.communes():
        files = ROOT.dossier_files(commune_id)
        suffixes |= {f.suffix for f in files}
        frame = load_dossiers(files).frame
        assert frame["received"].min() <= pd.Timestamp("2024-12-20")
        assert frame["received"].max() >= pd.Timestamp("2026-03-10")
    assert {".csv", ".xlsx", ".parquet", ".txt"} <= suffixes


def test_hung_thang_volumes_are_realistic():
    frame = load_dossiers(ROOT.dossier_files("hung-thang")).frame
    for period in month_range("2025-01", "2026-03"):
        new = count_bieu06a(frame, period).total.new
        assert 840 <= new <= 960, (period.id, new)


def test_hung_thang_february_exports_agree_with_the_seed_where_it_agrees_with_itself():
    table = load_dossiers(ROOT.dossier_files("hung-thang"))
    result = compute_indicators(table, parse_period("2026-02"), own_units=("UBND xã Hùng Thắng",))
    c = result.counts
    assert (c.carried_over, c.new, c.online, c.direct_postal) == (14, 879, 879, 0)
    assert result.new_by_system == {"TP": 851, "BO": 28}
    assert (c.in_progress, c.in_progress_on_time, c.overdue) == (2, 2, 0)
    assert c.resolved_in_time == c.resolved == 891
    assert [(u.unit, u.total) for u in result.vertical_agencies] == [
        ("Chi nhánh Văn phòng đăng ký đất đai Tiên Lãng", 45),
        ("Bảo hiểm xã hội", 15),
    ]
    reuse = result.rates["reuse"]
    assert (reuse.numerator, reuse.denominator) == (841, 879) and round(reuse.percent, 1) == 95.7
    for name in ("online", "online_payment", "digitisation", "e_result"):
        assert result.rates[name].percent == 100.0, name


@pytest.mark.e2e
def test_committed_sample_is_what_the_generator_writes(tmp_path):
    written = generate_sample(tmp_path)
    for path in written:
        committed = SAMPLE / path.relative_to(tmp_path)
        assert committed.exists(), committed
        if path.suffix in (".csv", ".txt"):
            assert path.read_bytes() == committed.read_bytes(), committed
        else:  # workbooks and parquet carry timestamps in their metadata: compare the cells
            fresh = load_table([path], DOSSIER_COLUMNS, "dossier_id").frame.drop(columns="source_file")
            kept = load_table([committed], DOSSIER_COLUMNS, "dossier_id").frame.drop(columns="source_file")
            pd.testing.assert_frame_equal(fresh, kept)
    committed_files = {p.relative_to(SAMPLE) for p in SAMPLE.rglob("*") if p.name.startswith(("dossiers", "feedback"))}
    assert committed_files == {p.relative_to(tmp_path) for p in written if p.name != "procedures.csv"}
