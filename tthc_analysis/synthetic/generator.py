"""Deterministic generator of the sample data (``data/sample``) and of larger test cities.

The sample is synthetic but realistic: seven communes of Hải Phòng, monthly dossier
exports from the 2025-01 period to the 2026-03 period (received 15/12/2024 to
14/03/2026, exported on 15/03/2026), in the formats the loader accepts. Volumes,
channels, fields (lĩnh vực), vertical agencies, fees, digitisation and feedback
follow each commune's :class:`CommuneSpec`.

Hùng Thắng's 2026-02 period is pinned (:class:`Pin`) to agree with the real report
wherever that report agrees with itself: 14 carried over; 879 new, 851 on the city
system and 28 on ministries' systems, all online; 2 in progress on time; none
overdue; 45 land-registry and 15 social-insurance dossiers; 841 of 879 reusing
digitised data (95,7%); no feedback.

Run ``python -m tthc_analysis.synthetic --out data/sample`` to regenerate; the same
code always writes the same rows (seeded by commune id).
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.periods import Period, month_range, parse_period
from .catalogue import build_catalogue, catalogue_csv
from .communes import EXPORT_DAY, SAMPLE_COMMUNES, CommuneSpec, Pin, rng_for
from .writers import write_commune

FIRST_PERIOD, LAST_PERIOD = "2025-01", "2026-03"
# Tết (Lunar New Year) days off, when the centres receive almost nothing.
TET_DAYS = [date(2025, 1, 25) + timedelta(days=i) for i in range(9)] + [
    date(2026, 2, 14) + timedelta(days=i) for i in range(9)
]
HOLIDAYS = np.array(
    [*TET_DAYS, date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1), date(2025, 9, 2)], dtype="datetime64[D]"
)


# --------------------------------------------------------------------------- catalogue


def _days(period: Period) -> np.ndarray:
    return np.arange(np.datetime64(period.start), np.datetime64(period.end) + 1, dtype="datetime64[D]")


def _receive_days(rng: np.random.Generator, period: Period, n: int) -> np.ndarray:
    days = _days(period)
    weekday = (days.astype("datetime64[D]").view("int64") - 4) % 7  # 0 = Monday
    weights = np.where(weekday < 5, 1.0, np.where(weekday == 5, 0.25, 0.02))
    weights[np.isin(days, HOLIDAYS)] = 0.05
    return np.sort(rng.choice(days, n, p=weights / weights.sum()))


def _add_workdays(days: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    return np.busday_offset(days, offsets, roll="forward", holidays=HOLIDAYS)


def _pick(rng: np.random.Generator, catalogue: pd.DataFrame, weights: np.ndarray, n: int) -> np.ndarray:
    if n <= 0:
        return np.array([], dtype=int)
    return rng.choice(len(catalogue), n, p=weights / weights.sum())


def _procedures_for(rng, catalogue, weights, n, pin: Pin | None, carried: pd.DataFrame | None) -> np.ndarray:
    """Procedure rows for ``n`` new dossiers; with a pin, exact counts by category."""
    if pin is None or pin.new == 0:
        return _pick(rng, catalogue, weights, n)
    category = catalogue["category"].to_numpy()
    field = catalogue["MaLinhVuc"].to_numpy()
    carried_cat = carried["category"].value_counts() if carried is not None and len(carried) else pd.Series(dtype=int)
    land = pin.land_total - int(carried_cat.get("land", 0))
    bhxh = pin.bhxh_total - int(carried_cat.get("bhxh", 0))
    hkd = pin.new_ministry - bhxh  # the other ministry system: household businesses
    other = n - land - bhxh - hkd
    if min(land, bhxh, hkd, other) < 0:
        raise ValueError(f"pin cannot be met: land {land}, bhxh {bhxh}, hkd {hkd}, other {other}")
    plain = (category == "own") & (field != "HKD")
    parts = [
        _pick(rng, catalogue, np.where(category == "land", weights, 0), land),
        _pick(rng, catalogue, np.where(category == "bhxh", weights, 0), bhxh),
        _pick(rng, catalogue, np.where(field == "HKD", weights, 0), hkd),
        _pick(rng, catalogue, np.where(plain, weights, 0), other),
    ]
    chosen = np.concatenate(parts)
    return chosen[rng.permutation(len(chosen))]


def _timings(
    spec: CommuneSpec, rng: np.random.Generator, period: Period, n: int, limit: np.ndarray, received: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(due, finish, withdrawn) of ``n`` dossiers received in ``period``: most early, a few late."""
    due = _add_workdays(received, limit)
    late_share = spec.late_spikes.get(period.id, spec.late_share)
    u = rng.random(n)
    late = u < late_share
    early = (u >= late_share) & (u < late_share + 0.72) & (limit > 0)
    finish = due.copy()
    spent = np.floor(limit * rng.uniform(0.1, 0.95, n)).astype(int)
    finish[early] = _add_workdays(received[early], spent[early])
    finish[late] = _add_workdays(due[late], rng.integers(1, 9, int(late.sum())))
    withdrawn = rng.random(n) < spec.withdrawn_share
    finish[withdrawn] = _add_workdays(received[withdrawn], rng.integers(0, 3, int(withdrawn.sum())))
    return due, finish, withdrawn


