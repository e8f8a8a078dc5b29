"""Every product tells the truth: a figure its inputs do not determine is never stated.

A random consistent month is drawn as dossier rows (and sometimes a set of figures a report
published about it), written as a data root, and every product is built from it for each
``--source``: indicators.json, the narrative, the formal .docx, the Biểu 06a workbook, the
batch's index page and the city's page, .docx, workbook and city.json. The figures the inputs
determine are worked out here by an independent method — plain Python over the generated rows
by the rules of docs/counting.md, and for published figures the identities of
docs/published-figures.md — and every figure a product prints must equal them; a figure they
do not determine must be "không có số liệu" (None in the JSON), never 0, and no "không có /
chưa có / không còn … / 100%" claim may be made that the figures do not show.

The sentence parser is tests/sentence_claims.py (``_claims``), extended here
with what a report from dossiers says besides (new dossiers by system, overdue by field, the
assessment of Section II).
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from reference_count import END, KEYS, NEW_ONLY, START, SUMS, Dossier, count_rows, knowable
from sentence_claims import _claims

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.labels import BIEU06A_KEYS, NOT_APPLICABLE, NOT_AVAILABLE, RECONCILIATION
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import city_indicators
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.city.report import write_city_products
from tthc_analysis.report.formal import write_docx
from tthc_analysis.report.index_page import IndexEntry, index_page
from tthc_analysis.report.narrative import report_blocks
from tthc_analysis.report.workbook import write_bieu06a_xlsx

PERIOD = parse_period("2026-02")
EARLIEST, LATEST = date(2025, 11, 20), date(2026, 2, 22)
# Days where the rules turn: the day before the period, its first and last day, the day after.
KEY_DAYS = (START - timedelta(1), START, END, END + timedelta(1))
FIELDS = ("Hộ tịch", "Chứng thực", "Đất đai")
SOURCES = ("auto", "dossiers", "published")
# Biểu 06a (3)–(13), then the report's sums (4)+(5), (8)+(9), (10)+(13), then new dossiers by system.
COLUMNS = BIEU06A_KEYS  # the keys of indicators.json, in the form's order
RATES = {"on_time": ("in_time", "resolved"), "online": ("online", "new"), "in_progress": ("in_progress", "total")}
# The findings that say published figures disagree with themselves: never true of a consistent month.
SELF_DISAGREEMENT = {
    "TOTAL_NOT_CARRIED_PLUS_NEW",
    "RESOLVED_NOT_SUM",
    "IN_PROGRESS_NOT_SUM",
    "TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS",
    "NEW_NOT_SUM_OF_SYSTEMS",
    "ONLINE_STATED_EXCEEDS_NEW",
    "RATE_OUT_OF_RANGE",
    "RATE_NOT_MATCHING_COUNTS",
}
COMMUNE, FIXED = "thu", "co-dinh"
NAMES = {COMMUNE: "phường Thử", FIXED: "xã Cố Định"}
COMMUNES_YAML = """city: thành phố Thử Nghiệm
centre:
  issuing_body: [UBND THÀNH PHỐ THỬ NGHIỆM, TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG]
  signer: {authority: [GIÁM ĐỐC], name: Nguyễn Văn Ký}
communes:
  - {id: thu, name: Thử, kind: phường}
  - {id: co-dinh, name: Cố Định, kind: xã}
