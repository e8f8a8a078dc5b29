"""Consistency checks: findings with a stable code and a Vietnamese message.

Every report runs them and lists what fails (in the HTML and on the command line,
not in the formal document). A ``--strict`` run fails on any finding.

Codes:

- ``TOTAL_NOT_CARRIED_PLUS_NEW``: (3) ≠ (4)+(5)+(6) — the seed's slip, 921 ≠ 14 + 879.
- ``RESOLVED_NOT_SUM``: (7) ≠ (8)+(9)+(10).
- ``IN_PROGRESS_NOT_SUM``: (11) ≠ (12)+(13).
- ``TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS``: (3) ≠ (7)+(11).
- ``NEW_NOT_SUM_OF_SYSTEMS``: new dossiers ≠ city system + ministries' systems.
- ``ONLINE_STATED_EXCEEDS_NEW``: "X/Y trực tuyến" states more online dossiers than were new.
- ``RATE_OUT_OF_RANGE``: a rate below 0% or above 100%.
- ``RATE_NOT_MATCHING_COUNTS``: a published rate that its own counts do not round to
  (61% matches 60,65%; 96,2% does not match 94,27%).
- ``CHANNEL_NOT_AVAILABLE``: the exports have no channel column; (4) and (5) are null.
- ``PERIOD_TEXT_MISMATCH``: a period written in the text differs from the computed one.
- ``RECONCILIATION_DIFFERENCE``: a published figure differs from the dossier data.
- ``FINISHED_BEFORE_RECEIVED``, ``DUE_BEFORE_RECEIVED``: impossible dates.
- ``FINISHED_WITHOUT_DATE``: status 9 or 10 without a finish date.
- ``NO_DATA_IN_PERIOD``: no dossier at all in the period.
- ``DUPLICATE_ID``, ``UNKNOWN_STATUS``, ``UNKNOWN_CHANNEL``, ``UNKNOWN_SYSTEM``,
  ``UNKNOWN_CODE``, ``UNKNOWN_FLAG``, ``EMPTY_FILE``, ``ENCODING_GUESSED``,
  ``COLUMN_NOT_IN_EVERY_FILE``: found while loading.

A finding about figures of Biểu 06a's total row names them (:attr:`Finding.figures`, the
known ones only): the workbook marks those cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

import numpy as np
import pandas as pd

from ..core import vnformat as fmt
from ..core.errors import Finding
from ..core.labels import BIEU06A_KEYS, RATE_LONG, from_to
from ..core.periods import Period
from ..inputs.codes import FINISHED_STATUSES
from ..inputs.schema import DOSSIER_COLUMNS
from ..inputs.summary import StatedPeriod
from .results import Bieu06aCounts, Indicators

Headers = Mapping[str, Mapping[str, str]]  # file → canonical column → its header there

_MAX_ROWS_PER_CODE = 50
# The Biểu 06a figures a published rate is a rate of (numerator and denominator, published.py).
RATE_FIGURES: dict[str, tuple[str, ...]] = {
    "on_time": ("resolved", "resolved_early", "resolved_on_time"),  # (8)+(9) / (7)
    "online": ("online", "direct_postal"),  # (4) / ((4)+(5))
    "in_progress": ("total", "in_progress"),  # (11) / (3)
}


def _known(counts: Bieu06aCounts, *keys: str) -> tuple[str, ...]:
    """The figures of ``keys`` that are known: a figure shown as not available is not marked."""
    return tuple(key for key in keys if getattr(counts, key) is not None)


def check_identities(counts: Bieu06aCounts) -> list[Finding]:
    """The identities of Biểu 06a that always hold (docs/counting.md), where the figures are known."""
    findings = []
    c = counts
    new = c.online + c.direct_postal if None not in (c.online, c.direct_postal) else c.stated_new
    if None not in (c.total, new, c.carried_over):
        expected = new + c.carried_over
        if c.total != expected:
            findings.append(
                Finding(
                    "TOTAL_NOT_CARRIED_PLUS_NEW",
                    f"Tổng số {c.total} hồ sơ khác số kỳ trước chuyển sang ({c.carried_over}) cộng tiếp nhận mới "
                    f"({new}): {c.carried_over} + {new} = {expected} "
                    f"(cột (3) ≠ (4)+(5)+(6), chênh lệch {c.total - expected}).",
                    figures=_known(c, "total", "online", "direct_postal", "carried_over"),
                )
            )
    in_time = c.resolved_in_time
    if None not in (c.resolved, in_time, c.resolved_late) and c.resolved != in_time + c.resolved_late:
        findings.append(
            Finding(
                "RESOLVED_NOT_SUM",
                f"Đã giải quyết {c.resolved} hồ sơ khác trước hạn và đúng hạn ({in_time}) cộng quá hạn "
                f"({c.resolved_late}) = {in_time + c.resolved_late} (cột (7) ≠ (8)+(9)+(10)).",
                figures=_known(c, "resolved", "resolved_early", "resolved_on_time", "resolved_late"),
            )
        )
    if None not in (c.in_progress, c.in_progress_on_time, c.in_progress_overdue):
        expected = c.in_progress_on_time + c.in_progress_overdue
        if c.in_progress != expected:
            findings.append(
                Finding(
                    "IN_PROGRESS_NOT_SUM",
                    f"Đang giải quyết {c.in_progress} hồ sơ khác trong hạn ({c.in_progress_on_time}) cộng quá hạn "
                    f"({c.in_progress_overdue}) = {expected} (cột (11) ≠ (12)+(13)).",
                    figures=("in_progress", "in_progress_on_time", "in_progress_overdue"),
                )
            )
    if None not in (c.total, c.resolved, c.in_progress) and c.total != c.resolved + c.in_progress:
        findings.append(
            Finding(
                "TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS",
                f"Tổng số {c.total} hồ sơ khác đã giải quyết ({c.resolved}) cộng đang giải quyết "
                f"({c.in_progress}) = {c.resolved + c.in_progress} (cột (3) ≠ (7)+(11)).",
                figures=("total", "resolved", "in_progress"),
            )
        )
    return findings


def check_rates(indicators: Indicators) -> list[Finding]:
    """Every rate within 0–100%."""
    findings = []
    for name, rate in indicators.rates.items():
        percent = rate.percent
        if percent is not None and not 0 <= percent <= 100:
            findings.append(
                Finding(
                    "RATE_OUT_OF_RANGE", f"{RATE_LONG[name]} bằng {fmt.number(percent, 2)}% nằm ngoài khoảng 0–100%."
                )
            )
    if indicators.catalogue is not None:
        percent = indicators.catalogue.published.percent
        if percent is not None and not 0 <= percent <= 100:
            findings.append(
                Finding(
                    "RATE_OUT_OF_RANGE", f"Tỷ lệ TTHC công khai bằng {fmt.number(percent, 2)}% nằm ngoài khoảng 0–100%."
                )
            )
    return findings


def stated_decimals(percent: float) -> int:
    """How many decimals a published rate was written with: 61 -> 0, 96.2 -> 1, 95.75 -> 2;
    as read from the file when it was kept (98.50 -> 2, :class:`~tthc_analysis.core.vnformat.StatedPercent`)."""
    return fmt.written_decimals(percent)


def rate_matches(stated: float, numerator: int, denominator: int) -> bool:
    """A published rate agrees with its counts when the counts' rate rounds to it.

    61% matches 60,65% (rounded to the decimals it was written with); 96,2% does not
    match 94,27%; 98,50% (two decimals) does not match 98,47%. Half a step either way
    matches (a report may round the other way), and so does what a report shows by our
    rule (99,9% for 99,96%: never 100% for a shortfall). 100% and 0% are claims about every
    dossier: they must be exact. Compared exactly, as fractions.
    """
    written = fmt.exact_percent(stated)
    if written in (0, 100):
        return numerator == (0 if written == 0 else denominator)
    decimals = stated_decimals(stated)
    exact = Fraction(100 * numerator, denominator)
    if abs(exact - written) <= Fraction(1, 2 * 10**decimals):
        return True
    return fmt.rounded_percent(exact, decimals) == written


def check_rates_against_counts(indicators: Indicators) -> list[Finding]:
    """A published rate that disagrees with the counts it is a rate of (on time, online, in progress)."""
    findings = []
    counts = indicators.counts
    pairs = [
        (name, rate.stated_percent, rate.numerator, rate.denominator, _known(counts, *RATE_FIGURES.get(name, ())))
        for name, rate in indicators.rates.items()
    ]
    stated = indicators.stated_online
    if stated is not None and None not in stated and "online" in indicators.rates:
        # "X/Y trực tuyến" as published: not figures of Biểu 06a.
        pairs.append(("online", indicators.rates["online"].stated_percent, stated[0], stated[1], ()))
    for name, percent, numerator, denominator, figures in pairs:
        if percent is None or numerator is None or not denominator:
            continue
        if not rate_matches(percent, numerator, denominator):
            label = RATE_LONG.get(name, name)
            # The counts' rate rounded once, to two decimals; the published one as it was written.
            decimals = 2
            actual = fmt.number(fmt.rounded_percent(Fraction(100 * numerator, denominator), decimals), decimals)
            findings.append(
                Finding(
                    "RATE_NOT_MATCHING_COUNTS",
                    f"{label} ghi {fmt.percent(percent)} nhưng theo số hồ sơ "
                    f"{numerator}/{denominator} = {actual}% (đã tính làm tròn).",
                    figures=figures,
                )
            )
    return findings


def check_channel_known(indicators: Indicators) -> list[Finding]:
    """Exports without a channel column: Biểu 06a (4) and (5) cannot be counted."""
    if indicators.source == "dossiers" and indicators.counts.online is None:
        return [
            Finding(
                "CHANNEL_NOT_AVAILABLE",
                "Dữ liệu hồ sơ không có cột kênh nộp (KenhThucHien / Hình thức nộp / Loại tiếp nhận): "
                "cột (4) trực tuyến và (5) trực tiếp, bưu chính của Biểu 06a không có số liệu; các cột khác vẫn được tính.",
                figures=("online", "direct_postal"),  # the workbook marks the two cells it cannot fill
            )
        ]
    return []


def check_other_sums(indicators: Indicators) -> list[Finding]:
    """New dossiers by system and the stated online fraction against the new dossiers."""
    findings = []
    new = indicators.counts.new
    systems = indicators.new_by_system
    # Counted from dossiers, TP + BO falls short of new only by the systems nobody could read,
    # each already an UNKNOWN_SYSTEM finding: the sum is a published figures' check.
    published = indicators.source == "summary"
    both = published and systems is not None and {"TP", "BO"} <= set(systems) and None not in systems.values()
    if new is not None and both and sum(systems.values()) != new:  # one system alone sums to nothing
        parts = " + ".join(str(v) for v in systems.values())
        findings.append(
            Finding(
                "NEW_NOT_SUM_OF_SYSTEMS",
                f"Tiếp nhận mới {new} hồ sơ khác tổng theo hệ thống {parts} = {sum(systems.values())}.",
            )
        )
    stated = indicators.stated_online
    if stated is not None and new is not None and stated[0] is not None and stated[0] > new:
        written = str(stated[0]) if stated[1] is None else f"{stated[0]}/{stated[1]}"  # "of" may be unpublished
        findings.append(
            Finding(
                "ONLINE_STATED_EXCEEDS_NEW",
                f"Số hồ sơ tiếp nhận trực tuyến ghi {written} nhưng chỉ có {new} hồ sơ tiếp nhận mới "
                "trong kỳ (hồ sơ kỳ trước chuyển sang không được tiếp nhận lại).",
            )
        )
    return findings


def check_stated_periods(stated: Iterable[StatedPeriod], period: Period) -> list[Finding]:
    """A period written in a report's text equals the computed one."""
    findings = []
    for item in stated:
        if (item.start, item.end) != (period.start, period.end):
            findings.append(
                Finding(
                    "PERIOD_TEXT_MISMATCH",
                    f"Kỳ số liệu ghi ở {item.where} là {from_to(item.start, item.end)}, "
                    f"nhưng {period.name} là {from_to(period.start, period.end)}.",
                )
            )
    return findings


