"""One commune and one period, from the data root to checked indicators.

:func:`commune_indicators` is what the CLI, the notebooks and the batch call;
:func:`files_indicators` computes straight from export files with no profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from ..core.errors import Finding, InputError
from ..core.labels import BIEU06A_KEYS, from_to, padded_day
from ..core.periods import Period
from ..core.sources import validate_source
from ..inputs.dataroot import Commune, DataRoot
from ..inputs.summary import PublishedSummary, read_summary
from ..inputs.tables import LoadedTable, load_dossiers, load_feedback, load_procedures
from .bieu06a import NEW_KEYS, classify
from .checks import run_checks
from .others import compute_indicators
from .published import reconcile, summary_indicators
from .results import Indicators


@dataclass(frozen=True)
class ExportSpan:
    """The days a set of exports covers: from its first received day to its last activity (a
    dossier received or finished). A period outside it is not known from these exports."""

    first: date | None
    last: date | None

    @classmethod
    def of(cls, dossiers: LoadedTable) -> ExportSpan:
        frame = dossiers.frame
        first = frame["received"].min()  # missing days are skipped; no copy of 10M days is made
        if pd.isna(first):
            return cls(None, None)
        last = frame["received"].max()
        finished = frame["finished"].max() if "finished" in frame else pd.NaT
        return cls(first.date(), (last if pd.isna(finished) else max(last, finished)).date())

    def covers(self, period: Period) -> bool:
        """False when the exports end before the period starts or start after it ends."""
        if self.first is None or self.last is None:
            return True  # no dated dossier at all: nothing to say about the period
        return self.last >= period.start and self.first <= period.end

    def reaches_before(self, period: Period, established: date | None = None) -> bool:
        """True when a dossier received before the period's first day can be seen, so carried over
        (từ kỳ trước) is known: the exports start before that day, or the unit was established on
        it (nothing came before)."""
        if established is not None and period.start <= established:
            return True
        return self.first is not None and self.first < period.start

    def ends_inside(self, period: Period) -> bool:
        return self.last is not None and period.start <= self.last < period.end

    def describe(self) -> str:
        return from_to(self.first, self.last) if self.first and self.last else ""


def _span_findings(span: ExportSpan, period: Period) -> list[Finding]:
    if not span.ends_inside(period):
        return []
    return [
        Finding(
            "EXPORT_ENDS_IN_PERIOD",
            f"Dữ liệu hồ sơ chỉ đến ngày {padded_day(span.last)}, trước ngày cuối kỳ "
            f"{padded_day(period.end)}: số liệu của kỳ có thể chưa đủ; xuất lại dữ liệu sau ngày cuối kỳ.",
        )
    ]


def _carried_over_findings(span: ExportSpan, period: Period, known: bool) -> list[Finding]:
    if known:
        return []
    start = padded_day(period.start)
    since = (
        f"Dữ liệu hồ sơ bắt đầu từ ngày {padded_day(span.first)}, không có hồ sơ nào tiếp nhận trước ngày đầu kỳ {start}"
        if span.first
        else "Dữ liệu hồ sơ không có hồ sơ nào ghi ngày tiếp nhận"
    )
    return [
        Finding(
            "CARRIED_OVER_UNKNOWN",
            f"{since}: chưa biết số hồ sơ kỳ trước chuyển sang (cột (6)), nên tổng số (3), đã giải quyết (7)–(10), "
            "đang giải quyết (11)–(13) và các tỷ lệ tính trên các số này chưa xác định được. Thêm tệp danh sách hồ sơ của các kỳ "
            f"trước (có hồ sơ tiếp nhận trước ngày {start} còn đang giải quyết) rồi chạy lại.",
            figures=tuple(key for key in BIEU06A_KEYS if key not in NEW_KEYS),  # every cell left unknown
        )
    ]


def _feedback_unknown(span: ExportSpan, period: Period) -> Finding:
    since = f"bắt đầu từ ngày {padded_day(span.first)}" if span.first else "không có phản ánh nào ghi ngày tiếp nhận"
    return Finding(
        "FEEDBACK_UNKNOWN",
        f"Danh sách phản ánh, kiến nghị {since}, không có phản ánh nào tiếp nhận trước ngày đầu kỳ "
        f"{padded_day(period.start)}: số phản ánh, kiến nghị của kỳ chưa xác định được, báo cáo không nêu. "
        "Thêm danh sách phản ánh, kiến nghị của các kỳ trước rồi chạy lại.",
    )


def _from_dossiers(
    dossiers: LoadedTable,
    period: Period,
    *,
    commune: str | None,
    own_units: tuple[str, ...] = (),
    procedures: LoadedTable | None = None,
    feedback: LoadedTable | None = None,
    detail: bool = True,
    established: date | None = None,
) -> Indicators:
    span = ExportSpan.of(dossiers)
    if not span.covers(period):
        files = ", ".join(Path(f).name for f in dossiers.files) or "dữ liệu hồ sơ"
        raise InputError(
            f"dữ liệu hồ sơ ({files}) có {span.describe()}, không phủ {period.name} "
            f"({from_to(period.start, period.end)}): không có số liệu của kỳ này"
        )
    masks = classify(dossiers.frame, period)
    known = span.reaches_before(period, established)
    # Feedback (PAKN) by the same rule: its register must reach back before the period.
    feedback_span = None if feedback is None else ExportSpan.of(feedback)
    feedback_known = feedback_span is not None and feedback_span.reaches_before(period, established)
    indicators = compute_indicators(
        dossiers,
        period,
        commune=commune,
        own_units=own_units,
        procedures=procedures,
        feedback=feedback if feedback_known else None,
        masks=masks,
        detail=detail,
        carried_over_known=known,
    )
    if not detail:
        return indicators  # a row of the history: no findings
    warnings = list(dossiers.warnings) + list(feedback.warnings if feedback else [])
    findings = run_checks(
        indicators,
        dossiers=dossiers.frame,
        dossier_rows=masks["total"],
        dossier_headers=dossiers.headers,
        load_warnings=warnings,
    )
    findings += _carried_over_findings(span, period, known) + _span_findings(span, period)
    if feedback_span is not None and not feedback_known:
        findings.append(_feedback_unknown(feedback_span, period))
    return replace(indicators, findings=tuple(findings))


def files_indicators(
    dossier_files: Iterable[str | Path],
    period: Period,
    *,
    procedures_file: str | Path | None = None,
    feedback_files: Iterable[str | Path] = (),
    commune: str | None = None,
) -> Indicators:
    """Indicators straight from export files (``tthc indicators --dossiers …``)."""
    files = list(dossier_files)
    if not files:
        raise InputError("chưa chỉ ra tệp dữ liệu hồ sơ nào")
    feedback_list = list(feedback_files)
    return _from_dossiers(
        load_dossiers(files),
        period,
        commune=commune,
        procedures=load_procedures(procedures_file) if procedures_file else None,
        feedback=load_feedback(feedback_list) if feedback_list else None,
    )


@dataclass
class CommuneData:
    """A commune's loaded inputs, read once and reused for every period (history, batch)."""

    root: DataRoot
    commune: Commune
    dossiers: LoadedTable | None
    feedback: LoadedTable | None
    procedures: LoadedTable | None

    def dossier_indicators(self, period: Period, *, detail: bool = True) -> Indicators | None:
        """Indicators of ``period`` from the dossier exports (None when there are none, or when
        they do not reach the period: a month after the last export is not a month of zeros).
        ``detail`` False: only what a row of the history shows, without findings
        (:func:`~tthc_analysis.indicators.others.compute_indicators`)."""
        if self.dossiers is None or not ExportSpan.of(self.dossiers).covers(period):
            return None
        return _from_dossiers(
            self.dossiers,
            period,
            commune=self.commune.id,
            own_units=self.commune.profile.own_units,
            procedures=self.procedures,
            feedback=self.feedback,
            detail=detail,
            established=self.commune.established,
        )