"""
FAST = settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- the independent method


IDENTITIES = (
    ("new", ("online", "direct_postal")),
    ("total", ("new", "carried_over")),
    ("total", ("resolved", "in_progress")),
    ("in_time", ("resolved_early", "resolved_on_time")),
    ("resolved", ("in_time", "resolved_late")),
    ("in_progress", ("in_progress_on_time", "in_progress_overdue")),
    ("overdue", ("resolved_late", "in_progress_overdue")),
)


def implied(published: dict[str, int]) -> dict[str, int | None]:
    """docs/published-figures.md: the figures the published ones imply exactly — a term of an
    identity whose other terms are known, and every part of a sum of 0; new from both systems."""
    values: dict[str, int | None] = {k: published.get(k) for k in KEYS}
    if values["new"] is None and values["TP"] is not None and values["BO"] is not None:
        values["new"] = values["TP"] + values["BO"]
    changed = True
    while changed:
        changed = False
        for whole, parts in IDENTITIES:
            unknown = [t for t in (whole, *parts) if values[t] is None]
            if not unknown:
                continue
            if values[whole] == 0:
                values.update(dict.fromkeys(unknown, 0))
            elif len(unknown) == 1 and unknown[0] == whole:
                values[whole] = sum(values[p] for p in parts)
            elif len(unknown) == 1:
                values[unknown[0]] = values[whole] - sum(values[p] for p in parts if p != unknown[0])
            else:
                continue
            changed = True
    return values


def rounded(exact: Fraction) -> Fraction:
    """A rate as shown, one decimal, half up; a shortfall never 100, a nonzero share never 0."""
    shown = Fraction(int(exact * 10 + Fraction(1, 2)), 10)
    if shown >= 100 > exact:
        return Fraction(999, 10)
    if shown <= 0 < exact:
        return Fraction(1, 10)
    return shown


# ---------------------------------------------------------------- drawing a month


def _day_from(first: date, last: date):
    days = [d for d in KEY_DAYS if first <= d <= last]
    spread = st.integers(0, (last - first).days).map(lambda n: first + timedelta(n))
    return st.one_of(st.sampled_from(days), spread) if days else spread


@st.composite
def dossiers(draw, number: int, earliest: date, *, anchor: bool = False) -> Dossier:
    received = draw(_day_from(START, END) if anchor else _day_from(earliest, LATEST))
    statuses = (2, 4, 5, 7, 9, 10) if anchor else (2, 4, 4, 5, 7, 9, 10, 10, 10, 1, 3)
    due = draw(st.none() | _day_from(received, received + timedelta(25)))
    finished = draw(st.none() | _day_from(received, received + timedelta(35)))
    return Dossier(
        f"HS{number:03d}",
        draw(st.sampled_from(FIELDS)),
        draw(st.sampled_from(statuses)),
        draw(st.sampled_from(("1", "2", "2", "3", ""))),
        draw(st.sampled_from(("TP", "TP", "BO"))),
        received,
        due,
        finished,
    )


@dataclass
class Month:
    rows: list[Dossier]
    channel: bool
    system: bool
    truth: dict[str, int]  # the month as it was
    by_field: dict[str, dict[str, int]]
    fields: dict[str, set]
    reaches_back: bool  # a dossier received before the period is in the export
    dossiers: dict[str, int | None]  # what the exports determine
    published_world: dict[str, int] | None  # the figures a report was written from (may differ)
    summary: dict | None  # summary-2026-02.yaml
    published_keys: frozenset[str]  # KEYS published explicitly


@st.composite
def months(draw) -> Month:
    reaches_back = draw(st.booleans())
    earliest = EARLIEST if reaches_back else START
    size = draw(st.integers(0, 11))
    rows = [draw(dossiers(0, START, anchor=True)), *(draw(dossiers(n, earliest)) for n in range(1, size + 1))]
    if reaches_back:  # a dossier long finished: the export reaches back before the period
        rows.append(
            Dossier("HS999", "Hộ tịch", 10, "1", "TP", date(2025, 11, 3), date(2025, 11, 10), date(2025, 11, 5))
        )
    channel = draw(st.sampled_from((True, True, True, False)))
    system = draw(st.booleans())
    truth, by_field, fields = count_rows(rows)
    shown = knowable(truth, reaches_back=min(r.received for r in rows) < START, channel=channel, system=system)
    month = Month(rows, channel, system, truth, by_field, fields, reaches_back, shown, None, None, frozenset())
    if draw(st.booleans()):
        world = dict(truth)
        if draw(st.booleans()):  # the report was written from other figures than the exports show
            extra = draw(st.integers(1, 4))
            leaf = draw(st.sampled_from(("resolved_early", "resolved_on_time", "resolved_late")))
            leaf = draw(st.sampled_from((leaf, "in_progress_on_time", "in_progress_overdue")))
            side = draw(st.sampled_from(("online", "direct_postal", "carried_over")))
            for key in (leaf, side, "total"):
                world[key] += extra
            world["resolved"] = world["resolved_early"] + world["resolved_on_time"] + world["resolved_late"]
            world["in_progress"] = world["in_progress_on_time"] + world["in_progress_overdue"]
            world["in_time"] = world["resolved_early"] + world["resolved_on_time"]
            world["overdue"] = world["resolved_late"] + world["in_progress_overdue"]
            world["new"] = world["online"] + world["direct_postal"]
            world["TP"] += extra if side != "carried_over" else 0
        choices = [*COLUMNS, *SUMS, "systems", *(f"rate_{name}" for name in RATES)]
        chosen = draw(st.sets(st.sampled_from(choices)))
        summary: dict = {"period": "2026-02", "bieu06a": {k: world[k] for k in COLUMNS if k in chosen}}
        for key, name in (("new", "new"), ("in_time", "resolved_in_time"), ("overdue", "overdue")):
            if key in chosen:
                summary[name] = world[key]
        # Both systems or neither: one alone is test_one_system_published_alone_is_no_disagreement's case.
        systems = {k: world[k] for k in ("TP", "BO") if "systems" in chosen}
        if systems:
            summary["new_by_system"] = systems
        rates = {}
        for name, (numerator, denominator) in RATES.items():
            if f"rate_{name}" in chosen and world[denominator]:
                rates[name] = float(rounded(Fraction(100 * world[numerator], world[denominator])))
        if rates:
            summary["rates"] = rates
        month.published_world, month.summary = world, summary
        month.published_keys = frozenset(k for k in KEYS if k in chosen or k in systems)
    return month


def write_month(folder: Path, month: Month) -> DataRoot:
    """A data root: the drawn commune (phường Thử) and a fixed one (xã Cố Định, the hand-worked month)."""
    (folder / COMMUNE).mkdir(parents=True)
    (folder / FIXED).mkdir()
    (folder / "communes.yaml").write_text(COMMUNES_YAML, encoding="utf-8")
    headers = [h for h in HEADERS_VN if month.channel or h != "Kênh nộp"] + (["Hệ thống"] if month.system else [])
    write_csv(folder / COMMUNE / "dossiers.csv", headers, [r.row(month.channel, month.system) for r in month.rows])
    if month.summary is not None:
        text = yaml.safe_dump(month.summary, allow_unicode=True)
        (folder / COMMUNE / "summary-2026-02.yaml").write_text(text, encoding="utf-8")
    write_csv(folder / FIXED / "dossiers.csv", HEADERS_VN, [EARLIER_ROW, *HAND_ROWS])
    return DataRoot(folder)


def hand_dossiers() -> list[Dossier]:
    def day(text: str) -> date | None:
        return datetime.strptime(text.split(" ")[0], "%d/%m/%Y").date() if text else None

    return [
        Dossier(r[0], r[1], int(r[2]), r[3], "TP", day(r[4]), day(r[5]), day(r[6]))  # type: ignore[arg-type]
        for r in (EARLIER_ROW, *HAND_ROWS)
    ]


FIXED_FIGURES = knowable(count_rows(hand_dossiers())[0], reaches_back=True, channel=True, system=False)


# ---------------------------------------------------------------- what each source must show


@dataclass
class Expected:
    source: str  # "dossiers" or "summary"
    figures: dict[str, int | None]
    rates: dict[str, tuple[int | None, int | None, float | None]]  # numerator, denominator, as published
    true_rates: dict[str, Fraction | None]  # the exact percent a shown rate must round from
    by_field: dict[str, dict[str, int | None]] | None
    differences: set[str]  # reconciliation keys whose published figure differs from the exports
    carried_over_unknown: bool  # the CARRIED_OVER_UNKNOWN finding must be there
    # Differences a product may name or not (none since new implied by TP + BO is derived).
    maybe: frozenset[str] = frozenset()


def expected(month: Month, source: str) -> Expected | None:
    """What the report of ``source`` must show; None when the source has no figures (InputError)."""
    has_summary = month.summary is not None
    # The exports cover the period when they reach back before it and go on to its end (docs:
    # published-figures.md#the-source-of-a-report); auto prefers published figures, if any, otherwise.
    last = max(d for r in month.rows for d in (r.received, r.finished) if d is not None)
    reaches_end = not START <= last < END
    dossier_complete = month.dossiers["carried_over"] is not None and reaches_end
    if source == "published" and not has_summary:
        return None
    published_figures = implied({k: month.published_world[k] for k in month.published_keys}) if has_summary else {}
    has_figures = any(published_figures.get(k) is not None for k in (*COLUMNS, "new"))
    use_dossiers = source == "dossiers" or (source == "auto" and (dossier_complete or not has_figures))
    if use_dossiers:
        figures = month.dossiers
        rates = {n: (figures[a], figures[b], None) for n, (a, b) in RATES.items()}
        rates = {n: (None, None, None) if None in (a, b) else (a, b, None) for n, (a, b, _) in rates.items()}
        true_rates = {n: None if a is None or not b else Fraction(100 * a, b) for n, (a, b, _) in rates.items()}
        known = month.dossiers["carried_over"] is not None
        keys = COLUMNS if known else ("online", "direct_postal")
        by_field = {
            name: {k: (row[k] if k in keys and (month.channel or k not in NEW_ONLY) else None) for k in COLUMNS}
            for name, row in month.by_field.items()
            if name in month.fields["part" if known else "new"]
        }
        kind = "dossiers"
    else:
        world = month.published_world
        published = {k: world[k] for k in month.published_keys}
        figures = implied(published)
        figures["TP"], figures["BO"] = published.get("TP"), published.get("BO")
        stated = (month.summary or {}).get("rates", {})
        rates, true_rates = {}, {}
        for name, (a, b) in RATES.items():
            numerator, denominator = figures[a], figures[b]
            if numerator is None or denominator is None:
                numerator = denominator = None
            rates[name] = (numerator, denominator, stated.get(name))
            exact = None if not world[b] else Fraction(100 * world[a], world[b])
            true_rates[name] = exact if name in stated or (denominator and numerator is not None) else None
        by_field, kind = None, "summary"
    differences: set[str] = set()
    maybe: set[str] = set()
    computed_shown = month.dossiers["total"] or month.dossiers["new"]
    if has_summary and (use_dossiers or computed_shown):
        world, shown = month.published_world, month.dossiers
        names = {"new": "new", "in_time": "resolved_in_time", "overdue": "overdue", "TP": "new_by_system.TP"}
        names["BO"] = "new_by_system.BO"
        for key in month.published_keys:
            if shown[key] is not None and shown[key] != world[key]:
                differences.add(names.get(key, key))
        # New implied by both systems is derived, not published: never reconciled, never named.
        for name, value in month.summary.get("rates", {}).items():
            a, b = RATES[name]
            if (
                shown[a] is not None
                and shown[b]
                and rounded(Fraction(100 * shown[a], shown[b])) != Fraction(str(value))
            ):
                differences.add(f"rates.{name}")
    return Expected(kind, figures, rates, true_rates, by_field, differences, not month.reaches_back, frozenset(maybe))


# ---------------------------------------------------------------- reading the products


def number_cell(value: int | None) -> object:
    return NOT_AVAILABLE if value is None else value


def _percent(text: str) -> Fraction:
    return Fraction(text.replace(",", "."))


def rate_wanted(exp: Expected, name: str) -> Fraction | str:
    """A commune's rate as a table must show it: the exact percent it is rounded from, or why there is none."""
    _, denominator, stated = exp.rates[name]
    if stated is None and denominator is None:
        return NOT_AVAILABLE
    if stated is None and denominator == 0:
        return NOT_APPLICABLE
    return exp.true_rates[name]