def _keep_open(
    frame: pd.DataFrame, rng: np.random.Generator, period: Period, k: int, late_share: float, pinned: bool
) -> None:
    """Exactly ``k`` dossiers stay open at the end of the period; every other one is finished by then."""
    end = np.datetime64(period.end)
    # Everything else is finished by the period's end (never later than it would have been).
    natural_open = frame["finished"].to_numpy() > end
    pulled = end - rng.integers(0, 3, int(natural_open.sum())).astype("timedelta64[D]")
    frame.loc[natural_open, "finished"] = np.maximum(frame.loc[natural_open, "received"].to_numpy(), pulled)
    chosen = np.array([], dtype=int)
    if k:
        # The last dossiers received are the ones still in progress; never withdrawn ones.
        candidates = frame.index[~frame["withdrawn"]][-k * 4 :]
        chosen = rng.choice(candidates, k, replace=False)
        carry = _add_workdays(np.full(k, end), rng.integers(1, 6, k))
        frame.loc[chosen, "finished"] = carry
        # Mostly in progress on time at the end (due on or after the finish); where the
        # commune has late dossiers, a few are already overdue.
        overdue = (rng.random(k) < min(0.5, late_share * 15)) & (not pinned)
        due_now = frame.loc[chosen, "due"].to_numpy()
        received_now = frame.loc[chosen, "received"].to_numpy()
        overdue_due = np.maximum(received_now, np.minimum(due_now, end - np.timedelta64(1, "D")))
        frame.loc[chosen, "due"] = np.where(overdue, overdue_due, np.maximum(due_now, carry))
    frame["open_at_end"] = frame.index.isin(chosen)


def _period_dossiers(
    spec: CommuneSpec,
    rng: np.random.Generator,
    catalogue: pd.DataFrame,
    weights: np.ndarray,
    period: Period,
    open_prev: pd.DataFrame | None,
) -> pd.DataFrame:
    """The dossiers received in one period, with their dates, channel and procedure."""
    pin = spec.pins.get(period.id)
    season = 1.0 + spec.seasonality * np.sin(2 * np.pi * (period.index - 3) / 12)
    n = pin.new if pin and pin.new else max(0, int(rng.normal(spec.volume * season, spec.volume * spec.noise + 1)))
    received = _receive_days(rng, period, n)
    proc = _procedures_for(rng, catalogue, weights, n, pin, open_prev)
    limit = catalogue.iloc[proc]["days"].to_numpy()
    due, finish, withdrawn = _timings(spec, rng, period, n, limit, received)
    channel = np.where(rng.random(n) < spec.online_share, 2, 1)
    channel[(channel == 1) & (rng.random(n) < spec.postal_share / max(1e-9, 1 - spec.online_share))] = 3
    if pin and pin.new:
        channel[:] = 2
    frame = pd.DataFrame(
        {
            "received": received,
            "due": due,
            "finished": finish,
            "channel": channel,
            "withdrawn": withdrawn,
            "proc": proc,
            "period": period.id,
        }
    )
    k = min(pin.open_at_end if pin else round(n * spec.open_share), n)
    _keep_open(frame, rng, period, k, spec.late_spikes.get(period.id, spec.late_share), pin is not None)
    return frame


