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
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .periods import Period, month_range, parse_period
from .schema import DOSSIER_COLUMNS, FEEDBACK_COLUMNS

FIRST_PERIOD, LAST_PERIOD = "2025-01", "2026-03"
EXPORT_DAY = date(2026, 3, 15)
# Tết (Lunar New Year) days off, when the centres receive almost nothing.
TET_DAYS = [date(2025, 1, 25) + timedelta(days=i) for i in range(9)] + [
    date(2026, 2, 14) + timedelta(days=i) for i in range(9)
]
HOLIDAYS = np.array(TET_DAYS + [date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1), date(2025, 9, 2)], dtype="datetime64[D]")
LEVEL_COUNTS = {4: 219, 3: 160}  # the catalogue's online procedures, as in the real report
CATEGORY_UNITS = ("own", "land", "bhxh", "police")


@dataclass(frozen=True)
class Pin:
    """Exact figures for one commune and period (used to match a published report)."""

    new: int
    new_ministry: int
    open_at_end: int
    land_total: int
    bhxh_total: int
    reuse: int
    feedback: int = 0


@dataclass(frozen=True)
class CommuneSpec:
    """How a synthetic commune behaves."""

    id: str
    name: str
    kind: str
    land_branch: str
    volume: int  # mean new dossiers a month
    file_format: str
    online_share: float = 0.95
    postal_share: float = 0.01
    late_share: float = 0.005
    no_due_share: float = 0.01
    withdrawn_share: float = 0.004
    digitised_share: float = 0.98
    e_result_share: float = 0.97
    reuse_share: float = 0.9
    paid_online_share: float = 0.95
    feedback_per_month: float = 0.5
    open_share: float = 0.015  # in progress at the end of a period
    seasonality: float = 0.08  # amplitude of the yearly swing in volume
    noise: float = 0.05  # month-to-month spread of volume
    bhxh_unit: str = "Bảo hiểm xã hội"
    field_weights: dict[str, float] = field(default_factory=dict)  # overrides by field code
    pins: dict[str, Pin] = field(default_factory=dict)
    late_spikes: dict[str, float] = field(default_factory=dict)  # period id -> late share

    @property
    def own_unit(self) -> str:
        return f"UBND {self.kind} {self.name}"


SAMPLE_COMMUNES: tuple[CommuneSpec, ...] = (
    CommuneSpec(
        "hung-thang", "Hùng Thắng", "xã", "Chi nhánh Văn phòng đăng ký đất đai Tiên Lãng", 895, "csv-vn",
        online_share=0.985, postal_share=0.005, late_share=0.002, reuse_share=0.95, feedback_per_month=0.4,
        open_share=0.012, seasonality=0.025, noise=0.015, field_weights={"CTRU": 0.0},
        pins={
            "2026-01": Pin(new=0, new_ministry=0, open_at_end=14, land_total=0, bhxh_total=0, reuse=0),
            "2026-02": Pin(new=879, new_ministry=28, open_at_end=2, land_total=45, bhxh_total=15, reuse=841),
        },
    ),
    CommuneSpec("tien-lang", "Tiên Lãng", "xã", "Chi nhánh Văn phòng đăng ký đất đai Tiên Lãng", 1050, "xlsx-portal",
                online_share=0.93, postal_share=0.02, late_share=0.008, reuse_share=0.88),
    CommuneSpec("vinh-bao", "Vĩnh Bảo", "xã", "Chi nhánh Văn phòng đăng ký đất đai Vĩnh Bảo", 760, "parquet",
                online_share=0.9, postal_share=0.015, late_share=0.012, reuse_share=0.85, feedback_per_month=1.0),
    CommuneSpec("hong-bang", "Hồng Bàng", "phường", "Chi nhánh Văn phòng đăng ký đất đai Hồng Bàng", 620, "xlsx-title+utf16",
                online_share=0.97, postal_share=0.01, late_share=0.004, reuse_share=0.92, feedback_per_month=1.5),
    CommuneSpec("le-chan", "Lê Chân", "phường", "Chi nhánh Văn phòng đăng ký đất đai Lê Chân", 700, "parquet+csv-iso",
                online_share=0.96, postal_share=0.01, late_share=0.006, reuse_share=0.9, feedback_per_month=2.0,
                late_spikes={"2025-11": 0.06}),
    CommuneSpec("cat-hai", "Cát Hải", "đặc khu", "Chi nhánh Văn phòng đăng ký đất đai Cát Hải", 240, "xlsx-vn",
                online_share=0.82, postal_share=0.04, late_share=0.015, reuse_share=0.75, feedback_per_month=0.3,
                late_spikes={"2026-02": 0.08}),
    CommuneSpec("bach-long-vi", "Bạch Long Vĩ", "đặc khu", "Chi nhánh Văn phòng đăng ký đất đai Cát Hải", 14, "csv-vn",
                online_share=0.7, postal_share=0.0, late_share=0.0, reuse_share=0.6, feedback_per_month=0.05,
                open_share=0.0),
)