def city_rate_wanted(communes: dict[str, Expected], name: str) -> Fraction | str:
    exact, covered, _ = city_rate(communes, name)
    return NOT_AVAILABLE if not covered else NOT_APPLICABLE if exact is None else exact


def check_rate_text(text: str, exact: Fraction | str | None, where: str) -> None:
    """A shown rate: rounded from the truth, 100% and 0% only when exact; else the words wanted."""
    if isinstance(exact, str) or exact is None:
        assert text == (exact or NOT_AVAILABLE), (where, text)
        return
    match = re.fullmatch(r"(\d[\d,]*)%", text)
    assert match, (where, text)
    shown = _percent(match.group(1))
    assert shown == rounded(exact), (where, text, float(exact))  # rounded once, half up, from the truth
    assert (shown == 100) == (exact == 100) and (shown == 0) == (exact == 0), (where, text, float(exact))


def sentence_claims(texts: list[str], exp: Expected) -> None:
    """Every figure and every "không có / chưa có / không còn / 100%" of Sections I–II is true."""
    figures = exp.figures
    text = "\n".join(t for t in texts if not t.startswith("- Kết quả giải quyết TTHC tháng 02 năm 2026 (số liệu"))
    text = text.replace("Trong tháng 02, ", "").replace("tháng 02 năm 2026", "tháng này")
    extra: list[tuple[str, int]] = []

    def take(pattern: str, handle) -> None:
        nonlocal text
        for match in re.finditer(pattern, text):
            handle(match)
        text = re.sub(pattern, " ", text)

    n = r"(\d[\d.]*)"

    def num(value: str) -> int:
        return int(value.replace(".", ""))

    def system_line(m: re.Match) -> None:
        """ "X% hồ sơ tiếp nhận mới (a/b hồ sơ) được tiếp nhận trên Hệ thống …"."""
        city, new = num(m.group(2)), num(m.group(3))
        assert (figures["TP"], figures["new"]) == (city, new), (m.group(0), figures)
        check_rate_text(f"{m.group(1)}%", Fraction(100 * city, new), m.group(0))
        if m.group(1) == "100":  # every new dossier there: none on ministries' systems, and that is known
            extra.append(("BO", 0))

    take(rf"(\d[\d,]*)% hồ sơ tiếp nhận mới \({n}/{n} hồ sơ\) được tiếp nhận trên Hệ thống[^.]*\.", system_line)
    take(rf"tiếp nhận mới ({n} hồ sơ), đều được tiếp nhận trên Hệ thống thông tin giải quyết TTHC của [^;).]*",
         lambda m: extra.extend([("new", num(m.group(2))), ("TP", num(m.group(2))), ("BO", 0)]))  # fmt: skip
    take(rf"{n} hồ sơ được tiếp nhận trên Hệ thống thông tin giải quyết TTHC của [^;)]*?(?= và |\)|;)",
         lambda m: extra.append(("TP", num(m.group(1)))))  # fmt: skip
    take(
        rf"(?:và|trong đó có) {n} hồ sơ được tiếp nhận qua hệ thống của các bộ",
        lambda m: extra.append(("BO", num(m.group(1)))),
    )
    take(r", trong đó có(?= *[;)])", lambda m: None)

    def places(m: re.Match) -> None:
        for name, value in re.findall(rf"lĩnh vực ([^:;()]+): {n} hồ sơ", m.group(1)):
            assert exp.by_field is not None and name in exp.by_field, (name, m.group(0))
            row = exp.by_field[name]
            assert row["resolved_late"] + row["in_progress_overdue"] == num(value), (name, value, row)

    take(r"(?<=hồ sơ) \(((?:lĩnh vực [^:;()]+: \d[\d.]* hồ sơ(?:; )?)+)\)", places)
    assert "không phát sinh" not in text or (figures["new"] == 0 and "trực tuyến" in text), text
    counts, rates, rest = _claims(text)
    for key, value in [*counts, *extra]:
        assert figures.get(key) == value, (key, value, figures, texts)
    names = {(a, b): name for name, (a, b) in RATES.items()}
    names[("in_time", "resolved")] = "on_time"
    for numerator, denominator, percent in rates:
        name = names[(numerator, denominator)]
        exact = exp.true_rates[name]
        assert exact is not None, (name, percent, texts)
        assert Fraction(str(percent)) == rounded(exact), (name, percent, float(exact), texts)
        assert (percent == 100) == (exact == 100) and (percent == 0) == (exact == 0), (name, percent, texts)
    leftover = re.sub(r"^\d\. ", "", rest, flags=re.MULTILINE)
    leftover = re.sub(r"\(số liệu[^)]*\)", " ", leftover)
    assert not re.search(r"\d", leftover), (re.findall(r".{0,40}\d.{0,20}", leftover), texts)
    for words in ("không có", "chưa có", "không còn", "100%"):
        assert words not in leftover.lower(), (words, leftover)