def load_commune(root: DataRoot | str | Path, commune_id: str) -> CommuneData:
    """Read a commune's dossier exports, feedback and the catalogue once."""
    root = root if isinstance(root, DataRoot) else DataRoot(Path(root))
    commune = root.commune(commune_id)
    dossier_files = root.dossier_files(commune.id)
    feedback_files = root.feedback_files(commune.id)
    return CommuneData(
        root=root,
        commune=commune,
        dossiers=load_dossiers(dossier_files) if dossier_files else None,
        feedback=load_feedback(feedback_files) if feedback_files else None,
        procedures=load_procedures(root.procedures_file) if root.procedures_file.exists() else None,
    )


def _no_figures(data: CommuneData, period: Period, source: str) -> InputError:
    """Why a source has no figures for ``period``: no exports, exports elsewhere in time, nothing published."""
    commune, folder = data.commune, data.root.commune_dir(data.commune.id)
    summary = f"số liệu đã công bố (summary-{period.id}.yaml)"
    if source == "published":
        return InputError(f"không có {summary} cho {commune.full_name}, {period.name}", file=folder)
    if data.dossiers is not None:
        span = ExportSpan.of(data.dossiers)
        also = "" if source == "dossiers" else f", và không có {summary}"
        return InputError(
            f"dữ liệu hồ sơ của {commune.full_name} có {span.describe()}, không phủ {period.name} "
            f"({from_to(period.start, period.end)}){also}",
            file=folder,
        )
    also = "" if source == "dossiers" else f" hay {summary}"
    return InputError(f"không có dữ liệu hồ sơ (dossiers*.csv|xlsx|parquet){also} cho {commune.full_name}", file=folder)


