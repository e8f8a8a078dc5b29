"""The fixture corpus of real export layouts (tests/fixtures/real_layouts/).

Nine small exports in the layouts three real one-stop-shop systems write (PASETO's lists and
HTML "Excel" exports, the national portal sync, OpenCPS' sync, e-par's report exports),
each counted by hand for period 2026-01 in ``expected.yaml`` (one comment a dossier). The
layouts and their sources are described in the folder's README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tthc_analysis.run.cli import run

FIXTURES = Path(__file__).parent / "fixtures" / "real_layouts"
EXPECTED: dict[str, dict] = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


def test_the_corpus_covers_at_least_six_files_of_two_systems():
    assert len(EXPECTED) >= 6
    systems = {name.split("_")[0] for name in EXPECTED}
    assert {"paseto", "epar", "dvcqg", "opencps"} <= systems
    assert all((FIXTURES / name).exists() for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_hand_counts_agree_with_themselves(name):
    c = EXPECTED[name]
    assert c["total"] == c["resolved"] + c["in_progress"]
    assert c["resolved"] == c["resolved_early"] + c["resolved_on_time"] + c["resolved_late"]
    assert c["in_progress"] == c["in_progress_on_time"] + c["in_progress_overdue"]
    if c["online"] is not None:
        assert c["total"] == c["online"] + c["direct_postal"] + c["carried_over"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_layout_loads_and_counts_as_by_hand(name, capsys):
    code = run(["indicators", "--period", "2026-01", "--dossiers", str(FIXTURES / name)])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data["bieu06a"] == EXPECTED[name]
    codes = [f["code"] for f in data["findings"]]
    assert ("CHANNEL_NOT_AVAILABLE" in codes) == (EXPECTED[name]["online"] is None)
    # Every status and channel word of these layouts is known.
    assert not {"UNKNOWN_STATUS", "UNKNOWN_CHANNEL"} & set(codes), out.err