def _rng(*keys: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(keys).encode("utf-8")))


# --------------------------------------------------------------------------- catalogue


def _catalogue_spec() -> list[dict]:
    text = resources.files("tthc_analysis").joinpath("synthetic_procedures.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["fields"]


def build_catalogue() -> pd.DataFrame:
    """The city-wide procedure catalogue (procedures.csv) with generator metadata.

    Levels are dealt so that exactly 219 procedures are "toàn trình" (MucDo 4) and 160
    "một phần" (MucDo 3); the rest are level 2 (information only).
    """
    rows = []
    for spec in _catalogue_spec():
        for pattern in spec["names"]:
            names = [pattern.format(case=c) for c in spec.get("cases", [])] if "{case}" in pattern else [pattern]
            for name in names:
                rows.append({
                    "TenTTHC": name,
                    "MaLinhVuc": spec["code"],
                    "TenLinhVuc": spec["name"],
                    "days": int(spec["days"]),
                    "field_weight": float(spec["weight"]),
                    "CoPhi": int(spec["fee"]),
                    "category": spec.get("unit", "own"),
                    "system": spec.get("system", "TP"),
                })
    catalogue = pd.DataFrame(rows)
    rng = _rng("catalogue")
    catalogue["MaTTHC"] = [f"1.{code:06d}" for code in rng.choice(np.arange(1000, 14000), len(catalogue), replace=False)]
    order = rng.permutation(len(catalogue))
    levels = np.full(len(catalogue), 2)
    levels[order[: LEVEL_COUNTS[4]]] = 4
    levels[order[LEVEL_COUNTS[4]: LEVEL_COUNTS[4] + LEVEL_COUNTS[3]]] = 3
    catalogue["MucDo"] = levels
    catalogue["CongKhai"] = 1
    # Popularity within a field is uneven: a few procedures take most of the dossiers.
    catalogue["weight"] = catalogue["field_weight"] / catalogue.groupby("MaLinhVuc")["field_weight"].transform("size")
    catalogue["weight"] *= rng.pareto(1.5, len(catalogue)) + 0.2
    return catalogue


def catalogue_csv(catalogue: pd.DataFrame) -> pd.DataFrame:
    return catalogue[["MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "MucDo", "CoPhi", "CongKhai"]]


# --------------------------------------------------------------------------- dossiers


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


def generate_commune(spec: CommuneSpec, catalogue: pd.DataFrame, periods: list[Period] | None = None,
                     export_day: date = EXPORT_DAY) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dossiers and feedback of one commune, canonical columns plus ``period`` and ``category``."""
    periods = periods or month_range(FIRST_PERIOD, LAST_PERIOD)
    rng = _rng("dossiers", spec.id)
    weights = catalogue["weight"].to_numpy().copy()
    for code, factor in spec.field_weights.items():
        weights[catalogue["MaLinhVuc"].to_numpy() == code] *= factor
    export = np.datetime64(export_day)
    frames: list[pd.DataFrame] = []
    open_prev: pd.DataFrame | None = None  # dossiers in progress at the end of the previous period

    for number, period in enumerate(periods):
        pin = spec.pins.get(period.id)
        season = 1.0 + spec.seasonality * np.sin(2 * np.pi * (period.index - 3) / 12)
        n = pin.new if pin and pin.new else max(0, int(rng.normal(spec.volume * season, spec.volume * spec.noise + 1)))
        end = np.datetime64(period.end)
        received = _receive_days(rng, period, n)
        proc = _procedures_for(rng, catalogue, weights, n, pin, open_prev)
        cat = catalogue.iloc[proc]
        limit = cat["days"].to_numpy()
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

        channel = np.where(rng.random(n) < spec.online_share, 2, 1)
        channel[(channel == 1) & (rng.random(n) < spec.postal_share / max(1e-9, 1 - spec.online_share))] = 3
        if pin and pin.new:
            channel[:] = 2
        frame = pd.DataFrame({
            "received": received, "due": due, "finished": finish, "channel": channel,
            "withdrawn": withdrawn, "proc": proc, "period": period.id,
        })

        # Exactly k dossiers stay open at the end of the period; every other one is finished by then.
        k = pin.open_at_end if pin else int(round(n * spec.open_share))
        k = min(k, n)
        # Everything else is finished by the period's end (never later than it would have been).
        natural_open = frame["finished"].to_numpy() > end
        pulled = end - rng.integers(0, 3, int(natural_open.sum())).astype("timedelta64[D]")
        frame.loc[natural_open, "finished"] = np.maximum(frame.loc[natural_open, "received"].to_numpy(), pulled)
        chosen = np.array([], dtype=int)
        if k:
            # The last dossiers received are the ones still in progress; never withdrawn ones.
            candidates = frame.index[~frame["withdrawn"]][-k * 4:]
            chosen = rng.choice(candidates, k, replace=False)
            carry = _add_workdays(np.full(k, end), rng.integers(1, 6, k))
            frame.loc[chosen, "finished"] = carry
            # Mostly in progress on time at the end (due on or after the finish); where the
            # commune has late dossiers, a few are already overdue.
            overdue = (rng.random(k) < min(0.5, late_share * 15)) & (pin is None)
            due_now = frame.loc[chosen, "due"].to_numpy()
            received_now = frame.loc[chosen, "received"].to_numpy()
            overdue_due = np.maximum(received_now, np.minimum(due_now, end - np.timedelta64(1, "D")))
            frame.loc[chosen, "due"] = np.where(overdue, overdue_due, np.maximum(due_now, carry))
        frame["open_at_end"] = frame.index.isin(chosen)
        frames.append(frame)
        open_prev = frame[frame["open_at_end"]].assign(category=catalogue["category"].to_numpy()[frame.loc[frame["open_at_end"], "proc"]])

    dossiers = pd.concat(frames, ignore_index=True)
    cat = catalogue.iloc[dossiers["proc"].to_numpy()].reset_index(drop=True)
    dossiers = pd.concat([dossiers, cat[["MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "CoPhi", "category", "system"]]], axis=1)

    n = len(dossiers)
    # No due date for a few dossiers (procedures settled on the spot).
    no_due = (rng.random(n) < spec.no_due_share) & ~dossiers["open_at_end"].to_numpy()
    pinned = dossiers["period"].isin([p for p, pin in spec.pins.items() if pin.new]).to_numpy()
    finished = dossiers["finished"].to_numpy()
    due = dossiers["due"].to_numpy().astype("datetime64[ns]")
    due[no_due] = np.datetime64("NaT")
    # In a pinned period nothing is late: carried dossiers finishing in it meet their due date.
    pinned_window = [(np.datetime64(parse_period(p).start, "ns"), np.datetime64(parse_period(p).end, "ns"))
                     for p, pin in spec.pins.items() if pin.new]
    for first, last in pinned_window:
        in_window = (finished >= first) & (finished <= last)
        fix = in_window & ~np.isnat(due) & (finished.astype("datetime64[ns]") > due)
        due[fix] = finished[fix].astype("datetime64[ns]")
    dossiers["due"] = due

    # Still open on the export day: no finish date, an in-progress status.
    finished_ns = dossiers["finished"].to_numpy().astype("datetime64[ns]")
    open_at_export = finished_ns >= np.datetime64(export, "ns")
    status = np.where(rng.random(n) < 0.85, 10, 9)
    status[dossiers["withdrawn"].to_numpy()] = 7
    waiting = rng.random(n)
    status[open_at_export] = np.where(waiting[open_at_export] < 0.1, 5, np.where(waiting[open_at_export] < 0.13, 6, 4))
    finished_ns[open_at_export] = np.datetime64("NaT")
    dossiers["finished"] = finished_ns
    dossiers["status"] = status

    # Units, systems, fees and digital indicators.
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
    for first, last in pinned_window:
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

    # Dossiers that never entered processing: not accepted (3) or only registered (1).
    extra = []
    for period in periods:
        m = int(rng.poisson(max(spec.volume, 1) * 0.006))
        if m:
            proc = _pick(rng, catalogue, weights, m)
            c = catalogue.iloc[proc]
            extra.append(pd.DataFrame({
                "received": _receive_days(rng, period, m).astype("datetime64[ns]"), "due": pd.NaT, "finished": pd.NaT,
                "channel": 2, "status": rng.choice([1, 3], m, p=[0.3, 0.7]), "period": period.id,
                "MaTTHC": c["MaTTHC"].to_numpy(), "TenTTHC": c["TenTTHC"].to_numpy(), "MaLinhVuc": c["MaLinhVuc"].to_numpy(),
                "TenLinhVuc": c["TenLinhVuc"].to_numpy(), "unit": spec.own_unit, "system": "TP", "has_fee": 0,
                "paid_online": 0, "digitised": 0, "e_result": 0, "reused": 0, "category": "own",
            }))
    if extra:
        dossiers = pd.concat([dossiers, *extra], ignore_index=True)
    dossiers = dossiers.sort_values(["received", "period"], kind="stable").reset_index(drop=True)
    # Received at office hours; the time is kept in the exports, ignored by the counts.
    minutes = rng.integers(7 * 60 + 30, 17 * 60, len(dossiers))
    dossiers["received_at"] = dossiers["received"].astype("datetime64[ns]") + pd.to_timedelta(minutes, unit="m")
    finish_minutes = rng.integers(8 * 60, 17 * 60 + 30, len(dossiers))
    dossiers["finished_at"] = dossiers["finished"] + pd.to_timedelta(finish_minutes, unit="m")
    day_key = dossiers["received"].dt.strftime("%y%m%d")
    seq = dossiers.groupby(day_key).cumcount() + 1
    code = "".join(part[0] for part in spec.id.split("-")).upper()
    dossiers["dossier_id"] = "HP." + code + "-" + day_key + "-" + seq.map("{:04d}".format)
    dossiers = dossiers.drop(columns=["withdrawn", "proc", "open_at_end", "CoPhi"])

    feedback = _feedback(spec, periods, rng, export)
    return dossiers, feedback


def _feedback(spec: CommuneSpec, periods: list[Period], rng: np.random.Generator, export: np.datetime64) -> pd.DataFrame:
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
            rows.append({
                "feedback_id": f"PAKN-{spec.id.upper()}-{period.id}-{i + 1:02d}",
                "title": topics[int(rng.integers(len(topics)))],
                "received": received, "due": due, "finished": finish if finish < export else np.datetime64("NaT"),
            })
    frame = pd.DataFrame(rows, columns=["feedback_id", "title", "received", "due", "finished"])
    for column in ("received", "due", "finished"):
        frame[column] = pd.to_datetime(frame[column])
    frame["status"] = np.where(frame["finished"].notna(), "Đã xử lý", "Đang xử lý")
    return frame


# --------------------------------------------------------------------------- writing

PORTAL = {c.name: c.portal for c in DOSSIER_COLUMNS}
VIETNAMESE = {c.name: c.headers[0] for c in DOSSIER_COLUMNS}
FEEDBACK_VIETNAMESE = {c.name: c.headers[0] for c in FEEDBACK_COLUMNS}


def export_frame(dossiers: pd.DataFrame, headers: str, dates: str) -> pd.DataFrame:
    """Dossiers as an export: portal or Vietnamese headers; native, ISO or dd/mm/yyyy dates."""
    out = pd.DataFrame({
        "dossier_id": dossiers["dossier_id"],
        "procedure_code": dossiers["MaTTHC"],
        "procedure_name": dossiers["TenTTHC"],
        "field_code": dossiers["MaLinhVuc"],
        "field_name": dossiers["TenLinhVuc"],
        "channel": dossiers["channel"].astype(int),
        "received": dossiers["received_at"],
        "due": dossiers["due"],
        "finished": dossiers["finished_at"],
        "status": dossiers["status"].astype(int),
        "unit": dossiers["unit"],
        "system": dossiers["system"],
        "has_fee": dossiers["has_fee"].astype(int),
        "paid_online": dossiers["paid_online"].astype(int),
        "digitised": dossiers["digitised"].astype(int),
        "e_result": dossiers["e_result"].astype(int),
        "reused": dossiers["reused"].astype(int),
    })
    if dates == "vn":
        for column, fmt in (("received", "%d/%m/%Y %H:%M"), ("due", "%d/%m/%Y"), ("finished", "%d/%m/%Y %H:%M")):
            out[column] = out[column].dt.strftime(fmt).fillna("")
    elif dates == "iso":
        for column, fmt in (("received", "%Y-%m-%d %H:%M:%S"), ("due", "%Y-%m-%d"), ("finished", "%Y-%m-%d %H:%M:%S")):
            out[column] = out[column].dt.strftime(fmt).fillna("")
    return out.rename(columns=PORTAL if headers == "portal" else VIETNAMESE)


def _write_xlsx(frame: pd.DataFrame, path: Path, title_rows: list[str] | None = None) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Hồ sơ"
    for line in title_rows or []:
        ws.append([line])
    ws.append(list(frame.columns))
    date_columns = [i for i, c in enumerate(frame.columns) if pd.api.types.is_datetime64_any_dtype(frame[c])]
    for row in frame.itertuples(index=False):
        values = list(row)
        for i in date_columns:
            values[i] = None if pd.isna(values[i]) else values[i].to_pydatetime()
        ws.append(values)
    for i in date_columns:
        for cell in ws.iter_cols(min_col=i + 1, max_col=i + 1, min_row=len(title_rows or []) + 2):
            for c in cell:
                c.number_format = "dd/mm/yyyy hh:mm"
    wb.properties.created = wb.properties.modified = pd.Timestamp(EXPORT_DAY).to_pydatetime()
    wb.save(path)


def write_commune(spec: CommuneSpec, dossiers: pd.DataFrame, feedback: pd.DataFrame, folder: Path) -> list[Path]:
    """Write one commune's exports in its format mix; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    by_period = dict(tuple(dossiers.groupby("period", sort=True)))
    year_of = dossiers["period"].str[:4]

    def csv(frame: pd.DataFrame, path: Path, **kwargs) -> None:
        frame.to_csv(path, index=False, lineterminator="\n", **kwargs)
        written.append(path)

    fmt = spec.file_format
    if fmt == "csv-vn":
        if spec.volume < 100:
            csv(export_frame(dossiers, "vn", "vn"), folder / "dossiers.csv", encoding="utf-8-sig")
        else:
            for period_id, part in by_period.items():
                csv(export_frame(part, "vn", "vn"), folder / f"dossiers-{period_id}.csv", encoding="utf-8-sig")
    elif fmt == "xlsx-portal":
        for year, part in dossiers.groupby(year_of):
            path = folder / f"dossiers-{year}.xlsx"
            _write_xlsx(export_frame(part, "portal", "native"), path)
            written.append(path)
    elif fmt == "parquet":
        path = folder / "dossiers.parquet"
        export_frame(dossiers, "portal", "native").to_parquet(path, index=False)
        written.append(path)
    elif fmt == "xlsx-title+utf16":
        part = dossiers[year_of == "2025"]
        path = folder / "dossiers-2025.xlsx"
        _write_xlsx(export_frame(part, "vn", "native"), path, [
            f"ỦY BAN NHÂN DÂN {spec.kind.upper()} {spec.name.upper()}",
            "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH NĂM 2025",
            "",
        ])
        written.append(path)
        for period_id, part in by_period.items():
            if period_id.startswith("2026"):
                csv(export_frame(part, "vn", "vn"), folder / f"dossiers-{period_id}.txt", sep="\t", encoding="utf-16")
    elif fmt == "parquet+csv-iso":
        path = folder / "dossiers-2025.parquet"
        export_frame(dossiers[year_of == "2025"], "portal", "native").to_parquet(path, index=False)
        written.append(path)
        csv(export_frame(dossiers[year_of == "2026"], "portal", "iso"), folder / "dossiers-2026.csv", sep=";", encoding="utf-8")
    elif fmt == "xlsx-vn":
        path = folder / "dossiers.xlsx"
        _write_xlsx(export_frame(dossiers, "vn", "native"), path)
        written.append(path)
    else:  # pragma: no cover - a spec error
        raise ValueError(f"unknown format {fmt}")

    if len(feedback):
        out = feedback.rename(columns=FEEDBACK_VIETNAMESE).copy()
        for column in ("Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"):
            out[column] = out[column].dt.strftime("%d/%m/%Y").fillna("")
        csv(out, folder / "feedback.csv", encoding="utf-8-sig")
    return written


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
