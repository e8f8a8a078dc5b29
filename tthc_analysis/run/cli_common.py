"""What the commands of ``tthc`` share: exit codes, how findings are printed, ``--source``."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ..core.errors import Finding
from ..core.sources import SOURCE_HELP, validate_source

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_BUG, EXIT_STOPPED = 0, 1, 2, 3, 130


def print_findings(findings: Sequence[Finding]) -> None:
    if not findings:
        click.echo("Kiểm tra số liệu: không phát hiện sai lệch.", err=True)
        return
    click.echo(f"Kiểm tra số liệu: {len(findings)} phát hiện", err=True)
    for finding in findings:
        where = finding.location()
        prefix = f"{where}: " if where else ""
        click.echo(f"  [{finding.code}] {prefix}{finding.message}", err=True)


def source_option(command):
    """``--source auto|dossiers|published`` (core/sources.py), checked with a Vietnamese message."""
    return click.option(
        "--source",
        default="auto",
        show_default=True,
        callback=lambda _ctx, _param, value: validate_source(value),
        help=f"{SOURCE_HELP}.",
    )(command)
