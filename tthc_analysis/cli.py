"""The ``tthc`` command (DESIGN §9).

Exit codes: 0 done; 1 problems found (``check`` errors, ``--strict`` findings);
2 bad input or usage (the message names file, row and column). No traceback reaches
the user unless ``TTHC_DEBUG=1`` is set.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

import click

from .checks import check_dossier_rows
from .dataset import DataRoot, resolve_data_root
from .errors import InputError, Problem, TthcError
from .indicators import Finding
from .load import load_dossiers, load_feedback, load_procedures
from .periods import PERIOD_ID_HELP, Period, parse_period
from .pipeline import commune_indicators, files_indicators
from .products import ProductPaths
from .summary import read_summary

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def _print_findings(findings: Sequence[Finding], stream=None) -> None:
    if not findings:
        click.echo("Kiểm tra số liệu: không phát hiện sai lệch.", err=True)
        return
    click.echo(f"Kiểm tra số liệu: {len(findings)} phát hiện", err=True)
    for finding in findings:
        where = Problem("", finding.file, finding.row, finding.column).location()
        prefix = f"{where}: " if where else ""
        click.echo(f"  [{finding.code}] {prefix}{finding.message}", err=True)


def _dossier_files(dossiers: Sequence[str], extra: Sequence[str]) -> list[str]:
    if extra and not dossiers:
        raise click.UsageError(f"tệp thừa {' '.join(extra)}: dùng --dossiers TỆP [TỆP ...]")
    return [*dossiers, *extra]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tthc-analysis")
def cli() -> None:
    """tthc — báo cáo kết quả cải cách thủ tục hành chính (Biểu 06a) cho xã, phường, đặc khu."""


@cli.command()
@click.option("--period", "period_id", required=True, help=f"Kỳ báo cáo: {PERIOD_ID_HELP}.")
@click.option("--commune", "commune_id", help="Mã xã/phường trong communes.yaml, ví dụ hung-thang.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option("--dossiers", multiple=True, type=click.Path(dir_okay=False), help="Tệp hồ sơ xuất từ hệ thống (CSV, XLSX, Parquet).")
@click.option("--procedures", "procedures_file", type=click.Path(dir_okay=False), help="Danh mục TTHC (procedures.csv), dùng với --dossiers.")
@click.option("--feedback", "feedback_files", multiple=True, type=click.Path(dir_okay=False), help="Tệp phản ánh, kiến nghị, dùng với --dossiers.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 khi có bất kỳ phát hiện nào.")
@click.argument("more_files", nargs=-1, type=click.Path(dir_okay=False))
def indicators(period_id: str, commune_id: str | None, data_dir: str | None, dossiers: tuple[str, ...],
               procedures_file: str | None, feedback_files: tuple[str, ...], strict: bool,
               more_files: tuple[str, ...]) -> None:
    """In indicators.json của một xã và một kỳ (hoặc tính thẳng từ tệp --dossiers)."""
    period = parse_period(period_id)
    files = _dossier_files(dossiers, more_files)
    if files and commune_id:
        raise click.UsageError("dùng --commune hoặc --dossiers, không dùng cả hai")
    if files:
        result = files_indicators(files, period, procedures_file=procedures_file, feedback_files=feedback_files)
    elif commune_id:
        result = commune_indicators(resolve_data_root(data_dir), commune_id, period)
    else:
        raise click.UsageError("cần --commune MÃ hoặc --dossiers TỆP [TỆP ...]")
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    _print_findings(result.findings)
    if strict and result.findings:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--commune", "commune_id", required=True, help="Mã xã/phường, ví dụ hung-thang.")
@click.option("--period", "period_id", required=True, help=f"Kỳ báo cáo: {PERIOD_ID_HELP}.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option("--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Thư mục kết quả.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của báo cáo (cần LibreOffice).")
@click.option("--timeout", default=600, show_default=True, help="Thời gian tối đa (giây) cho mỗi ô của sổ tay.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 khi có bất kỳ phát hiện nào.")
def report(commune_id: str, period_id: str, data_dir: str | None, out_dir: str, pdf: bool, timeout: int,
           strict: bool) -> None:
    """Lập báo cáo của một xã cho một kỳ qua sổ tay: HTML, .docx, indicators.json, Biểu 06a (.xlsx)."""
    from .execute import run_report
    from .pdf import docx_to_pdf

    period = parse_period(period_id)
    root = resolve_data_root(data_dir)
    commune = root.commune(commune_id)
    click.echo(f"Đang lập báo cáo {commune.full_name}, {period.name} ...", err=True)
    written = run_report(commune.id, period.id, data_dir=str(root.path), out_dir=out_dir, timeout=timeout)
    paths = ProductPaths.for_run(out_dir, commune.id, period.id)
    if pdf:
        written.append(docx_to_pdf(paths.report_docx, paths.report_pdf))
    data = json.loads(paths.indicators_json.read_text(encoding="utf-8"))
    findings = [Finding(f["code"], f["message"], f.get("severity", "warning"), f.get("file"), f.get("row"),
                        f.get("column")) for f in data["findings"]]
    _print_findings(findings)
    source = "số liệu đã công bố" if data["source"] == "summary" else "dữ liệu hồ sơ"
    click.echo(f"Báo cáo {commune.full_name}, {period.name} (nguồn: {source}):")
    for path in written:
        click.echo(f"  {path}")
    if strict and findings:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--period", "period_id", required=True, help=f"Kỳ báo cáo: {PERIOD_ID_HELP}.")
@click.option("--communes", "communes_arg", default="all", show_default=True,
              help="Danh sách mã xã, cách nhau bởi dấu phẩy, hoặc all.")
@click.option("--workers", type=click.IntRange(1, 64), help="Số tiến trình chạy song song (mặc định: số lõi CPU).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option("--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Thư mục kết quả.")
@click.option("--timeout", default=600, show_default=True, help="Thời gian tối đa (giây) cho mỗi xã.")
@click.option("--only-failed", is_flag=True, help="Chỉ chạy lại các xã bị lỗi trong manifest lần trước.")
def batch(period_id: str, communes_arg: str, workers: int | None, data_dir: str | None, out_dir: str, timeout: int,
          only_failed: bool) -> None:
    """Lập báo cáo cho mọi xã của một kỳ, song song, kèm trang tổng hợp index.html."""
    from .batch import run_batch, summary_lines

    period = parse_period(period_id)
    communes = None if communes_arg.strip().lower() == "all" else [c.strip() for c in communes_arg.split(",") if c.strip()]
    result = run_batch(period.id, communes=communes, workers=workers, data_dir=str(resolve_data_root(data_dir).path),
                       out_dir=out_dir, timeout=timeout, only_failed=only_failed)
    for line in summary_lines(result):
        click.echo(line)
    if result.failed:
        sys.exit(EXIT_FINDINGS)


def _collect(problems: list[Problem], action, *args) -> object | None:
    try:
        return action(*args)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _check_root(root: DataRoot, commune_id: str | None, period: Period | None) -> list[Problem]:
    problems: list[Problem] = []
    communes = _collect(problems, root.communes)
    if communes is None:
        return problems
    if root.procedures_file.exists():
        procedures = _collect(problems, load_procedures, root.procedures_file)
        if procedures is not None:
            problems += procedures.warnings
    ids = [commune_id] if commune_id else list(communes)
    for cid in ids:
        commune = _collect(problems, root.commune, cid)
        if commune is None:
            continue
        files = root.dossier_files(cid)
        summaries = sorted(root.commune_dir(cid).glob("summary-*.yaml")) if root.commune_dir(cid).is_dir() else []
        if not files and not summaries:
            problems.append(Problem("không có tệp hồ sơ (dossiers*) hay số liệu đã công bố (summary-*.yaml)",
                                    str(root.commune_dir(cid)), severity="warning", code="NO_DATA"))
        if files:
            problems += _dossier_problems(files)
        feedback = root.feedback_files(cid)
        if feedback:
            table = _collect(problems, load_feedback, feedback)
            if table is not None:
                problems += table.warnings
        for path in summaries:
            if period is not None and path.name != f"summary-{period.id}.yaml":
                continue
            _collect(problems, read_summary, path, cid)
        problems += _consistency_problems(root, cid, period, summaries, problems)
    return problems


def _consistency_problems(root: DataRoot, commune_id: str, period: Period | None, summaries: list[Path],
                          known: list[Problem]) -> list[Problem]:
    """The consistency findings (DESIGN §5) of ``period``, or of every period with published figures.

    Findings the file checks already printed (load warnings, row checks) are not repeated.
    """
    if any(p.severity == "error" for p in known):
        return []  # the inputs do not load: there is nothing to count
    periods = [period] if period is not None else []
    for path in summaries if period is None else []:
        found = _collect([], parse_period, path.stem.removeprefix("summary-"))
        if found is not None:
            periods.append(found)
    seen = {(p.code, p.file, p.row, p.column, p.message) for p in known}
    out: list[Problem] = []
    for each in periods:
        indicators = _collect(out, commune_indicators, root, commune_id, each)
        for f in getattr(indicators, "findings", []):
            where = f.file or str(root.summary_file(commune_id, each) or root.commune_dir(commune_id))
            problem = Problem(f"{each.name}: {f.message}" if f.file is None else f.message, where, f.row, f.column,
                              "warning", f.code)
            if (f.code, f.file, f.row, f.column, f.message) not in seen:
                seen.add((f.code, f.file, f.row, f.column, f.message))
                out.append(problem)
    return out


def _dossier_problems(files: Iterable[str | Path]) -> list[Problem]:
    """Every problem of a set of dossier exports: load errors and warnings, then row checks."""
    problems: list[Problem] = []
    table = _collect(problems, load_dossiers, list(files))
    if table is not None:
        problems += table.warnings
        problems += [Problem(f.message, f.file, f.row, f.column, "warning", f.code)
                     for f in check_dossier_rows(table.frame)]
    return problems


@cli.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option("--commune", "commune_id", help="Chỉ kiểm tra một xã/phường.")
@click.option("--period", "period_id", help="Kiểm tra thêm số liệu của kỳ này (tổng số, tỷ lệ, kỳ ghi trong văn bản …).")
@click.option("--dossiers", multiple=True, type=click.Path(dir_okay=False), help="Kiểm tra thẳng các tệp hồ sơ này.")
@click.argument("more_files", nargs=-1, type=click.Path(dir_okay=False))
def check(data_dir: str | None, commune_id: str | None, period_id: str | None, dossiers: tuple[str, ...],
          more_files: tuple[str, ...]) -> None:
    """Kiểm tra các tệp đầu vào và số liệu của kỳ; in mọi lỗi kèm tệp, dòng, cột. Thoát mã 1 khi có lỗi."""
    period = parse_period(period_id) if period_id else None
    files = _dossier_files(dossiers, more_files)
    problems = _dossier_problems(files) if files else _check_root(resolve_data_root(data_dir), commune_id, period)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for problem in errors:
        click.echo(f"LỖI      {problem}")
    for problem in warnings:
        click.echo(f"CẢNH BÁO {problem}")
    click.echo(f"{len(errors)} lỗi, {len(warnings)} cảnh báo.")
    if errors:
        sys.exit(EXIT_FINDINGS)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; turn our errors into messages; return the exit code (never raises)."""
    try:
        result = cli.main(args=argv, prog_name="tthc", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Đã dừng.", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_BAD_INPUT
    except InputError as exc:
        click.echo(f"Lỗi dữ liệu đầu vào:\n{exc}", err=True)
        return EXIT_BAD_INPUT
    except TthcError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        return EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - the last guard: no traceback for users
        if os.environ.get("TTHC_DEBUG"):
            raise
        click.echo(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}\n"
                   "Chạy lại với TTHC_DEBUG=1 để xem chi tiết và báo lỗi cho nhóm phát triển.", err=True)
        return 3


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``tthc`` and ``python -m tthc_analysis``."""
    sys.exit(run(argv))
