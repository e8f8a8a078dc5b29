"""Shared test helpers: small hand-made exports written in the formats users bring."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Tests never write into the repository. What a run keeps goes to a temporary folder removed
# when the run ends: the cache of loaded exports (tthc_analysis/inputs/cache.py), kept apart
# from the user's, and hypothesis's own files (else a .hypothesis/ folder here).
_scratch = tempfile.mkdtemp(prefix="tthc-tests-")
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ.setdefault("TTHC_CACHE_DIR", os.path.join(_scratch, "cache"))
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(_scratch, "hypothesis"))
# Under mutation testing (mutmut runs these tests from its mutants/ copy, docs/testing.md) every
# mutant has the same loader source, hence the same cache key: a load cached by one run would
# hide the next mutant of the parsing code. No cache there.
if REPO.name == "mutants" or "MUTANT_UNDER_TEST" in os.environ:
    os.environ["TTHC_CACHE"] = "0"
SAMPLE = REPO / "data" / "sample"

# The hand-worked example of docs/counting.md#a-worked-example, one dossier a row, with what each row must count as
# in period 2026-02 (15/01/2026 – 14/02/2026). Columns: id, field, status, channel,
# received, due, finished (dd/mm/yyyy, optional time).
HAND_ROWS = [
    ("A", "Hộ tịch", "10", "2", "01/02/2026", "05/02/2026", "03/02/2026"),  # online, early
    ("B", "Hộ tịch", "10", "1", "01/02/2026", "05/02/2026", "05/02/2026"),  # direct, on time (= due)
    ("C", "Hộ tịch", "10", "3", "01/02/2026", "05/02/2026", "09/02/2026"),  # postal, late
    ("D", "Hộ tịch", "10", "", "02/02/2026", "", "10/02/2026"),  # empty channel = direct; no due = on time
    ("E", "Hộ tịch", "7", "2", "02/02/2026", "03/02/2026", "12/02/2026"),  # withdrawn: on time though late
    ("F", "Chứng thực", "4", "2", "10/01/2026", "20/01/2026", ""),  # carried over, overdue in progress
    ("G", "Chứng thực", "4", "2", "10/02/2026", "14/02/2026", ""),  # due = to: in progress on time
    ("H", "Chứng thực", "5", "2", "20/01/2026", "25/01/2026", ""),  # waiting supplement: on time
    ("I", "Chứng thực", "10", "2", "05/01/2026", "12/01/2026", "14/01/2026"),  # finished before from: out
    ("J", "Chứng thực", "10", "2", "05/01/2026", "20/01/2026", "15/01/2026"),  # carried, finished on from: early
    ("K", "Đất đai", "3", "2", "03/02/2026", "", ""),  # not accepted: out
    ("L", "Đất đai", "1", "2", "03/02/2026", "", ""),  # only registered: out
    ("M", "Đất đai", "10", "2", "15/02/2026", "20/02/2026", "16/02/2026"),  # received after to: out
    ("N", "Đất đai", "10", "1", "14/02/2026", "14/02/2026", "20/02/2026"),  # finished after to: in progress
    ("O", "Đất đai", "9", "2", "01/12/2025", "", ""),  # carried; finished status without date; no due
    ("P", "Đất đai", "4", "2", "15/01/2026 08:30", "13/02/2026", ""),  # received on from; overdue
    ("Q", "Đất đai", "10", "2", "14/02/2026 23:59", "14/02/2026", "14/02/2026 17:00"),  # same day: on time
]
# A dossier received and finished long before 2026-02: it takes part in neither January nor February
# 2026; in an export it shows that the export reaches back before those periods, so carried over
# is known (an export that starts inside a period cannot show it: CARRIED_OVER_UNKNOWN).
EARLIER_ROW = ("Z", "Hộ tịch", "10", "1", "03/11/2025", "10/11/2025", "05/11/2025")
HEADERS_VN = ["Mã hồ sơ", "Lĩnh vực", "Trạng thái", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"]
HEADERS_PORTAL = [
    "MaHoSo",
    "TenLinhVuc",
    "TrangThaiHoSo",
    "KenhThucHien",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
]


# Biểu 06a counts that agree with themselves: 3 carried over + 4 online + 3 direct = 10;
# 7 resolved (2 early + 4 on time + 1 late) + 3 in progress (2 on time + 1 overdue) = 10.
CONSISTENT_COUNTS = {
    "total": 10,
    "online": 4,
    "direct_postal": 3,
    "carried_over": 3,
    "resolved": 7,
    "resolved_early": 2,
    "resolved_on_time": 4,
    "resolved_late": 1,
    "in_progress": 3,
    "in_progress_on_time": 2,
    "in_progress_overdue": 1,
}


# Worked out by hand from the comments in conftest.HAND_ROWS.
EXPECTED_2026_02 = {
    "total": 13,
    "online": 6,
    "direct_postal": 4,
    "carried_over": 3,
    "resolved": 7,
    "resolved_early": 2,
    "resolved_on_time": 4,
    "resolved_late": 1,
    "in_progress": 6,
    "in_progress_on_time": 4,
    "in_progress_overdue": 2,
}
EXPECTED_BY_FIELD_2026_02 = {
    "Hộ tịch": {
        "total": 5,
        "online": 2,
        "direct_postal": 3,
        "carried_over": 0,
        "resolved": 5,
        "resolved_early": 1,
        "resolved_on_time": 3,
        "resolved_late": 1,
        "in_progress": 0,
        "in_progress_on_time": 0,
        "in_progress_overdue": 0,
    },
    "Chứng thực": {
        "total": 4,
        "online": 2,
        "direct_postal": 0,
        "carried_over": 2,
        "resolved": 1,
        "resolved_early": 1,
        "resolved_on_time": 0,
        "resolved_late": 0,
        "in_progress": 3,
        "in_progress_on_time": 2,
        "in_progress_overdue": 1,
    },
    "Đất đai": {
        "total": 4,
        "online": 2,
        "direct_postal": 1,
        "carried_over": 1,
        "resolved": 1,
        "resolved_early": 0,
        "resolved_on_time": 1,
        "resolved_late": 0,
        "in_progress": 3,
        "in_progress_on_time": 2,
        "in_progress_overdue": 1,
    },
}
# The same rows over quarter I (15/12/2025 – 14/03/2026): I and M now take part, O is carried over.
EXPECTED_2026_Q1 = {
    "total": 15,
    "online": 10,
    "direct_postal": 4,
    "carried_over": 1,
    "resolved": 10,
    "resolved_early": 3,
    "resolved_on_time": 4,
    "resolved_late": 3,
    "in_progress": 5,
    "in_progress_on_time": 2,
    "in_progress_overdue": 3,
}
# And over January 2026 (15/12/2025 – 14/01/2026): only O (carried), F, I, J.
EXPECTED_2026_01 = {
    "total": 4,
    "online": 3,
    "direct_postal": 0,
    "carried_over": 1,
    "resolved": 1,
    "resolved_early": 0,
    "resolved_on_time": 0,
    "resolved_late": 1,
    "in_progress": 3,
    "in_progress_on_time": 3,
    "in_progress_overdue": 0,
}


def to_cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows writes it: â ê ô ă ơ ư đ precomposed, tone marks combining."""
    out = []
    for char in text:
        nfd = unicodedata.normalize("NFD", char)
        keep = "".join(m for m in nfd[1:] if m in "\u0302\u0306\u031b")
        tones = "".join(m for m in nfd[1:] if m not in "\u0302\u0306\u031b")
        out.append(unicodedata.normalize("NFC", nfd[0] + keep) + tones)
    return "".join(out).encode("cp1258")


