"""``tthc check``: every problem of a data root's inputs, and the consistency findings of its periods."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from ..core.errors import Finding, InputError
from ..core.periods import Period, parse_period
from ..indicators.checks import check_dossier_rows
from ..indicators.commune import commune_indicators
from ..inputs.dataroot import DataRoot
from ..inputs.published_files import published_period
from ..inputs.summary import read_summary
from ..inputs.tables import load_dossiers, load_feedback, load_procedures

T = TypeVar("T")


def _collect(problems: list[Finding], action: Callable[..., T], *args) -> T | None:
    try:
        return action(*args)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def check_root(root: DataRoot, commune_id: str | None, period: Period | None) -> list[Finding]:
    """Every problem of a data root (or one commune of it): files, summaries, and the periods' findings."""
    problems: list[Finding] = []
    communes = _collect(problems, root.communes)
    if communes is None:
        return problems
    if root.procedures_file.exists():
        procedures = _collect(problems, load_procedures, root.procedures_file)
        if procedures is not None:
            problems += procedures.warnings
    ids = [commune_id] if commune_id else list(communes)
    for cid in ids:
        problems += _check_commune(root, cid, period)
    return problems


def _check_commune(root: DataRoot, cid: str, period: Period | None) -> list[Finding]:
    """One commune's problems: its files, its summaries, then the findings of its periods."""
    problems: list[Finding] = []
    if _collect(problems, root.commune, cid) is None:
        return problems
    files = root.dossier_files(cid)
    summaries = root.published_files(cid)
    if not files and not summaries:
        problems.append(
            Finding(
                "NO_DATA",
                "không có tệp hồ sơ (dossiers*) hay số liệu đã công bố (summary-*.yaml, bieu-06a*.xlsx)",
                file=str(root.commune_dir(cid)),
            )
        )
    if files:
        problems += check_files(files)
    feedback = root.feedback_files(cid)
    if feedback:
        table = _collect(problems, load_feedback, feedback)
        if table is not None:
            problems += table.warnings
    for path in summaries:
        if period is None or published_period(path) == period.id:
            _collect(problems, read_summary, path)
    return problems + _consistency_problems(root, cid, period, summaries, problems)


def _consistency_problems(
    root: DataRoot, commune_id: str, period: Period | None, summaries: list[Path], known: list[Finding]
) -> list[Finding]:
    """The consistency findings of ``period``, or of every period with published figures.

    Findings the file checks already printed (load warnings, row checks) are not repeated.
    """
    if any(p.is_error for p in known):
        return []  # the inputs do not load: there is nothing to count
    periods = [period] if period is not None else []
    for path in summaries if period is None else []:
        found = _collect([], parse_period, str(published_period(path)))
        if found is not None:
            periods.append(found)
    # A finding of a row (it names its file) is the same in every period; one of a period is not.
    seen = {(p.code, p.file, p.row, p.column, p.message) for p in known}
    out: list[Finding] = []
    for each in periods:
        indicators = _collect(out, commune_indicators, root, commune_id, each)
        for f in getattr(indicators, "findings", []):
            where = f.file or str(root.summary_file(commune_id, each) or root.commune_dir(commune_id))
            message = f"{each.name}: {f.message}" if f.file is None else f.message
            problem = Finding(f.code, message, f.severity, where, f.row, f.column)
            key = (problem.code, problem.file, problem.row, problem.column, problem.message)
            if key not in seen:
                seen.add(key)
                out.append(problem)
    return out


def check_files(files: Iterable[str | Path]) -> list[Finding]:
    """Every problem of a set of dossier exports: load errors and warnings, then row checks."""
    problems: list[Finding] = []
    table = _collect(problems, load_dossiers, list(files))
    if table is not None:
        problems += table.warnings
        problems += check_dossier_rows(table.frame, headers=table.headers)
    return problems
