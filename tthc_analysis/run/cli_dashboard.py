"""``tthc dashboard``: the exploration notebook served as a web page with Voilà (docs/explore.md).

Voilà runs ``notebooks/explore.ipynb`` in a kernel of its own for each visitor, hides the code
and keeps the widgets live. It listens on this machine only (127.0.0.1): the city's centre opens
the page in a browser there, and nothing is fetched from another host.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import click

from ..core.errors import TthcError
from ..inputs.dataroot import REPOSITORY, resolve_data_root

EXPLORE_NOTEBOOK = REPOSITORY / "notebooks" / "explore.ipynb"
# A Jupyter data folder holding the page's template (voila/templates/tthc): the lab page with no CDN.
TEMPLATE_PATH = Path(__file__).with_name("dashboard_share")
DEFAULT_PORT = 8866


def voila_command(port: int, *, open_browser: bool) -> list[str]:
    """The Voilà server of the exploration notebook on 127.0.0.1:``port``, code hidden, quiet."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(EXPLORE_NOTEBOOK),
        f"--port={port}",
        "--Voila.port_retries=0",  # the page is where this command says, or nowhere
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        "--theme=light",
        "--template=tthc",
        "--show_tracebacks=False",
        "--Voila.log_level=40",  # Voilà's own log is English; this command says what matters in Vietnamese
        *([] if open_browser else ["--no-browser"]),
    ]


# Lines of the kernels' own log that say nothing to a clerk (the kernel talks to Voilà on this
# machine only); everything else the server writes is passed on.
QUIET = ("Kernel is running over TCP without encryption",)


def _pass_on(stream) -> None:
    for line in stream:
        if not any(words in line for words in QUIET):
            sys.stderr.write(line)


def server_environment(data_root: str) -> dict[str, str]:
    """The server's environment: the data root for the notebook, and the page template's folder
    first on the Jupyter path (Voilà looks for ``--template=tthc`` there)."""
    from ..report.explore import DATA_ENV

    jupyter_path = os.pathsep.join(p for p in (str(TEMPLATE_PATH), os.environ.get("JUPYTER_PATH", "")) if p)
    return {**os.environ, DATA_ENV: data_root, "JUPYTER_PATH": jupyter_path}


def _require_free(port: int) -> None:
    """Refuse a port another program listens on (Voilà would wait there without a word)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise TthcError(
                f"cổng {port} đang được một chương trình khác dùng; chọn cổng khác, ví dụ --port {port + 1}"
            )


@click.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định data/sample).")
@click.option(
    "--port",
    type=click.IntRange(1024, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Cổng của trang trên máy này.",
)
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def dashboard(data_dir: str | None, port: int, no_browser: bool) -> None:
    """Mở trang khám phá số liệu (chọn đơn vị, chỉ tiêu, lĩnh vực, kỳ) trên máy này, không cần viết mã."""
    root = resolve_data_root(data_dir)
    root.communes()  # a missing or broken communes.yaml is said here, not inside the page
    _require_free(port)
    environment = server_environment(str(root.path))
    click.echo(f"Trang khám phá số liệu: http://127.0.0.1:{port}/", err=True)
    click.echo("Trang tự tính số liệu khi mở (vài giây mỗi đơn vị). Nhấn Ctrl+C để dừng.", err=True)
    server = subprocess.Popen(
        voila_command(port, open_browser=not no_browser),
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    threading.Thread(target=_pass_on, args=(server.stderr,), daemon=True).start()
    try:
        code = server.wait()
    except KeyboardInterrupt:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        raise
    if code != 0:
        raise TthcError(f"máy chủ Voilà dừng với mã {code}")