def write_csv(path: Path, headers, rows, *, encoding="utf-8-sig", sep=",") -> Path:
    import csv

    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.fixture
def preview_dir(tmp_path: Path) -> Path:
    """Where pictures of products go for people to look at: $TTHC_PREVIEW_DIR, else a temporary folder.

    Tests never write into the repository.
    """
    folder = Path(os.environ.get("TTHC_PREVIEW_DIR") or tmp_path / "preview")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def hand_csv(tmp_path: Path) -> Path:
    """The hand-worked example as a new user brings it: Vietnamese headers, dd/mm/yyyy, UTF-8 with BOM."""
    return write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)


def run_cli(*args: str, cwd: Path = REPO):
    """Run ``python -m tthc_analysis`` as a user would; return the completed process."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "tthc_analysis", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )


def typed_hand_rows() -> list[list]:
    """HAND_ROWS as a workbook holds them: status and channel as numbers (an empty channel stays
    empty), dates as native datetimes with the time of day when the row has one."""
    from datetime import datetime

    out = []
    for row in HAND_ROWS:
        cells: list = []
        for column, text in enumerate(row):
            if column in (2, 3):
                cells.append(int(text) if text else None)
            elif column >= 4 and text:
                cells.append(datetime.strptime(text, "%d/%m/%Y %H:%M" if " " in text else "%d/%m/%Y"))
            else:
                cells.append(text or None)
        out.append(cells)
    return out


def write_ods(path: Path, rows, sheet: str = "Hồ sơ") -> Path:
    """A minimal OpenDocument spreadsheet written by hand (no odfpy): a zip with the mimetype
    first and stored, the manifest and content.xml; strings, numbers and native dates."""
    import zipfile
    from datetime import datetime
    from xml.sax.saxutils import escape, quoteattr

    def cell(value) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, datetime):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat(timespec="seconds")}">'
                f"<text:p>{value:%d/%m/%Y %H:%M}</text:p></table:table-cell>"
            )
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet)}>{body}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def write_root(path: Path, *communes: tuple[str, str, str], city: str = "thành phố Thử") -> Path:
    """A data root with communes.yaml listing ``(id, name, kind)`` and an empty folder for each."""
    lines = [f"city: {city}", "communes:"]
    for commune_id, name, kind in communes:
        lines.append(f"  - {{id: {commune_id}, name: {name}, kind: {kind}}}")
        (path / commune_id).mkdir(parents=True, exist_ok=True)
    path.mkdir(parents=True, exist_ok=True)
    (path / "communes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fresh_python(code: str) -> str:
    """What a new Python process prints running ``code``: its imports are its own, not the test run's."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


