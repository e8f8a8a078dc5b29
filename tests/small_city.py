"""The small city worked out by hand in tests/test_city.py (its comment there gives every
figure): five units, one with hostile text in its name, one with published figures only, one
with no file."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, SAMPLE, write_csv

HOSTILE = "Đông Tâm <script>alert(1)</script>"


def write_small_city(folder: Path) -> Path:
    """The small city of tests/test_city.py, written under ``folder``; returns its data root."""
    root = folder / "data"
    communes = [
        ("an-binh", "An Bình", "xã"),
        ("binh-an", "Bình An", "phường"),
        ("dong-tam", f'"{HOSTILE}"', "xã"),
        ("dong-hoa", "Đông Hòa", "xã"),
        ("cat-tien", "Cát Tiên", "xã"),
    ]
    lines = [
        "city: tỉnh Thử Nghiệm",
        "centre:",
        "  issuing_body: [UBND TỈNH THỬ NGHIỆM, TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG]",
        "  signer: {authority: [GIÁM ĐỐC], name: Nguyễn Văn Ký}",
        "communes:",
    ]
    for commune_id, name, kind in communes:
        lines.append(f"  - {{id: {commune_id}, name: {name}, kind: {kind}}}")
        (root / commune_id).mkdir(parents=True)
    (root / "communes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_csv(root / "an-binh" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    write_csv(root / "binh-an" / "dossiers.csv", HEADERS_VN, [EARLIER_ROW, *HAND_ROWS[:5]])
    write_csv(root / "dong-tam" / "dossiers.csv", HEADERS_VN, [EARLIER_ROW, *HAND_ROWS[:5]])
    shutil.copy(SAMPLE / "hung-thang" / "summary-2026-02.yaml", root / "dong-hoa" / "summary-2026-02.yaml")
    return root