def _has_figures(published: Indicators | None) -> bool:
    """Published figures that say something of Biểu 06a (a file may publish only rates or feedback)."""
    counts = None if published is None else published.counts
    return counts is not None and (counts.new is not None or any(v is not None for v in counts.to_dict().values()))


def _of_the_exports(finding: Finding) -> Finding:
    """A finding of the dossier exports, in a report whose figures are the published ones: a row's
    problem stays as it is; one about the period's figures says it is about the exports."""
    if finding.file is not None:
        return replace(finding, figures=())
    return replace(
        finding, message=f"Dữ liệu hồ sơ (không dùng cho số liệu của báo cáo): {finding.message}", figures=()
    )


def _as_published(finding: Finding) -> Finding:
    """A slip of the published figures, in a report whose figures come from the dossiers: said as
    such, and not about the cells of the report's own Biểu 06a."""
    return replace(finding, message=f"Số liệu đã công bố: {finding.message}", figures=())


def commune_indicators(
    root: DataRoot | str | Path,
    commune_id: str,
    period: Period,
    data: CommuneData | None = None,
    *,
    source: str = "auto",
) -> Indicators:
    """Indicators of one commune and period from a data root, from the source chosen.

    ``source`` (docs/published-figures.md#the-source-of-a-report): ``"dossiers"`` the exports;
    ``"published"`` the published figures (summary-<period>.yaml), reconciled with the exports
    where they cover the period; ``"auto"`` the exports when they cover the period (they reach
    back before it, so carried over is known, and go on to its end), else the published figures
    when they say something of Biểu 06a, else the exports as far as they go. When the
    exports are the source and figures were published too, each published figure that differs
    is a finding. ``data`` reuses inputs already loaded by :func:`load_commune`.
    """
    validate_source(source)
    data = data or load_commune(root, commune_id)
    root, commune = data.root, data.commune
    period = commune.period(period)  # from the establishment day when the unit started later
    summary_path = root.summary_file(commune.id, period)
    summary = None if summary_path is None else read_summary(summary_path, period)
    published = None if summary is None else summary_indicators(summary, commune.id)
    computed = None if source == "published" and published is None else data.dossier_indicators(period)
    # The exports cover the period: they reach back before it (carried over known) and go on to its end.
    complete = (
        computed is not None
        and computed.counts.carried_over is not None
        and "EXPORT_ENDS_IN_PERIOD" not in {f.code for f in computed.findings}
    )
    if source == "dossiers" or (
        source == "auto" and computed is not None and (complete or not _has_figures(published))
    ):
        if computed is None:
            raise _no_figures(data, period, source)
        return computed if summary is None else _reconciled_dossiers(computed, published, summary)
    if published is None:
        raise _no_figures(data, period, source)
    if computed is not None and (computed.counts.total or computed.counts.new):
        published = replace(published, computed=computed, reconciliation=reconcile(published, computed))
    findings = run_checks(published, stated_periods=summary.stated_periods)
    if computed is not None:
        # Problems of the dossier exports still matter when the summary is the source, but they are
        # not about the published cells the report shows.
        findings += [_of_the_exports(f) for f in computed.findings if f.code != "NO_DATA_IN_PERIOD"]
    return replace(published, findings=tuple(findings))