def report_sections(texts: list[str]) -> list[str]:
    """Sections I and II (the figures' sentences and the assessment); III–IV are the commune's text."""
    first = texts.index("I. KẾT QUẢ THỰC HIỆN")
    last = next(i for i, t in enumerate(texts) if t.startswith("III. "))
    return [t for t in texts[first:last] if t not in ("I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG")]


def check_commune_products(month: Month, root: DataRoot, source: str, folder: Path) -> None:
    exp = expected(month, source)
    if exp is None:
        with pytest.raises(InputError):
            commune_indicators(root, COMMUNE, PERIOD, source=source)
        return
    ind = commune_indicators(root, COMMUNE, PERIOD, source=source)
    commune = root.commune(COMMUNE)
    figures = exp.figures

    # indicators.json
    data = json.loads(json.dumps(ind.to_dict(), ensure_ascii=False))
    assert data["source"] == exp.source
    assert data["bieu06a"] == {k: figures[k] for k in COLUMNS}, (data["bieu06a"], figures)
    assert (data["new"], data["resolved_in_time"], data["overdue"]) == tuple(figures[k] for k in SUMS)
    systems = data["new_by_system"] or {}
    assert (systems.get("TP"), systems.get("BO")) == (figures["TP"], figures["BO"]), (systems, figures)
    for name, (numerator, denominator, stated) in exp.rates.items():
        rate = data["rates"][name]
        assert (rate["numerator"], rate["denominator"]) == (numerator, denominator), (name, rate)
        status = (
            "ok" if stated is not None or denominator else "not_available" if denominator is None else "not_applicable"
        )
        assert rate["status"] == status, (name, rate)
    if exp.by_field is not None:
        rows = {r["field_name"]: {k: r[k] for k in COLUMNS} for r in data["bieu06a_by_field"]}
        assert rows == exp.by_field
    else:
        assert data["bieu06a_by_field"] == []
    codes = [f["code"] for f in data["findings"]]
    assert ("CARRIED_OVER_UNKNOWN" in codes) == exp.carried_over_unknown, codes
    assert not SELF_DISAGREEMENT & set(codes), data["findings"]
    labels = {label: key for key, label in RECONCILIATION.items()}
    named = {
        labels[f["message"].removeprefix("Số liệu đã công bố: ").split(": số đã công bố")[0]]
        for f in data["findings"]
        if f["code"] == "RECONCILIATION_DIFFERENCE"
    }
    assert named - exp.maybe == exp.differences, (data["findings"], month.summary, month.dossiers)

    # The narrative, and the .docx that lays it out
    blocks = [b.display for b in report_blocks(ind, commune)]
    sentence_claims(report_sections(blocks), exp)
    docx = folder / f"{source}.docx"
    write_docx(ind, commune, docx)
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    assert report_sections(paragraphs) == report_sections(blocks)
    sentence_claims(report_sections(paragraphs), exp)
    for paragraph in paragraphs:  # anywhere: "100%" next to "hệ thống" only when every new dossier was there
        if "100%" in paragraph and "hệ thống" in paragraph.lower():
            assert figures["new"] and figures["TP"] == figures["new"] and figures["BO"] == 0, paragraph
    if exp.source == "summary" and "total" in month.published_keys:
        assert f"- Tổng số {fmt_count(figures['total'])} hồ sơ" in "\n".join(paragraphs)

    # The Biểu 06a workbook
    xlsx = folder / f"{source}.xlsx"
    write_bieu06a_xlsx(ind, xlsx)
    ws = load_workbook(xlsx).active
    rows, r = {}, 11
    while ws.cell(r, 2).value not in (None, "Tổng cộng"):
        rows[ws.cell(r, 2).value] = [ws.cell(r, c).value for c in range(3, 14)]
        r += 1
    total_row = [ws.cell(r, c).value for c in range(3, 14)]
    assert ws.cell(r, 2).value == "Tổng cộng"
    assert total_row == [number_cell(figures[k]) for k in COLUMNS], (total_row, figures)
    if exp.source == "dossiers" and not month.reaches_back:  # the export starts inside the period
        assert not isinstance(total_row[0], int) and not isinstance(total_row[3], int)
    assert rows == {name: [number_cell(row[k]) for k in COLUMNS] for name, row in (exp.by_field or {}).items()}

    # The batch's index page
    page = index_page(PERIOD, [IndexEntry(NAMES[COMMUNE], "x.html", ind.to_dict())])
    row = re.search(r'<tr[^>]*><td[^>]*><a href="x.html">.*?</tr>', page).group(0)
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)][2:]
    assert cells[:4] == [NOT_AVAILABLE if figures[k] is None else fmt_number(figures[k]) for k in ("total", *SUMS)]
    for name, text in zip(("on_time", "online"), cells[4:6]):
        check_rate_text(text, rate_wanted(exp, name), name)
    assert cells[6] == ("dữ liệu hồ sơ" if ind.source == "dossiers" else "số liệu đã công bố")  # its source, said
    assert cells[7] == str(len(data["findings"]))


