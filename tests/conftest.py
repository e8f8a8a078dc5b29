"""Shared test helpers: small hand-made exports written in the formats users bring."""

from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Loaded exports are cached (tthc_analysis/inputs/cache.py): the tests keep theirs apart.
os.environ.setdefault("TTHC_CACHE_DIR", tempfile.mkdtemp(prefix="tthc-test-cache-"))
SAMPLE = REPO / "data" / "sample"

# The hand-worked example of DESIGN §4.2, one dossier a row, with what each row must count as
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


# HYPOTHESIS_PROFILE=fuzz runs the property and fuzz tests much longer (not in CI).
from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("default", max_examples=200, deadline=None)
_settings.register_profile("fuzz", max_examples=3000, deadline=None)
_settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))
