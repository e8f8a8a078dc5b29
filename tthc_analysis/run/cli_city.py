"""``tthc city``: the city's consolidated report of its communes (docs/cli.md#tthc-city)."""

from __future__ import annotations

import sys

import click

from ..core.errors import InputError
from ..core.periods import PERIOD_ID_HELP, parse_period
from ..inputs.dataroot import resolve_data_root
from .cli_common import EXIT_FINDINGS, source_option


@click.command()
@click.option("--period", "period_id", required=True, help=f"Kỳ báo cáo: {PERIOD_ID_HELP}.")
@click.option("--communes", default="all", show_default=True, help="Mã các đơn vị, cách nhau bởi dấu phẩy, hoặc all.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option(
    "--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Thư mục kết quả."
)
@click.option("--strict", is_flag=True, help="Thoát với mã 1 khi có đơn vị thiếu số liệu hoặc số liệu sai lệch.")
@source_option
def city(period_id: str, communes: str, data_dir: str | None, out_dir: str, strict: bool, source: str) -> None:
    """Báo cáo tổng hợp của thành phố/tỉnh: Biểu 06a theo đơn vị, xếp hạng, số liệu cần rà soát (HTML, DOCX, XLSX, JSON)."""
    from tqdm import tqdm

    from ..indicators.city import city_indicators
    from ..report.city.report import write_city_products

    root = resolve_data_root(data_dir)
    period = parse_period(period_id)
    chosen = root.select(communes)  # an unknown id stops here, before any work

    def progress(items):
        return tqdm(items, desc="Tổng hợp", unit=" đơn vị", file=sys.stderr, disable=len(items) < 2 or None)

    if not any(root.commune(c).city for c in chosen):
        raise InputError(
            "communes.yaml chưa có khóa 'city' (tên thành phố, tỉnh, ví dụ: thành phố Hải Phòng)",
            file=root.communes_file,
        )
    result = city_indicators(root, period, chosen, progress=progress, source=source)
    if not result.with_data:
        raise InputError(f"không xã, phường, đặc khu nào có số liệu {period.name}", file=root.path)
    for path in write_city_products(result, root.centre(), out_dir):
        click.echo(str(path))
    for missing in result.no_data:
        click.echo(f"Chưa có số liệu: {missing.commune.full_name} ({missing.problem})", err=True)
    disagreements = result.disagreements()
    for commune_id in disagreements:
        click.echo(f"Số liệu cần rà soát: {root.commune(commune_id).full_name}", err=True)
    if strict and (result.no_data or disagreements):
        sys.exit(EXIT_FINDINGS)