def check_reconciliation(indicators: Indicators) -> list[Finding]:
    """One finding per published figure that differs from the dossier data."""
    findings = []
    for item in indicators.reconciliation:
        if item.computed is None or item.matches:
            continue
        findings.append(
            Finding(
                "RECONCILIATION_DIFFERENCE",
                f"{item.label}: số đã công bố {fmt.number(item.published, 2)} khác số tính từ dữ liệu hồ sơ "
                f"{fmt.number(item.computed, 2)} (chênh lệch {fmt.signed(item.difference)}).",
                figures=(item.key,) if item.key in BIEU06A_KEYS else (),
            )
        )
    return findings


def _row_findings(
    frame: pd.DataFrame, mask: pd.Series, code: str, column: str, message: str, headers: Headers
) -> list[Finding]:
    """A finding a dossier of ``mask`` (then a count), naming ``column`` as its file writes it."""
    hits = np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool))
    # Only the rows shown are taken: masking the whole frame copied its 10M ids even with no hit.
    shown = frame.iloc[hits[:_MAX_ROWS_PER_CODE]][["dossier_id", "source_file", "source_row"]]
    portal = next(c.portal for c in DOSSIER_COLUMNS if c.name == column)
    findings = [
        Finding(
            code,
            message.format(id=row.dossier_id),
            "warning",
            str(row.source_file),
            int(row.source_row),
            headers.get(str(row.source_file), {}).get(column, portal),
        )
        for row in shown.itertuples(index=False)
    ]
    if len(hits) > _MAX_ROWS_PER_CODE:
        findings.append(Finding(code, f"... và {len(hits) - _MAX_ROWS_PER_CODE} hồ sơ khác cùng lỗi."))
    return findings


