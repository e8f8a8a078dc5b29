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
from ..core.labels import from_to, padded_day
from ..core.periods import Period
from ..inputs.dataroot import Commune, DataRoot
from ..inputs.summary import read_summary
from ..inputs.tables import LoadedTable, load_dossiers, load_feedback, load_procedures
from .bieu06a import classify
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


def _from_dossiers(
    dossiers: LoadedTable,
    period: Period,
    *,
    commune: str | None,
    own_units: tuple[str, ...] = (),
    procedures: LoadedTable | None = None,
    feedback: LoadedTable | None = None,
    detail: bool = True,
) -> Indicators:
    span = ExportSpan.of(dossiers)
    if not span.covers(period):
        files = ", ".join(Path(f).name for f in dossiers.files) or "dữ liệu hồ sơ"
        raise InputError(
            f"dữ liệu hồ sơ ({files}) có {span.describe()}, không phủ {period.name} "
            f"({from_to(period.start, period.end)}): không có số liệu của kỳ này"
        )
    masks = classify(dossiers.frame, period)
    indicators = compute_indicators(
        dossiers,
        period,
        commune=commune,
        own_units=own_units,
        procedures=procedures,
        feedback=feedback,
        masks=masks,
        detail=detail,
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
    return replace(indicators, findings=tuple(findings + _span_findings(span, period)))


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


def commune_indicators(
    root: DataRoot | str | Path, commune_id: str, period: Period, data: CommuneData | None = None
) -> Indicators:
    """Indicators of one commune and period from a data root.

    With a ``summary-<period>.yaml`` the published figures are the source; where the
    commune's dossier exports also cover the period, they are reconciled with it.
    ``data`` reuses inputs already loaded by :func:`load_commune`.
    """
    data = data or load_commune(root, commune_id)
    root, commune = data.root, data.commune
    period = commune.period(period)  # from the establishment day when the unit started later
    summary_path = root.summary_file(commune.id, period)
    computed = data.dossier_indicators(period)
    if summary_path is None:
        if computed is None and data.dossiers is not None:
            span = ExportSpan.of(data.dossiers)
            raise InputError(
                f"dữ liệu hồ sơ của {commune.full_name} có {span.describe()}, không phủ {period.name} "
                f"({from_to(period.start, period.end)}), và không có số liệu đã công bố (summary-{period.id}.yaml)",
                file=root.commune_dir(commune.id),
            )
        if computed is None:
            raise InputError(
                f"không có dữ liệu hồ sơ (dossiers*.csv|xlsx|parquet) hay số liệu đã công bố "
                f"(summary-{period.id}.yaml) cho {commune.full_name}",
                file=root.commune_dir(commune.id),
            )
        return computed

    summary = read_summary(summary_path, period)
    published = summary_indicators(summary, commune.id)
    if computed is not None and computed.counts.total:
        published = replace(published, computed=computed, reconciliation=reconcile(published, computed))
    findings = run_checks(published, stated_periods=summary.stated_periods)
    if computed is not None:
        # Problems of the dossier exports still matter when the summary is the source.
        findings += [f for f in computed.findings if f.code != "NO_DATA_IN_PERIOD"]
    return replace(published, findings=tuple(findings))


def indicators_if_any(data: CommuneData, period: Period) -> Indicators | None:
    """Indicators of another period for comparison (kỳ trước, cùng kỳ năm trước), or None when
    nothing covers it or no dossier takes part in it."""
    try:
        indicators = commune_indicators(data.root, data.commune.id, period, data=data)
    except InputError:
        return None
    return indicators if indicators.counts.total else None
