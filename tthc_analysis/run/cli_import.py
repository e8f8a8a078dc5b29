"""``tthc import``: a city-wide export split into the data root's commune folders (docs/inputs.md#a-city-wide-export)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from ..core.vnformat import count
from ..inputs.dataroot import DataRoot, resolve_data_root


def import_and_say(exports: Sequence[str], root: DataRoot, by: str | None) -> None:
    """Import ``exports`` into ``root`` and say, for each, where its dossiers went."""
    from ..inputs.city_export import import_exports

    click.echo(f"Đang đọc {len(exports)} tệp xuất của cả thành phố ...", err=True)
    for result in import_exports(list(exports), root, by=by):
        placed = sum(result.by_commune.values())
        click.echo(f"{result.export}: {count(result.rows, pad=False)} hồ sơ, chia theo cột '{result.header}'")
        for commune_id, rows in result.by_commune.items():
            click.echo(f"  {root.commune(commune_id).full_name}: {count(rows, pad=False)} hồ sơ")
        for path in result.removed:
            click.echo(f"  Đã xóa {path} (lần nhập này không có hồ sơ của đơn vị đó)")
        if result.unmatched:
            lost = count(sum(result.unmatched.values()), pad=False)
            click.echo(f"  Không khớp đơn vị nào trong communes.yaml: {lost} hồ sơ, không được nhập:", err=True)
            for name, rows in result.unmatched.items():
                first = result.first_rows[name]
                click.echo(f"    '{name}': {count(rows, pad=False)} hồ sơ (dòng đầu tiên: {first})", err=True)
        if result.left_out:
            left = count(result.left_out, pad=False)
            click.echo(f"  {left} hồ sơ không được tính (mã trạng thái không rõ, không có ngày tiếp nhận)")
        placed_text = f"{count(placed, pad=False)}/{count(result.rows, pad=False)}"
        click.echo(f"  Đã nhập {placed_text} hồ sơ vào {len(result.by_commune)} đơn vị.")


@click.command("import")
@click.argument("exports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--data", "data_dir", required=True, type=click.Path(file_okay=False), help="Thư mục dữ liệu có communes.yaml."
)
@click.option(
    "--by",
    "by",
    metavar="TÊN_CỘT",
    help="Cột ghi đơn vị của hồ sơ (mặc định: đơn vị tiếp nhận; không có thì đơn vị xử lý).",
)
def import_command(exports: tuple[str, ...], data_dir: str, by: str | None) -> None:
    """Chia tệp xuất hồ sơ của cả thành phố vào thư mục của từng xã, phường, đặc khu."""
    root = resolve_data_root(data_dir)
    import_and_say(exports, root, by)
    sys.stdout.flush()
