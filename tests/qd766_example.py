"""The QĐ 766 example worked out by hand (tests/test_qd766.py): a commune's dossiers, its
procedure catalogue and its feedback for February 2026, and the indicators counted from them."""

from __future__ import annotations

from pathlib import Path

from conftest import write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import files_indicators

FEBRUARY = parse_period("2026-02")  # 15/01/2026 – 14/02/2026

DOSSIER_HEADERS = [
    "MaHoSo", "MaTTHC", "KenhThucHien", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "TrangThaiHoSo",
    "CoPhi", "DuocThanhToanTrucTuyen", "HoSoCoThanhPhanSoHoa", "CoKetQuaDienTu", "DuocTaiSuDung",
]  # fmt: skip
# id, procedure, channel, received, due, finished, status, fee, paid online, digitised, e-result, reused
HAND = [
    ("D01", "2.000101", "2", "01/02/2026", "05/02/2026", "03/02/2026", "10", "1", "1", "1", "1", "1"),  # (8)
    ("D02", "2.000101", "2", "01/02/2026", "05/02/2026", "05/02/2026", "10", "1", "2", "1", "1", "1"),  # (9)
    ("D03", "2.000102", "2", "02/02/2026", "05/02/2026", "09/02/2026", "10", "1", "0", "1", "1", "1"),  # (10)
    ("D04", "2.000102", "1", "02/02/2026", "10/02/2026", "08/02/2026", "10", "0", "0", "1", "1", "1"),  # (8)
    ("D05", "2.000103", "1", "03/02/2026", "12/02/2026", "11/02/2026", "10", "1", "0", "0", "1", "0"),  # (8)
    ("D06", "2.000103", "2", "03/02/2026", "20/02/2026", "", "4", "0", "0", "1", "0", "1"),  # (12)
    ("D07", "2.000104", "2", "04/02/2026", "10/02/2026", "", "4", "0", "0", "1", "0", "0"),  # (13)
    ("D08", "2.000105", "2", "05/02/2026", "12/02/2026", "10/02/2026", "10", "0", "0", "1", "1", "1"),  # (8)
    ("D09", "2.000101", "3", "05/02/2026", "12/02/2026", "12/02/2026", "10", "1", "1", "1", "1", "1"),  # (9)
    ("D10", "2.000102", "1", "06/02/2026", "14/02/2026", "13/02/2026", "10", "0", "0", "1", "1", "1"),  # (8)
    # Carried over from January, overdue: in 2.1, never in the ratios over dossiers received in the period.
    ("C01", "2.000106", "2", "10/01/2026", "20/01/2026", "", "4", "1", "1", "1", "1", "1"),  # (6), (13)
    ("X01", "2.000101", "2", "16/02/2026", "20/02/2026", "", "4", "1", "1", "1", "1", "1"),  # after `to`: out
    ("X02", "2.000101", "2", "03/02/2026", "", "", "3", "1", "1", "1", "1", "1"),  # not received: out
]
# Biểu 06a by hand: (3) 11 = 10 new + 1 carried; (8) D01 D04 D05 D08 D10 = 5; (9) D02 D09 = 2;
# (10) D03 = 1; (12) D06 = 1 (due 20/02 ≥ 14/02); (13) D07 C01 = 2.
CATALOGUE = [
    ("2.000101", "Thủ tục một", "4"),
    ("2.000102", "Thủ tục hai", "3"),
    ("2.000103", "Thủ tục ba", "3"),
    ("2.000104", "Thủ tục bốn", "4"),
    ("2.000105", "Thủ tục năm", "2"),  # not online: its online dossier D08 does not count for 3.2
    ("2.000106", "Thủ tục sáu", "4"),  # online, only the carried-over C01: no online dossier in the period
]
FEEDBACK_HEADERS = ["MaPAKN", "NgayTiepNhan", "HanXuLy", "NgayXuLy"]
FEEDBACK = [
    ("F1", "20/01/2026", "30/01/2026", "28/01/2026"),  # resolved on time
    ("F2", "01/02/2026", "10/02/2026", "12/02/2026"),  # resolved late
    ("F3", "05/02/2026", "20/02/2026", ""),  # pending, within its due date
    ("F4", "25/01/2026", "05/02/2026", ""),  # pending, overdue at 14/02
    ("F5", "01/01/2026", "10/01/2026", "12/01/2026"),  # finished before 15/01: out
    ("F6", "10/01/2026", "20/01/2026", "16/01/2026"),  # carried over, resolved on time
    ("F7", "10/02/2026", "14/02/2026", ""),  # pending, due on `to`: within
]


def hand_commune(folder: Path, rows=HAND, *, catalogue=CATALOGUE, feedback=FEEDBACK):
    folder.mkdir(parents=True, exist_ok=True)
    dossiers = write_csv(folder / "ho-so.csv", DOSSIER_HEADERS, rows)
    procedures = None
    if catalogue is not None:
        procedures = write_csv(folder / "procedures.csv", ["MaTTHC", "TenTTHC", "MucDo"], catalogue)
    feedback_files = []
    if feedback is not None:
        feedback_files = [write_csv(folder / "pakn.csv", FEEDBACK_HEADERS, feedback)]
    return files_indicators(
        [dossiers], FEBRUARY, procedures_file=procedures, feedback_files=feedback_files, commune=folder.name
    )
