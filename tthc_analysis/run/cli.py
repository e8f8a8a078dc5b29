"""The ``tthc`` command (docs/cli.md).

Exit codes: 0 done; 1 problems found (``check`` errors, ``--strict`` findings, a commune
of a batch failed); 2 bad input or usage (the message names file, row and column); 3 an
unexpected error (a bug: ``TTHC_DEBUG=1`` shows its traceback); 130 stopped (Ctrl+C). No
traceback reaches the user otherwise.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Sequence

import click

from ..core.errors import Finding, InputError, TthcError
from ..core.periods import PERIOD_ID_HELP, parse_period
from ..core.sources import SOURCE_WORDS
from ..inputs.dataroot import resolve_data_root
from .cli_city import city
from .cli_common import EXIT_BAD_INPUT, EXIT_BUG, EXIT_FINDINGS, EXIT_STOPPED, print_findings, source_option
from .cli_dashboard import dashboard
from .cli_import import import_and_say, import_command
from .click_vi import localize, speak_vietnamese
from .console import unexpected_message, use_console_encoding, without_class_names

# The names of option values in the help pages (click_vi.localize; others: by their type).
METAVARS = {
    "--commune": "MÃ",
    "--period": "KỲ",
    "--communes": "MÃ,MÃ|all",
    "--from": "THÁNG",
    "--to": "THÁNG",
    "--timeout": "GIÂY",
    "--source": "NGUỒN",
    "--scheduler": "ĐỊA_CHỈ",
    "--import": "TỆP",
    "--template": "TỆP",
}
speak_vietnamese()  # before the commands are declared: Click's help texts are taken then


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
@click.option("--commune", "commune_id", help="Mã đơn vị (xã, phường, đặc khu) trong communes.yaml, ví dụ hung-thang.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option(
    "--dossiers",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Tệp hồ sơ xuất từ hệ thống (.csv, .txt, .tsv, .xlsx, .xlsm, .xls, .ods, .parquet).",
)
@click.option(
    "--procedures",
    "procedures_file",
    type=click.Path(dir_okay=False),
    help="Danh mục TTHC (procedures.csv), dùng với --dossiers.",
)
@click.option(
    "--feedback",
    "feedback_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Tệp phản ánh, kiến nghị, dùng với --dossiers.",
)
@click.option("--strict", is_flag=True, help="Thoát với mã 1 khi có bất kỳ phát hiện nào.")
@source_option
@click.argument("more_files", nargs=-1, type=click.Path(dir_okay=False))
def indicators(
    period_id: str,
    commune_id: str | None,
    data_dir: str | None,
    dossiers: tuple[str, ...],
    procedures_file: str | None,
    feedback_files: tuple[str, ...],
    strict: bool,
    source: str,
    more_files: tuple[str, ...],
) -> None:
    """In indicators.json của một đơn vị và một kỳ (hoặc tính thẳng từ tệp --dossiers)."""
    from ..indicators.commune import files_indicators

    period = parse_period(period_id)
    files = _dossier_files(dossiers, more_files)
    if files and commune_id:
        raise click.UsageError("dùng --commune hoặc --dossiers, không dùng cả hai")
    if files and source == "published":
        raise click.UsageError("--source published cần --commune: các tệp --dossiers là dữ liệu hồ sơ")
    if files:
        result = files_indicators(files, period, procedures_file=procedures_file, feedback_files=feedback_files)
        figures = result.to_dict()
    elif commune_id:
        result, figures = _commune_figures(resolve_data_root(data_dir), commune_id, period, source)
    else:
        raise click.UsageError("cần --commune MÃ hoặc --dossiers TỆP [TỆP ...]")
    click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    print_findings(result.findings)
    if strict and result.findings:
        sys.exit(EXIT_FINDINGS)


def _commune_figures(root, commune_id: str, period, source: str):
    """A commune's indicators and its indicators.json, with the source of each comparison."""
    from ..indicators.commune import commune_indicators, comparison_sources, indicators_if_any, load_commune

    data = load_commune(root, commune_id)
    result = commune_indicators(root, commune_id, period, data=data, source=source)
    figures = result.to_dict()
    figures["comparisons"] = comparison_sources(
        result,
        previous=indicators_if_any(data, result.period.previous(), source),
        same_period_last_year=indicators_if_any(data, result.period.same_period_last_year(), source),
    )
    return result, figures