def fmt_count(value: int) -> str:
    return f"{value:02d}" if value < 10 else f"{value:,}".replace(",", ".")


def fmt_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# ---------------------------------------------------------------- property 1: a commune's products


def test_the_independent_count_agrees_with_the_hand_worked_month():
    from conftest import EXPECTED_2026_02

    assert {k: FIXED_FIGURES[k] for k in COLUMNS} == EXPECTED_2026_02
    assert (FIXED_FIGURES["new"], FIXED_FIGURES["in_time"], FIXED_FIGURES["overdue"]) == (10, 6, 3)


@FAST
@given(months())
def test_every_product_of_a_commune_states_only_what_its_inputs_determine(month):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        root = write_month(folder / "data", month)
        for source in SOURCES:
            check_commune_products(month, root, source, folder)


# ---------------------------------------------------------------- property 2: the city's products


def fixed_expected() -> Expected:
    """xã Cố Định: the hand-worked month from its exports, reaching back (every figure known)."""
    figures = FIXED_FIGURES
    rates = {n: (figures[a], figures[b], None) for n, (a, b) in RATES.items()}
    true_rates = {n: Fraction(100 * figures[a], figures[b]) for n, (a, b) in RATES.items()}
    return Expected("dossiers", figures, rates, true_rates, None, set(), carried_over_unknown=False)