def check_dossier_rows(
    frame: pd.DataFrame, rows: pd.Series | None = None, headers: Headers | None = None
) -> list[Finding]:
    """Impossible dates and finished statuses without a finish date, row by row.

    ``rows`` limits the check to some dossiers (those taking part in a period); ``headers``
    (:attr:`LoadedTable.headers`) names each column as its file writes it (else the portal's name).
    """
    # The masks are limited to ``rows``, never the frame: a copy of the rows of a period is large.
    among = rows.to_numpy(dtype=bool) if rows is not None else np.ones(len(frame), dtype=bool)
    headers = headers or {}
    findings = _row_findings(
        frame,
        among & (frame["finished"] < frame["received"]),
        "FINISHED_BEFORE_RECEIVED",
        "finished",
        "Hồ sơ {id} có ngày kết thúc xử lý trước ngày tiếp nhận.",
        headers,
    )
    findings += _row_findings(
        frame,
        among & (frame["due"] < frame["received"]),
        "DUE_BEFORE_RECEIVED",
        "due",
        "Hồ sơ {id} có ngày hẹn trả trước ngày tiếp nhận.",
        headers,
    )
    findings += _row_findings(
        frame,
        among & frame["status"].isin(list(FINISHED_STATUSES)) & frame["finished"].isna(),  # isin is never NA
        "FINISHED_WITHOUT_DATE",
        "finished",
        "Hồ sơ {id} có trạng thái đã xử lý xong/đã trả kết quả nhưng không có ngày kết thúc xử lý "
        "(được tính là đang giải quyết).",
        headers,
    )
    return findings