@cli.command()
@click.option("--commune", "commune_id", required=True, help="Mã đơn vị (xã, phường, đặc khu), ví dụ hung-thang.")
@click.option("--period", "period_id", required=True, help=f"Kỳ báo cáo: {PERIOD_ID_HELP}.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option(
    "--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Thư mục kết quả."
)
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của báo cáo (cần LibreOffice).")
@click.option("--timeout", default=600, show_default=True, help="Thời gian tối đa (giây) cho mỗi ô của sổ tay.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 khi có bất kỳ phát hiện nào.")
@click.option(
    "--template", type=click.Path(dir_okay=False), help="Mẫu Word (.docx) của đơn vị cho báo cáo (docs/template.md)."
)
@source_option
def report(
    commune_id: str,
    period_id: str,
    data_dir: str | None,
    out_dir: str,
    pdf: bool,
    timeout: int,
    strict: bool,
    template: str | None,
    source: str,
) -> None:
    """Lập báo cáo của một đơn vị cho một kỳ qua sổ tay: HTML, .docx, indicators.json, Biểu 06a (.xlsx)."""
    from ..report.pdf import docx_to_pdf
    from .notebook import run_report

    period = parse_period(period_id)
    root = resolve_data_root(data_dir)
    commune = root.commune(commune_id)
    click.echo(f"Đang lập báo cáo {commune.full_name}, {period.name} ...", err=True)
    paths = run_report(
        commune.id,
        period.id,
        data_dir=str(root.path),
        out_dir=out_dir,
        timeout=timeout,
        source=source,
        template=template,
    )
    written = paths.products()
    if pdf:
        written.append(docx_to_pdf(paths.report_docx, paths.report_pdf))
    data = json.loads(paths.indicators_json.read_text(encoding="utf-8"))
    findings = [Finding.from_dict(f) for f in data["findings"]]
    print_findings(findings)
    click.echo(f"Báo cáo {commune.full_name}, {period.name} (nguồn: {SOURCE_WORDS[data['source']]}):")
    for path in written:
        click.echo(f"  {path}")
    if strict and findings:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--period", "period_id", required=True, help=f"Kỳ báo cáo: {PERIOD_ID_HELP}.")
@click.option(
    "--communes",
    "communes_arg",
    default="all",
    show_default=True,
    help="Danh sách mã đơn vị, cách nhau bởi dấu phẩy, hoặc all.",
)
@click.option("--workers", type=click.IntRange(1, 64), help="Số tiến trình chạy song song (mặc định: số lõi CPU).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option(
    "--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Thư mục kết quả."
)
@click.option("--timeout", default=600, show_default=True, help="Thời gian tối đa (giây) cho mỗi đơn vị.")
@click.option("--only-failed", is_flag=True, help="Chỉ chạy lại các đơn vị bị lỗi trong manifest lần trước.")
@click.option("--force", is_flag=True, help="Chạy lại cả các đơn vị có dữ liệu không đổi từ lần chạy trước.")
@click.option("--scheduler", help="Chạy trên cụm Dask: địa chỉ scheduler, ví dụ tcp://10.0.0.5:8786.")
@click.option(
    "--import", "imports", multiple=True, type=click.Path(dir_okay=False), help="Nhập trước tệp xuất của cả thành phố."
)
@source_option
def batch(
    period_id: str,
    communes_arg: str,
    workers: int | None,
    data_dir: str | None,
    out_dir: str,
    timeout: int,
    only_failed: bool,
    force: bool,
    scheduler: str | None,
    imports: tuple[str, ...],
    source: str,
) -> None:
    """Lập báo cáo cho mọi xã, phường, đặc khu của một kỳ, song song, kèm trang tổng hợp index.html."""
    from .batch import run_batch, summary_lines

    period = parse_period(period_id)
    root = resolve_data_root(data_dir)
    if imports:
        import_and_say(imports, root, None)
    result = run_batch(
        period.id,
        communes=root.select(communes_arg),
        workers=workers,
        data_dir=str(root.path),
        out_dir=out_dir,
        timeout=timeout,
        only_failed=only_failed,
        force=force,
        scheduler=scheduler,
        source=source,
    )
    for line in summary_lines(result):
        click.echo(line)
    if result.failed:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option(
    "--communes",
    "communes_arg",
    default="all",
    show_default=True,
    help="Danh sách mã đơn vị, cách nhau bởi dấu phẩy, hoặc all (mọi đơn vị trong communes.yaml).",
)
@click.option(
    "--from",
    "first",
    required=True,
    help="Tháng đầu, ví dụ 2025-01 (tháng 01 năm 2025); một quý, 6 tháng hay năm (2025-Q1, 2025) tính từ tháng đầu của nó.",
)
@click.option(
    "--to",
    "last",
    required=True,
    help="Tháng cuối, ví dụ 2026-02; một quý hay năm (2026-Q1) tính đến tháng cuối của nó.",
)
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option(
    "--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Thư mục kết quả."
)
@click.option("--timeout", default=600, show_default=True, help="Thời gian tối đa (giây) cho mỗi ô của sổ tay.")
@click.option(
    "--step",
    type=click.Choice(["month", "quarter", "year"]),
    default="month",
    show_default=True,
    help="Bước thời gian: month (tháng), quarter (quý) hoặc year (năm); mỗi quý, năm tính riêng như báo cáo quý, năm.",
)
def trends(
    communes_arg: str, first: str, last: str, data_dir: str | None, out_dir: str, timeout: int, step: str
) -> None:
    """Lập báo cáo xu hướng (HTML) của các đơn vị qua nhiều tháng, quý hay năm: thay đổi, mùa vụ theo lĩnh vực, bất thường."""
    from ..indicators.trends import parse_months, trend_window
    from .notebook import run_trends

    root = resolve_data_root(data_dir)
    chosen = root.select(communes_arg)
    parse_months(first, last, names=("--from", "--to"))  # a bad --from or --to is named as such
    window = trend_window(first, last, step)
    start, end = window[0], window[-1]
    units = ", ".join(f"{n} {kind}" for kind, n in Counter(root.commune(c).kind for c in chosen).items())
    click.echo(f"Đang lập báo cáo xu hướng của {units}, từ {start.name} đến {end.name} ...", err=True)
    paths = run_trends(chosen, start.id, end.id, data_dir=str(root.path), out_dir=out_dir, timeout=timeout, step=step)
    click.echo(f"Báo cáo xu hướng từ {start.name} đến {end.name}:")
    for path in (paths.report_html, paths.notebook):
        click.echo(f"  {path}")