def _pinned_windows(spec: CommuneSpec) -> list[tuple[np.datetime64, np.datetime64]]:
    return [
        (np.datetime64(parse_period(p).start, "ns"), np.datetime64(parse_period(p).end, "ns"))
        for p, pin in spec.pins.items()
        if pin.new
    ]


def _due_dates(dossiers: pd.DataFrame, spec: CommuneSpec, rng: np.random.Generator) -> None:
    """A few dossiers without a due date; in a pinned period nothing is late."""
    n = len(dossiers)
    # No due date for a few dossiers (procedures settled on the spot).
    no_due = (rng.random(n) < spec.no_due_share) & ~dossiers["open_at_end"].to_numpy()
    finished = dossiers["finished"].to_numpy()
    due = dossiers["due"].to_numpy().astype("datetime64[ns]")
    due[no_due] = np.datetime64("NaT")
    # In a pinned period nothing is late: carried dossiers finishing in it meet their due date.
    for first, last in _pinned_windows(spec):
        in_window = (finished >= first) & (finished <= last)
        fix = in_window & ~np.isnat(due) & (finished.astype("datetime64[ns]") > due)
        due[fix] = finished[fix].astype("datetime64[ns]")
    dossiers["due"] = due


def _statuses(dossiers: pd.DataFrame, rng: np.random.Generator, export: np.datetime64) -> None:
    """Statuses on the export day; dossiers still open then have no finish date."""
    n = len(dossiers)
    finished_ns = dossiers["finished"].to_numpy().astype("datetime64[ns]")
    open_at_export = finished_ns >= np.datetime64(export, "ns")
    status = np.where(rng.random(n) < 0.85, 10, 9)
    status[dossiers["withdrawn"].to_numpy()] = 7
    waiting = rng.random(n)
    status[open_at_export] = np.where(waiting[open_at_export] < 0.1, 5, np.where(waiting[open_at_export] < 0.13, 6, 4))
    finished_ns[open_at_export] = np.datetime64("NaT")
    dossiers["finished"] = finished_ns
    dossiers["status"] = status


def _attributes(dossiers: pd.DataFrame, spec: CommuneSpec, rng: np.random.Generator) -> None:
    """Units, fees and the digital indicators (exact in pinned periods)."""
    n = len(dossiers)
    pinned = dossiers["period"].isin([p for p, pin in spec.pins.items() if pin.new]).to_numpy()
    finished_ns = dossiers["finished"].to_numpy()
    unit = np.full(n, spec.own_unit, dtype=object)
    category = dossiers["category"].to_numpy()
    unit[category == "land"] = spec.land_branch
    unit[category == "bhxh"] = spec.bhxh_unit
    unit[category == "police"] = f"Công an {spec.kind} {spec.name}"
    dossiers["unit"] = unit
    dossiers["has_fee"] = ((dossiers["CoPhi"].to_numpy() == 1) & (rng.random(n) < 0.8)).astype(int)
    online = dossiers["channel"].to_numpy() == 2
    paid = dossiers["has_fee"].to_numpy().astype(bool) & (
        pinned | (online & (rng.random(n) < spec.paid_online_share)) | (~online & (rng.random(n) < 0.1))
    )
    dossiers["paid_online"] = np.where(paid, np.where(rng.random(n) < 0.8, 1, 2), 0)
    dossiers["digitised"] = ((rng.random(n) < spec.digitised_share) | pinned).astype(int)
    # Electronic results: every resolved dossier of a pinned period (carried ones too).
    in_pinned_window = np.zeros(n, dtype=bool)
    for first, last in _pinned_windows(spec):
        in_pinned_window |= (finished_ns >= first) & (finished_ns <= last)
    has_result = ~np.isnat(finished_ns)
    dossiers["e_result"] = (has_result & ((rng.random(n) < spec.e_result_share) | in_pinned_window)).astype(int)
    reused = rng.random(n) < spec.reuse_share
    for period_id, pin in spec.pins.items():
        if not pin.new:
            continue
        rows = np.flatnonzero(dossiers["period"].to_numpy() == period_id)
        reused[rows] = False
        reused[rng.choice(rows, pin.reuse, replace=False)] = True
    dossiers["reused"] = reused.astype(int)