def require_figures(root: DataRoot | str | Path, commune_id: str, period: Period, *, source: str = "auto") -> None:
    """Refuse, before a report runs, a period for which ``source`` has no figures of the commune:
    the exports do not reach it and nothing is published for it (the same :class:`InputError`
    as :func:`commune_indicators`, without computing the figures)."""
    validate_source(source)
    data = load_commune(root, commune_id)
    period = data.commune.period(period)
    published = source != "dossiers" and data.root.summary_file(data.commune.id, period) is not None
    covered = source != "published" and data.dossiers is not None and ExportSpan.of(data.dossiers).covers(period)
    if not (published or covered):
        raise _no_figures(data, period, source)


def _reconciled_dossiers(computed: Indicators, published: Indicators, summary: PublishedSummary) -> Indicators:
    """The dossiers' figures, with the published ones beside them: every published figure that
    differs is a finding, and so is every slip of the published document."""
    items = reconcile(published, computed)
    beside = replace(published, computed=computed, reconciliation=items)
    found = run_checks(beside, stated_periods=summary.stated_periods)
    # The dossier cells are right; the differences are about the published figures: not marks.
    differences = [replace(f, figures=()) for f in found if f.code == "RECONCILIATION_DIFFERENCE"]
    slips = [_as_published(f) for f in found if f.code != "RECONCILIATION_DIFFERENCE"]
    return replace(
        computed,
        published=published,
        reconciliation=items,
        findings=(*computed.findings, *differences, *slips),
    )


def indicators_if_any(data: CommuneData, period: Period, source: str = "auto") -> Indicators | None:
    """Indicators of another period for comparison (kỳ trước, cùng kỳ năm trước), from the same
    ``source`` choice as the report's own period; None when nothing covers it or no dossier takes
    part in it. Its ``source`` may still differ from the report's under ``"auto"``: the caller
    labels such a figure and does not compare it (:func:`comparable`)."""
    try:
        indicators = commune_indicators(data.root, data.commune.id, period, data=data, source=source)
    except InputError:
        return None
    return None if indicators.counts.total == 0 else indicators


def comparable(now: Indicators, then: Indicators | None) -> bool:
    """Two periods' figures can be set against each other only when they come from one source."""
    return then is not None and then.source == now.source


def comparison_sources(now: Indicators, **others: Indicators | None) -> dict[str, dict[str, str] | None]:
    """For indicators.json: the period and source of each comparison (None: not available)."""
    return {
        name: None if ind is None else {"period": ind.period.id, "source": ind.source, "compared": comparable(now, ind)}
        for name, ind in others.items()
    }