@cli.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option("--commune", "commune_id", help="Chỉ kiểm tra một đơn vị (xã, phường, đặc khu).")
@click.option(
    "--period", "period_id", help="Kiểm tra thêm số liệu của kỳ này (tổng số, tỷ lệ, kỳ ghi trong văn bản …)."
)
@click.option("--dossiers", multiple=True, type=click.Path(dir_okay=False), help="Kiểm tra thẳng các tệp hồ sơ này.")
@click.argument("more_files", nargs=-1, type=click.Path(dir_okay=False))
def check(
    data_dir: str | None,
    commune_id: str | None,
    period_id: str | None,
    dossiers: tuple[str, ...],
    more_files: tuple[str, ...],
) -> None:
    """Kiểm tra các tệp đầu vào và số liệu của kỳ; in mọi lỗi kèm tệp, dòng, cột. Thoát mã 1 khi có lỗi."""
    from .check import check_files, check_root

    period = parse_period(period_id) if period_id else None
    files = _dossier_files(dossiers, more_files)
    problems = check_files(files) if files else check_root(resolve_data_root(data_dir), commune_id, period)
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
    """Run the CLI; turn our errors into messages; return the exit code (never raises).

    Messages are Vietnamese, on any console (run/console.py), with no Python class name."""
    use_console_encoding()
    try:
        result = cli.main(args=argv, prog_name="tthc", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Đã dừng.", err=True)
        return EXIT_STOPPED
    except click.ClickException as exc:
        exc.show()
        return EXIT_BAD_INPUT
    except InputError as exc:
        click.echo(f"Lỗi dữ liệu đầu vào:\n{without_class_names(str(exc))}", err=True)
        return EXIT_BAD_INPUT
    except TthcError as exc:
        click.echo(f"Lỗi: {without_class_names(str(exc))}", err=True)
        return EXIT_BAD_INPUT
    except Exception as exc:
        if os.environ.get("TTHC_DEBUG"):
            raise  # the traceback, with the class name
        click.echo(unexpected_message(exc), err=True)
        return EXIT_BUG


cli.add_command(city)
cli.add_command(import_command)
cli.add_command(dashboard)
localize(cli, METAVARS)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``tthc`` and ``python -m tthc_analysis``."""
    sys.exit(run(argv))