def _never_received(
    spec: CommuneSpec, rng: np.random.Generator, catalogue: pd.DataFrame, weights: np.ndarray, periods: list[Period]
) -> list[pd.DataFrame]:
    """Dossiers that never entered processing: not accepted (3) or only registered (1)."""
    extra = []
    for period in periods:
        m = int(rng.poisson(max(spec.volume, 1) * 0.006))
        if m:
            c = catalogue.iloc[_pick(rng, catalogue, weights, m)]
            extra.append(
                pd.DataFrame(
                    {
                        "received": _receive_days(rng, period, m).astype("datetime64[ns]"),
                        "due": pd.NaT,
                        "finished": pd.NaT,
                        "channel": 2,
                        "status": rng.choice([1, 3], m, p=[0.3, 0.7]),
                        "period": period.id,
                        "MaTTHC": c["MaTTHC"].to_numpy(),
                        "TenTTHC": c["TenTTHC"].to_numpy(),
                        "MaLinhVuc": c["MaLinhVuc"].to_numpy(),
                        "TenLinhVuc": c["TenLinhVuc"].to_numpy(),
                        "unit": spec.own_unit,
                        "system": "TP",
                        "has_fee": 0,
                        "paid_online": 0,
                        "digitised": 0,
                        "e_result": 0,
                        "reused": 0,
                        "category": "own",
                    }
                )
            )
    return extra


