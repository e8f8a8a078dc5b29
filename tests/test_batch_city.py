"""The city's report at the end of a batch: its figures are worked out in a thread of the batch
while the last communes run (run/batch.py, ``CityAhead``), and are the figures ``tthc city``
gives. The workers are replaced by a stand-in that hands back one result at a time, so the
moment the city starts is seen exactly."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv

from tthc_analysis.indicators import city as city_module
from tthc_analysis.run import batch
from tthc_analysis.run.cli import run

COMMUNES = ["an-binh", "binh-an", "dong-tam", "dong-hoa"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Four communes, each with some of the hand rows: 13, 5, 7 and 3 dossiers in the file taking part
    in 2026-02. Each export reaches back before 2026-02 (carried over known): binh-an's through
    EARLIER_ROW, which takes part in no period of 2026."""
    data = tmp_path / "data"
    lines = ["city: tỉnh Thử Nghiệm", "communes:"]
    exports = (HAND_ROWS, [EARLIER_ROW, *HAND_ROWS[:5]], HAND_ROWS[:7], HAND_ROWS[3:6])
    for commune_id, rows in zip(COMMUNES, exports, strict=True):
        lines.append(f"  - {{id: {commune_id}, name: {commune_id}, kind: xã}}")
        (data / commune_id).mkdir(parents=True)
        write_csv(data / commune_id / "dossiers.csv", HEADERS_VN, rows)
    (data / "communes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


@pytest.fixture
def stand_in_workers(monkeypatch) -> list[str]:
    """Workers that finish the communes in order, one per result; returns the log of what happened:
    "result <commune>" as each is handed back, "city" when the city's figures are started."""
    log: list[str] = []

    def results(job, communes, arguments, workers):
        for commune in communes:
            log.append(f"result {commune}")
            yield commune, batch.RunResult(commune, arguments[0]), None

    start = batch.CityAhead.start

    def noted_start(self):
        if self._thread is None:
            log.append("city")
        start(self)

    monkeypatch.setattr(batch, "local_results", results)
    monkeypatch.setattr(
        batch, "dask_results", lambda job, communes, arguments, scheduler: results(job, communes, arguments, 0)
    )
    monkeypatch.setattr(batch.CityAhead, "start", noted_start)
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 2)  # the CI machine's
    return log


def city_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "tthc-city"]


@pytest.fixture
def slow_city(monkeypatch) -> None:
    """City figures that take 0,3 s a commune, so a thread nobody stops is still there afterwards."""
    figures = city_module.city_indicators

    def slow(root, period, communes, progress=lambda items: items, source="auto"):
        def paced(items):
            for item in progress(items):
                time.sleep(0.3)
                yield item

        return figures(root, period, communes, progress=paced, source=source)

    monkeypatch.setattr(city_module, "city_indicators", slow)


def city_json(out: Path) -> dict:
    return json.loads((out / "2026-02" / "city.json").read_text(encoding="utf-8"))


def test_the_city_starts_when_a_worker_has_no_commune_left(root, tmp_path, stand_in_workers, monkeypatch):
    calls = []
    figures = city_module.city_indicators
    monkeypatch.setattr(city_module, "city_indicators", lambda *a, **k: calls.append(a) or figures(*a, **k))
    # Four communes on two workers: after the third result one commune is left, so one of the
    # two workers is idle — the city's figures start then, not at the end, not before.
    result = batch.run_batch("2026-02", data_dir=root, out_dir=tmp_path / "out", workers=2, progress=False)
    assert stand_in_workers == ["result an-binh", "result binh-an", "result dong-tam", "city", "result dong-hoa"]
    assert len(calls) == 1 and result.city is not None  # worked out once, and used for the city's set


def test_with_fewer_communes_than_workers_the_city_starts_at_once(root, tmp_path, stand_in_workers):
    batch.run_batch("2026-02", communes=["an-binh"], data_dir=root, out_dir=tmp_path / "out", workers=2, progress=False)
    assert stand_in_workers == ["city", "result an-binh"]


def test_workers_beyond_the_cores_keep_them_busy(root, tmp_path, stand_in_workers):
    # Eight workers on two cores: with four communes both cores are busy until one is left.
    batch.run_batch("2026-02", data_dir=root, out_dir=tmp_path / "out", workers=8, progress=False)
    assert stand_in_workers.index("city") == 3


def test_on_a_dask_cluster_the_city_starts_at_once(root, tmp_path, stand_in_workers):
    batch.run_batch("2026-02", data_dir=root, out_dir=tmp_path / "out", scheduler="tcp://cum:8786", progress=False)
    assert stand_in_workers[0] == "city"


def test_a_city_set_whose_inputs_did_not_change_is_kept_and_its_work_stopped(
    root, tmp_path, stand_in_workers, monkeypatch, slow_city
):
    out = tmp_path / "out"
    first = batch.run_batch("2026-02", data_dir=root, out_dir=out, workers=2, progress=False)
    written = first.city.stat().st_mtime_ns
    stand_in_workers.clear()
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 8)
    again = batch.run_batch("2026-02", data_dir=root, out_dir=out, workers=8, progress=False)
    assert again.city == first.city and again.city.stat().st_mtime_ns == written  # kept as it was
    assert stand_in_workers[0] == "city"  # eight cores, four communes: a core was free from the start
    assert city_threads() == []  # the figures were not needed: their work was stopped, not left running


def test_a_batch_that_fails_leaves_no_city_work_behind(root, tmp_path, stand_in_workers, monkeypatch, slow_city):
    def interrupted(job, communes, arguments, workers):
        yield communes[0], batch.RunResult(communes[0], arguments[0]), None
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "local_results", interrupted)
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 8)
    with pytest.raises(KeyboardInterrupt):
        batch.run_batch("2026-02", data_dir=root, out_dir=tmp_path / "out", workers=8, progress=False)
    assert stand_in_workers == ["city"] and city_threads() == []


def test_the_city_worked_out_ahead_is_what_tthc_city_gives(root, tmp_path, stand_in_workers):
    result = batch.run_batch("2026-02", data_dir=root, out_dir=tmp_path / "batch", workers=2, progress=False)
    assert result.city_error is None
    assert run(["city", "--period", "2026-02", "--data", str(root), "--out", str(tmp_path / "city")]) == 0
    ahead, direct = city_json(tmp_path / "batch"), city_json(tmp_path / "city")
    assert ahead["communes"] == direct["communes"] and ahead["total"] == direct["total"]
    # By hand: 13 (every hand row, EXPECTED_2026_02) + 5 (A–E) + 7 (A–G: A–E, F carried over
    # and in progress, G in progress) + 3 (D, E, F) dossiers take part in 2026-02.
    assert ahead["total"]["bieu06a"]["total"] == 13 + 5 + 7 + 3


def test_a_failure_of_the_city_ahead_is_the_batchs_city_error(root, tmp_path, stand_in_workers, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("hỏng giữa chừng")

    monkeypatch.setattr(city_module, "city_indicators", broken)
    result = batch.run_batch("2026-02", data_dir=root, out_dir=tmp_path / "out", workers=2, progress=False)
    assert result.city is None and result.city_error == "ValueError: hỏng giữa chừng"
    assert [r.status for r in result.results] == ["ok"] * 4  # the communes are kept
    assert result.index.exists()