needs_chromium = pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")) and not os.environ.get("TTHC_REQUIRE_BROWSER"),
    reason="Chromium is not installed (CI installs it and sets TTHC_REQUIRE_BROWSER=1)",
)


def refusing_route(outside: list[str], allowed: tuple[str, ...] = ("file:", "data:")):
    """A Playwright route handler: addresses starting with ``allowed`` go through, every other is
    refused and noted in ``outside`` (the test that nothing is asked of another host)."""

    def route(request_route):
        url = request_route.request.url
        if url.startswith(allowed):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    return route


def open_offline_on_a_phone(page_path: Path, screenshot: Path) -> dict:
    """Open an HTML product in headless Chromium, as a phone with no network.

    Returns what a reader would meet: console errors, failed requests, requests to any other
    host (refused), whether each image loaded, the page width, its script elements and how
    many of its tables became live.
    """
    from playwright.sync_api import sync_playwright

    errors, failed, outside = [], [], []
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, offline=True)  # a phone, no network

        context.route("**/*", refusing_route(outside))
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(page_path.as_uri(), wait_until="load")
        images = page.eval_on_selector_all("img", "els => els.map(e => e.complete && e.naturalWidth > 0)")
        wide = page.evaluate("document.documentElement.scrollWidth")
        scripts = page.eval_on_selector_all("script", "els => els.length")
        live = 0
        if scripts:  # the live tables mark the page when they are ready (report/live_tables.py)
            page.wait_for_function("document.documentElement.dataset.liveTables !== undefined", timeout=20_000)
            live = int(page.evaluate("document.documentElement.dataset.liveTables"))
        page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    return {
        "errors": errors,
        "failed": failed,
        "outside": outside,
        "images": images,
        "wide": wide,
        "scripts": scripts,
        "live": live,
    }


# HYPOTHESIS_PROFILE=fuzz runs the property and fuzz tests much longer (not in CI).
from hypothesis import settings as _settings  # noqa: E402

# No example database across runs (the scratch folder goes): a failure prints its example.
_settings.register_profile("default", max_examples=200, deadline=None, database=None)
_settings.register_profile("fuzz", max_examples=3000, deadline=None, database=None)
_settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))


class FakeKernel:
    """A stand-in for WarmKernel: each launch takes the next outcome (an exception or None);
    ``run`` hands the parameters papermill injected to ``on_run`` and returns the notebook."""

    def __init__(self, outcomes: list, on_run=None) -> None:
        self.outcomes, self.on_run, self.starts, self.km, self.ready = outcomes, on_run, 0, None, False

    def launch(self) -> None:
        self.starts += 1
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        self.km = self

    def wait_ready(self) -> None:
        self.ready = True

    def is_alive(self) -> bool:
        return True

    def shutdown(self) -> None:
        self.km = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

    def run(self, node, **kwargs):
        injected = next(c for c in node.cells if "injected-parameters" in c.metadata.get("tags", []))
        parameters: dict = {}
        exec(injected.source, {}, parameters)  # the cell papermill writes: name = "value" lines
        if self.on_run:
            self.on_run(parameters)
        return node


# Liberation Serif is metric-compatible with Times New Roman (same advance widths): measuring a
# line with its glyph advances gives the printed width of the line in Times New Roman, without
# the package's own width table. fonts-liberation2 is installed with LibreOffice (.ci/run).
FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")


def liberation_width():
    """``width_mm(text, size_pt, bold=False)`` measured with Liberation Serif's glyphs; skips (or,
    where CI requires the fonts, fails) when they are not installed."""
    import os

    ttlib = pytest.importorskip("fontTools.ttLib")
    fonts = {}
    for bold, name in ((False, "LiberationSerif-Regular.ttf"), (True, "LiberationSerif-Bold.ttf")):
        path = next((Path(d) / name for d in FONT_DIRS if (Path(d) / name).exists()), None)
        if path is None:
            if os.environ.get("TTHC_REQUIRE_PDF"):
                pytest.fail(f"{name} not found in {FONT_DIRS} (apt-get install fonts-liberation2)")
            pytest.skip("Liberation Serif is not installed (apt-get install fonts-liberation2)")
        fonts[bold] = ttlib.TTFont(str(path))

    def width_mm(text: str, size_pt: float, bold: bool = False) -> float:
        font = fonts[bold]
        cmap, advances, per_em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        units = sum(advances[cmap[ord(char)]][0] for char in text)  # every Vietnamese letter has its glyph
        return units / per_em * size_pt * 25.4 / 72

    return width_mm