def _ids_and_times(dossiers: pd.DataFrame, spec: CommuneSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Times of day at office hours (kept in the exports, ignored by the counts) and dossier ids."""
    dossiers = dossiers.sort_values(["received", "period"], kind="stable").reset_index(drop=True)
    minutes = rng.integers(7 * 60 + 30, 17 * 60, len(dossiers))
    dossiers["received_at"] = dossiers["received"].astype("datetime64[ns]") + pd.to_timedelta(minutes, unit="m")
    finish_minutes = rng.integers(8 * 60, 17 * 60 + 30, len(dossiers))
    dossiers["finished_at"] = dossiers["finished"] + pd.to_timedelta(finish_minutes, unit="m")
    day_key = dossiers["received"].dt.strftime("%y%m%d")
    seq = dossiers.groupby(day_key).cumcount() + 1
    code = "".join(part[0] for part in spec.id.split("-")).upper()
    dossiers["dossier_id"] = "HP." + code + "-" + day_key + "-" + seq.map("{:04d}".format)
    return dossiers.drop(columns=["withdrawn", "proc", "open_at_end", "CoPhi"])


def generate_commune(
    spec: CommuneSpec, catalogue: pd.DataFrame, periods: list[Period] | None = None, export_day: date = EXPORT_DAY
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dossiers and feedback of one commune, canonical columns plus ``period`` and ``category``."""
    periods = periods or month_range(FIRST_PERIOD, LAST_PERIOD)
    rng = rng_for("dossiers", spec.id)
    weights = catalogue["weight"].to_numpy().copy()
    for code, factor in spec.field_weights.items():
        weights[catalogue["MaLinhVuc"].to_numpy() == code] *= factor
    export = np.datetime64(export_day)
    frames: list[pd.DataFrame] = []
    open_prev: pd.DataFrame | None = None  # dossiers in progress at the end of the previous period
    for period in periods:
        frame = _period_dossiers(spec, rng, catalogue, weights, period, open_prev)
        frames.append(frame)
        open_prev = frame[frame["open_at_end"]].assign(
            category=catalogue["category"].to_numpy()[frame.loc[frame["open_at_end"], "proc"]]
        )
    dossiers = pd.concat(frames, ignore_index=True)
    cat = catalogue.iloc[dossiers["proc"].to_numpy()].reset_index(drop=True)
    dossiers = pd.concat(
        [dossiers, cat[["MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "CoPhi", "category", "system"]]], axis=1
    )
    _due_dates(dossiers, spec, rng)
    _statuses(dossiers, rng, export)
    _attributes(dossiers, spec, rng)
    extra = _never_received(spec, rng, catalogue, weights, periods)
    if extra:
        dossiers = pd.concat([dossiers, *extra], ignore_index=True)
    dossiers = _ids_and_times(dossiers, spec, rng)
    return dossiers, _feedback(spec, periods, rng, export)


def _feedback(
    spec: CommuneSpec, periods: list[Period], rng: np.random.Generator, export: np.datetime64
) -> pd.DataFrame:
    topics = [
        "Phản ánh thời gian giải quyết hồ sơ đăng ký đất đai",
        "Kiến nghị hướng dẫn nộp hồ sơ trực tuyến",
        "Phản ánh thái độ phục vụ tại Trung tâm Phục vụ hành chính công",
        "Kiến nghị về thủ tục chứng thực bản sao",
        "Phản ánh hệ thống thanh toán trực tuyến bị lỗi",
        "Kiến nghị đơn giản hóa thành phần hồ sơ hộ tịch",
    ]
    rows = []
    for period in periods:
        pin = spec.pins.get(period.id)
        m = pin.feedback if pin and pin.new else int(rng.poisson(spec.feedback_per_month))
        for i in range(m):
            received = _receive_days(rng, period, 1)[0]
            due = _add_workdays(np.array([received]), np.array([10]))[0]
            finish = _add_workdays(np.array([received]), np.array([int(rng.integers(2, 14))]))[0]
            rows.append(
                {
                    "feedback_id": f"PAKN-{spec.id.upper()}-{period.id}-{i + 1:02d}",
                    "title": topics[int(rng.integers(len(topics)))],
                    "received": received,
                    "due": due,
                    "finished": finish if finish < export else np.datetime64("NaT"),
                }
            )
    frame = pd.DataFrame(rows, columns=["feedback_id", "title", "received", "due", "finished"])
    for column in ("received", "due", "finished"):
        frame[column] = pd.to_datetime(frame[column])
    frame["status"] = np.where(frame["finished"].notna(), "Đã xử lý", "Đang xử lý")
    return frame


# --------------------------------------------------------------------------- writing


def generate_sample(out: str | Path, specs: tuple[CommuneSpec, ...] = SAMPLE_COMMUNES) -> list[Path]:
    """Write procedures.csv and every commune's exports under ``out`` (communes.yaml is hand-written)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    catalogue = build_catalogue()
    path = out / "procedures.csv"
    catalogue_csv(catalogue).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    written = [path]
    for spec in specs:
        dossiers, feedback = generate_commune(spec, catalogue)
        folder = out / spec.id
        for old in folder.glob("dossiers*"):
            old.unlink()
        for old in folder.glob("feedback*"):
            old.unlink()
        written += write_commune(spec, dossiers, feedback, folder)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the synthetic sample data (deterministic).")
    parser.add_argument("--out", default="data/sample", help="data root to write (default data/sample)")
    args = parser.parse_args(argv)
    for path in generate_sample(args.out):
        print(path)


if __name__ == "__main__":  # pragma: no cover
    main()