def city_total(communes: dict[str, Expected]) -> dict[str, int | None]:
    """Column by column over the communes with figures; a column one of them does not know is not known."""
    out: dict[str, int | None] = {}
    for key in (*COLUMNS, *SUMS):
        values = [e.figures[key] for e in communes.values()]
        out[key] = None if not values or None in values else sum(values)
    return out


def city_rate(communes: dict[str, Expected], name: str) -> tuple[Fraction | None, int, int]:
    """The ratio of the summed counts over the communes that have both; (percent, covered, with data)."""
    covered = [e.rates[name][:2] for e in communes.values() if None not in e.rates[name][:2]]
    numerator, denominator = sum(a for a, _ in covered), sum(b for _, b in covered)
    return (Fraction(100 * numerator, denominator) if denominator else None), len(covered), len(communes)


def check_city_products(month: Month, root: DataRoot, source: str, out: Path) -> None:
    communes = {c: e for c, e in ((COMMUNE, expected(month, source)), (FIXED, None)) if e is not None}
    if source != "published":
        communes[FIXED] = fixed_expected()
    communes = {c: communes[c] for c in (COMMUNE, FIXED) if c in communes}  # the order of communes.yaml
    total = city_total(communes)
    city = city_indicators(root, PERIOD, source=source)
    write_city_products(city, root.centre(), out)
    folder = out / "2026-02"

    # city.json
    data = json.loads((folder / "city.json").read_text(encoding="utf-8"))
    assert data["no_data"] == [c for c in (COMMUNE, FIXED) if c not in communes]
    for commune_id, exp in communes.items():
        assert data["communes"][commune_id]["bieu06a"] == {k: exp.figures[k] for k in COLUMNS}, commune_id
    assert data["total"]["bieu06a"] == {k: total[k] for k in COLUMNS}, (data["total"]["bieu06a"], total)
    assert [data["total"][k] for k in ("new", "resolved_in_time", "overdue")] == [total[k] for k in SUMS]

    # The workbook: a row per commune with figures, and the total
    ws = load_workbook(folder / "bieu-06a-tong-hop-2026-02.xlsx").active
    rows, r = {}, 11
    while ws.cell(r, 2).value not in (None, "Tổng cộng"):
        rows[ws.cell(r, 2).value] = [ws.cell(r, c).value for c in range(3, 14)]
        r += 1
    assert rows == {NAMES[c]: [number_cell(e.figures[k]) for k in COLUMNS] for c, e in communes.items()}
    assert [ws.cell(r, c).value for c in range(3, 14)] == [number_cell(total[k]) for k in COLUMNS]

    # The page's Biểu 06a: the same rows and total
    page = (folder / "tong-hop-2026-02.html").read_text(encoding="utf-8")
    table = page[page.index("<h2>Biểu 06a theo") :]
    table = table[: table.index("</table>")]

    def cells(row: str) -> list[str]:
        return [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]

    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", table, flags=re.S).group(1)
    shown = {cells(row)[0]: cells(row)[2:] for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)}
    want = {NAMES[c]: [text_number(e.figures[k]) for k in COLUMNS] for c, e in communes.items()}
    assert shown == want, (shown, want)
    foot = cells(re.search(r"<tfoot[^>]*>(.*?)</tfoot>", table, flags=re.S).group(1))
    assert foot[2:] == [text_number(total[k]) for k in COLUMNS]

    # The .docx: its sentences and its table of communes
    document = Document(str(folder / "bao-cao-tong-hop-2026-02.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    check_city_sentences(paragraphs, communes, total, month)
    if communes:
        table_rows = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
        # A commune whose figures are published ones is marked (*): sources never mixed silently.
        expected_rows = [
            (NAMES[c] + (" (*)" if e.source == "summary" else ""), e.figures, e) for c, e in communes.items()
        ]
        expected_rows.append(("Tổng cộng", total, None))
        assert [row[1] for row in table_rows] == [name for name, _, _ in expected_rows]
        for row, (name, figures, exp) in zip(table_rows, expected_rows):
            assert [row[2], row[3], row[4], row[6]] == [
                text_number(figures[k]) for k in ("total", "new", "resolved", "overdue")
            ], (name, row, figures)
            want = city_rate_wanted(communes, "on_time") if exp is None else rate_wanted(exp, "on_time")
            check_rate_text(row[5], want, name)

    # "No unit's published figures disagree": only when some were checked and none disagrees.
    published = COMMUNE in communes and month.summary is not None
    agree = published and not communes[COMMUNE].differences
    unsure = published and bool(communes[COMMUNE].maybe) and agree
    claim = [t for t in paragraphs if "nào có số liệu công bố sai lệch" in t]
    assert bool(claim) == agree or unsure, (claim, published, communes.get(COMMUNE))
    said = "Không có đơn vị nào có số liệu công bố sai lệch" in page
    assert said == agree or unsure, (said, published, communes.get(COMMUNE))


def text_number(value: int | None) -> str:
    return NOT_AVAILABLE if value is None else fmt_number(value)


def check_city_sentences(paragraphs: list[str], communes: dict[str, Expected], total: dict, month: Month) -> None:
    n = r"(\d[\d.]*)"

    def num(text: str) -> int:
        return int(text.replace(".", ""))

    text = "\n".join(paragraphs)
    assert f"có số liệu: {len(communes)}/2" in text
    labels = {
        "kỳ trước chuyển sang": "carried_over",
        "tiếp nhận mới": "new",
        "trong đó trực tuyến": "online",
        "trực tiếp, bưu chính": "direct_postal",
        "đúng hạn": "in_time",
        "trong hạn": "in_progress_on_time",
    }
    for head, key, late in (
        ("Tổng số hồ sơ nhận giải quyết", "total", None),
        ("Đã giải quyết", "resolved", "resolved_late"),
        ("Đang giải quyết", "in_progress", "in_progress_overdue"),
    ):
        found = [re.fullmatch(rf"- {head}: {n} hồ sơ(?: \((.*)\))?\.", t) for t in paragraphs]
        found = [m for m in found if m]
        assert len(found) == (total[key] is not None), (head, total, paragraphs)
        for match in found:
            assert num(match.group(1)) == total[key], (head, match.group(0), total)
            for part in (match.group(2) or "").split("; ") if match.group(2) else []:
                label, value = part.rsplit(" ", 1)
                assert total[late if label == "quá hạn" else labels[label]] == num(value), (part, total)
    assert "số kỳ trước chuyển sang cộng tiếp nhận mới" not in text  # the figures add up
    for name, long in (("on_time", "Tỷ lệ giải quyết đúng hạn"), ("online", "Tỷ lệ hồ sơ trực tuyến")):
        exact, covered, with_data = city_rate(communes, name)
        found = [re.match(rf"- {long} đạt (\d[\d,]*%)(?: \(tính trên (\d+)/(\d+) đơn vị)?", t) for t in paragraphs]
        found = [m for m in found if m]
        assert len(found) == (exact is not None), (name, paragraphs)
        for match in found:
            check_rate_text(match.group(1), exact, name)
            assert (int(match.group(2) or with_data), int(match.group(3) or with_data)) == (covered, with_data)
        ranking = [t for t in paragraphs if t.startswith(f"- {long}: ")]
        for line in ranking:
            check_ranking(line, communes, name)
    for line in (t for t in paragraphs if t.startswith("- Số hồ sơ quá hạn (đã và đang giải quyết): ")):
        check_ranking(line, communes, "overdue")
    for commune_id, exp in communes.items():
        name = NAMES[commune_id]
        differing = [t for t in paragraphs if t.startswith(f"- {name[0].upper()}{name[1:]}: ")]
        said = [re.search(r"(\d+) số liệu công bố khác dữ liệu hồ sơ", t) for t in differing]
        said = [int(m.group(1)) for m in said if m]
        assert said == ([] if not exp.differences else [len(exp.differences)]) or said == [
            len(exp.differences) + len(exp.maybe)
        ], (differing, exp.differences, exp.maybe)
    for paragraph in paragraphs:
        if "100%" in paragraph:  # only in the rates checked above
            assert re.match(r"- (Tỷ lệ giải quyết đúng hạn|Tỷ lệ hồ sơ trực tuyến)", paragraph), paragraph


def check_ranking(line: str, communes: dict[str, Expected], key: str) -> None:
    """A ranking line: each commune's value as its own figures say it."""

    def truth(exp: Expected):
        return exp.figures["overdue"] if key == "overdue" else exp.true_rates[key]

    same = re.search(r"cả (\d+) đơn vị bằng nhau \(([^)]*)\)", line)
    pairs = (
        [(c, same.group(2)) for c, e in communes.items() if truth(e) is not None]
        if same
        else [(c, value) for c in communes for value in re.findall(rf"{NAMES[c]} \(([^)]*)\)", line)]
    )
    assert pairs, line
    if same:
        assert int(same.group(1)) == len(pairs), line
    for commune_id, value in pairs:
        exact = truth(communes[commune_id])
        if key == "overdue":
            assert exact == int(value.replace(".", "")), (line, exact)
        else:
            check_rate_text(value, exact, line)


@settings(FAST, max_examples=10)
@given(months())
def test_every_product_of_the_city_states_only_what_its_communes_determine(month):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        root = write_month(folder / "data", month)
        for source in SOURCES:
            check_city_products(month, root, source, folder / source)


# ---------------------------------------------------------------- hand-made cases


def _root(tmp_path: Path, rows=None, summary: dict | None = None, headers=HEADERS_VN) -> DataRoot:
    """A data root whose only commune with figures is phường Thử (xã Cố Định has none)."""
    (tmp_path / COMMUNE).mkdir(parents=True)
    (tmp_path / FIXED).mkdir()
    (tmp_path / "communes.yaml").write_text(COMMUNES_YAML, encoding="utf-8")
    if rows is not None:
        write_csv(tmp_path / COMMUNE / "dossiers.csv", headers, rows)
    if summary is not None:
        text = yaml.safe_dump({"period": "2026-02", **summary}, allow_unicode=True)
        (tmp_path / COMMUNE / "summary-2026-02.yaml").write_text(text, encoding="utf-8")
    return DataRoot(tmp_path)


def _docx_text(ind, root: DataRoot, path: Path) -> str:
    write_docx(ind, root.commune(COMMUNE), path)
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_one_months_export_alone_leaves_carried_over_unknown_in_every_product(tmp_path):
    # Rows A–E only, all received 01–02/02/2026: nothing shows what came before 15/01/2026.
    root = _root(tmp_path / "data", HAND_ROWS[:5])
    ind = commune_indicators(root, COMMUNE, PERIOD)
    data = ind.to_dict()
    assert data["bieu06a"]["carried_over"] is None and data["bieu06a"]["total"] is None
    assert (data["bieu06a"]["online"], data["bieu06a"]["direct_postal"], data["new"]) == (2, 3, 5)
    assert [f["code"] for f in data["findings"]].count("CARRIED_OVER_UNKNOWN") == 1
    text = _docx_text(ind, root, tmp_path / "r.docx")
    assert "Tiếp nhận mới 05 hồ sơ" in text
    assert not re.search(r"Tổng số \d", text)  # (3) is not known
    for words in ("kỳ trước chuyển sang", "không có hồ sơ quá hạn", "đã giải quyết", "chưa có"):
        assert words not in text, words
    write_bieu06a_xlsx(ind, tmp_path / "b.xlsx")
    ws = load_workbook(tmp_path / "b.xlsx").active
    assert ws.cell(12, 2).value == "Tổng cộng"
    assert [ws.cell(12, c).value for c in range(3, 7)] == [NOT_AVAILABLE, 2, 3, NOT_AVAILABLE]
    page = index_page(PERIOD, [IndexEntry(NAMES[COMMUNE], "x.html", data)])
    row = re.search(r'<tr[^>]*><td[^>]*><a href="x.html">.*?</tr>', page).group(0)
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)][2:6]
    assert cells == [NOT_AVAILABLE, "5", NOT_AVAILABLE, NOT_AVAILABLE]


