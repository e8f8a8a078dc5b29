"""``tthc dashboard`` in Chromium: the page loads, a new choice changes the figures, nothing leaves
the machine, and Ctrl+C stops the server (end to end; the screenshots of docs/explore.md).

``TTHC_SCREENSHOTS=1 pytest -m e2e tests/test_dashboard.py`` writes the screenshots into docs/images/.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE, needs_chromium, refusing_route, write_root

pytestmark = [pytest.mark.e2e, needs_chromium]

LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def small_root(tmp_path) -> Path:
    """Two of the sample's units (the smallest), with the city's on-time target."""
    root = write_root(tmp_path / "goc", ("cat-hai", "Cát Hải", "đặc khu"), ("bach-long-vi", "Bạch Long Vĩ", "đặc khu"))
    for unit in ("cat-hai", "bach-long-vi"):
        shutil.copytree(SAMPLE / unit, root / unit, dirs_exist_ok=True)
    shutil.copy(SAMPLE / "procedures.csv", root / "procedures.csv")
    with open(root / "communes.yaml", "a", encoding="utf-8") as handle:
        handle.write("targets:\n  rate_on_time: 98\n")
    return root


def _table_header(page) -> list[str]:
    return page.eval_on_selector_all(".widget-html table thead th", "els => els.map(e => e.textContent.trim())")


def test_the_dashboard_serves_live_widgets_and_asks_nothing_of_another_host(small_root, tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tthc_analysis",
            "dashboard",
            "--no-browser",
            "--port",
            str(port),
            "--data",
            str(small_root),
        ],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal starts it
    )
    shots = REPO / "docs" / "images" if os.environ.get("TTHC_SCREENSHOTS") else tmp_path
    outside: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the server listens
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or shutil.which("chromium-browser"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            context = browser.new_context(viewport={"width": 1200, "height": 1000}, locale="vi-VN")

            context.route("**/*", refusing_route(outside, LOCAL))
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/", timeout=240_000)
            page.wait_for_selector(".widget-html table thead th", timeout=240_000)
            assert _table_header(page) == ["Kỳ", "đặc khu Cát Hải", "đặc khu Bạch Long Vĩ"]
            labels = page.eval_on_selector_all("label", "els => els.map(e => e.textContent.trim())")
            assert {"Đơn vị", "Chỉ tiêu", "Lĩnh vực", "Theo", "Từ kỳ", "Đến kỳ"} <= set(labels)
            shown = page.inner_text("body")
            assert "Khám phá số liệu cải cách TTHC" in shown and "import" not in shown  # the code is hidden
            page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

            page.locator("select[multiple]").select_option(label=["đặc khu Bạch Long Vĩ"])
            page.wait_for_function(
                "() => [...document.querySelectorAll('.widget-html table thead th')].length === 2", timeout=60_000
            )
            assert _table_header(page) == ["Kỳ", "đặc khu Bạch Long Vĩ"]
            page.get_by_text("Quý", exact=True).click()
            page.wait_for_function(
                "() => [...document.querySelectorAll('.widget-html table tbody th')]"
                ".some(e => e.textContent.startsWith('quý'))",
                timeout=60_000,
            )
            page.screenshot(path=str(shots / "dashboard-quy.png"), full_page=True)
            browser.close()
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            code = server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
        errors = server.stderr.read()
    assert outside == []
    assert code == 130, errors
    assert "Đã dừng." in errors and "Traceback" not in errors and "Kernel is running over TCP" not in errors
