"""Reading a published summary (summary-<period>.yaml, inputs/summary.py): what each key becomes,
and each mistake a clerk can make refused with the file and the key (docs/published-figures.md)."""

from __future__ import annotations

from datetime import date

import pytest

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.inputs.summary import StatedPeriod, read_summary


def _summary(tmp_path, body: str):
    path = tmp_path / "summary-2026-02.yaml"
    path.write_text('period: "2026-02"\n' + body, encoding="utf-8")
    return path


def _refused(tmp_path, body: str) -> tuple[str, str]:
    path = _summary(tmp_path, body)
    with pytest.raises(InputError) as refused:
        read_summary(path)
    problem = refused.value.errors[0]
    assert problem.file == str(path)
    return problem.column, problem.message


def test_every_published_key_is_read_as_written(tmp_path):
    path = _summary(
        tmp_path,
        "bieu06a: {total: 921, carried_over: 14, online: 0}\n"
        "resolved_in_time: 919\nnew: 879\noverdue: 0\n"
        "rates: {on_time: 98.50, online: 100, reuse: 95.5}\n"
        "new_by_system: {TP: 851, BO: 28}\n"
        "stated_online: {count: 921, of: 921}\n"
        "vertical_agencies:\n  - {unit: Bảo hiểm xã hội, total: 15}\n"
        "catalogue: {procedures: 300, full_online: 219, published_percent: 100.0}\n"
        "feedback: {received: 3, pending: 1}\n"
        "stated_periods:\n  - {from: 15/01/2026, to: '2026-02-14'}\n  - {where: mở đầu, from: 15/01/2026, to: 14/02/2026}\n"
        "document: Báo cáo tháng 02\n",
    )
    summary = read_summary(path)
    assert summary.period == parse_period("2026-02")
    assert (summary.counts["total"], summary.counts["carried_over"], summary.counts["online"]) == (921, 14, 0)
    assert summary.counts["resolved"] is None  # not published: unknown, never 0
    assert (summary.counts["in_time"], summary.counts["new"], summary.counts["overdue"]) == (919, 879, 0)
    # Percents keep the decimals they were written with: 98.50 two, 100 none, 95.5 one.
    on_time, online, reuse = summary.rates["on_time"], summary.rates["online"], summary.rates["reuse"]
    assert (float(on_time), on_time.decimals) == (98.5, 2)
    assert (float(online), online.decimals) == (100, 0)
    assert (float(reuse), reuse.decimals) == (95.5, 1)
    assert summary.rates["e_result"] is None
    assert summary.new_by_system == {"TP": 851, "BO": 28}
    assert summary.stated_online == (921, 921)
    assert summary.vertical_agencies == (("Bảo hiểm xã hội", 15),)
    assert summary.catalogue == {
        "procedures": 300,
        "full_online": 219,
        "partial_online": None,
        "published_percent": summary.catalogue["published_percent"],
    }
    assert summary.catalogue["published_percent"].decimals == 1 and float(summary.catalogue["published_percent"]) == 100
    assert summary.feedback == {
        "received": 3,
        "resolved": None,
        "resolved_on_time": None,
        "pending": 1,
        "pending_overdue": None,
    }
    # A period written without "where" is named by its place in the list; yyyy-mm-dd is a day too.
    assert summary.stated_periods == (
        StatedPeriod("đoạn 1", date(2026, 1, 15), date(2026, 2, 14)),
        StatedPeriod("mở đầu", date(2026, 1, 15), date(2026, 2, 14)),
    )
    assert summary.document == "Báo cáo tháng 02"


def test_a_summary_without_optional_keys_has_them_unknown(tmp_path):
    summary = read_summary(_summary(tmp_path, "bieu06a: {total: 5}\n"))
    assert summary.vertical_agencies is None and summary.catalogue is None and summary.feedback is None
    assert summary.new_by_system is None and summary.stated_online is None and summary.stated_periods == ()


@pytest.mark.parametrize(
    ("body", "column", "words"),
    [
        ("bieu06a: {total: 5, tong: 3}\n", "bieu06a", "khóa không rõ ['tong'] trong bieu06a"),
        ("bieu06a: {total: -1}\n", "bieu06a.total", "số âm -1 không hợp lệ"),
        ("bieu06a: {total: 5.5}\n", "bieu06a.total", "'5.5' không phải số hồ sơ"),
        ("bieu06a: {total: true}\n", "bieu06a.total", "'True' không phải số hồ sơ"),
        ("bieu06a: [5]\n", "bieu06a", "'bieu06a' phải là một bảng khóa–giá trị"),
        ("new: '879'\n", "new", "'879' không phải số hồ sơ"),
        ("rates: {dung_han: 98}\n", "rates", "tỷ lệ không rõ ['dung_han']"),
        ("rates: {on_time: nhiều}\n", "rates.on_time", "'nhiều' không phải tỷ lệ phần trăm"),
        ("rates: {on_time: .nan}\n", "rates.on_time", "không phải tỷ lệ phần trăm"),
        ("vertical_agencies: {unit: A}\n", "vertical_agencies", "phải là danh sách {unit, total}"),
        ("vertical_agencies:\n  - {unit: A, total: 2}\n  - {unit: B}\n", "vertical_agencies[2]", "mục thứ 2"),
        ("vertical_agencies:\n  - {unit: A, total: -2}\n", "vertical_agencies[1].total", "số âm -2"),
        ("stated_periods:\n  - {from: 31/02/2026, to: 14/02/2026}\n", "stated_periods[1].from", "'31/02/2026'"),
        ("stated_periods:\n  - 15/01/2026\n", "stated_periods", "mục thứ 1 cần 'from' và 'to'"),
        ("feedback: {pending: -1}\n", "feedback.pending", "số âm -1"),
        ("catalogue: {procedures: 1.5}\n", "catalogue.procedures", "không phải số hồ sơ"),
    ],
)
def test_each_mistake_is_refused_naming_the_key(tmp_path, body, column, words):
    got_column, message = _refused(tmp_path, body)
    assert got_column == column and words in message


def test_a_percent_written_with_an_exponent_has_no_decimals(tmp_path):
    rates = read_summary(_summary(tmp_path, "rates: {on_time: 1.0e+2, online: 9.85e+1}\n")).rates
    assert (float(rates["on_time"]), rates["on_time"].decimals) == (100.0, 0)  # "100%", not a negative count
    assert (float(rates["online"]), rates["online"].decimals) == (98.5, 1)


def test_zero_is_a_count_and_the_period_must_be_the_reports(tmp_path):
    assert read_summary(_summary(tmp_path, "bieu06a: {total: 0}\n")).counts["total"] == 0
    with pytest.raises(InputError) as refused:
        read_summary(_summary(tmp_path, ""), period=parse_period("2026-03"))
    assert refused.value.errors[0].column == "period"
    assert "tệp ghi kỳ '2026-02' nhưng đang lập báo cáo kỳ '2026-03'" in refused.value.errors[0].message