# Bạch Long Vĩ's month: 12 new dossiers, one of them received on a ministry's system.
BACH_LONG_VI = [
    (f"B{n:02d}", "Hộ tịch", "10", "2", "02/02/2026", "06/02/2026", "04/02/2026", "BO" if n == 1 else "TP")
    for n in range(1, 13)
]


@pytest.mark.parametrize(
    "rows, summary, share",
    [
        ([(*EARLIER_ROW, "TP"), *BACH_LONG_VI], None, "91,7% hồ sơ tiếp nhận mới (11/12 hồ sơ)"),
        (None, {"new": 12, "new_by_system": {"TP": 11, "BO": 1}}, "91,7% hồ sơ tiếp nhận mới (11/12 hồ sơ)"),
        (None, {"bieu06a": {"total": 12, "carried_over": 0}, "new_by_system": {"TP": 11}}, None),
    ],
    ids=["exports", "published-both-systems", "published-city-system-only"],
)
def test_one_dossier_on_a_ministrys_system_is_no_100_percent_claim(tmp_path, rows, summary, share):
    root = _root(tmp_path / "data", rows, summary, headers=[*HEADERS_VN, "Hệ thống"])
    ind = commune_indicators(root, COMMUNE, PERIOD)
    assert ind.counts.new == 12
    text = _docx_text(ind, root, tmp_path / "r.docx")
    assert not [p for p in text.splitlines() if "100%" in p and "hệ thống" in p.lower()]
    assert "đều được tiếp nhận" not in text
    if share:
        assert share in text
        assert "01 hồ sơ được tiếp nhận qua hệ thống của các bộ" in text


def test_one_system_published_alone_is_no_disagreement(tmp_path):
    # The seed reports' figures with only the city's system published (851 of 879; the
    # ministries' 28 not said): nothing contradicts, so no finding may say so.
    root = _root(tmp_path / "data", summary={"new": 879, "new_by_system": {"TP": 851}})
    ind = commune_indicators(root, COMMUNE, PERIOD)
    assert "NEW_NOT_SUM_OF_SYSTEMS" not in [f.code for f in ind.findings], [f.message for f in ind.findings]


def test_new_implied_by_both_systems_is_derived_not_published(tmp_path):
    root = _root(tmp_path / "data", [EARLIER_ROW, *HAND_ROWS], summary={"new_by_system": {"TP": 851, "BO": 28}})
    ind = commune_indicators(root, COMMUNE, PERIOD, source="published")
    data = ind.to_dict()
    assert data["new"] == 879
    assert "new" in data["derived"]  # docs/published-figures.md: implied figures are listed as derived
    assert not [i for i in ind.reconciliation if i.key == "new"]  # … and are not reconciled as published