def check_no_data(indicators: Indicators) -> list[Finding]:
    """A period with no dossier at all (none received in it, when carried over is not known):
    the files or the period are probably wrong."""
    counts = indicators.counts
    known = counts.total is not None
    if indicators.source != "dossiers" or (counts.total if known else counts.new) != 0:
        return []
    period = indicators.period
    what = "hồ sơ nào" if known else "hồ sơ nào được tiếp nhận"
    return [
        Finding(
            "NO_DATA_IN_PERIOD",
            f"Không có {what} trong {period.name} ({from_to(period.start, period.end)}); "
            "kiểm tra lại tệp dữ liệu hoặc kỳ báo cáo.",
        )
    ]


def run_checks(
    indicators: Indicators,
    *,
    dossiers: pd.DataFrame | None = None,
    dossier_rows: pd.Series | None = None,
    dossier_headers: Headers | None = None,
    load_warnings: Iterable[Finding] = (),
    stated_periods: Iterable[StatedPeriod] = (),
) -> list[Finding]:
    """All checks for one report (docs/published-figures.md#checks-findings); the findings in a stable order."""
    findings = check_identities(indicators.counts)
    findings += check_other_sums(indicators)
    findings += check_rates(indicators)
    findings += check_rates_against_counts(indicators)
    findings += check_channel_known(indicators)
    findings += check_stated_periods(stated_periods, indicators.period)
    findings += check_reconciliation(indicators)
    findings += check_field_rows(indicators)
    if dossiers is not None:
        findings += check_dossier_rows(dossiers, dossier_rows, dossier_headers)
    findings += list(load_warnings)
    return findings + check_no_data(indicators)


def check_field_rows(indicators: Indicators) -> list[Finding]:
    """A published Biểu 06a's rows by field (indicators/form_checks.py)."""
    from .form_checks import check_field_rows as check_rows

    return check_rows(indicators)
