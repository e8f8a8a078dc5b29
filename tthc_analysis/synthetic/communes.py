"""The communes of the shipped sample and how each behaves (the generator's parameters)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np

EXPORT_DAY = date(2026, 3, 15)  # the day the sample's exports were taken


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
        "hung-thang",
        "Hùng Thắng",
        "xã",
        "Chi nhánh Văn phòng đăng ký đất đai Tiên Lãng",
        895,
        "csv-vn",
        online_share=0.985,
        postal_share=0.005,
        late_share=0.002,
        reuse_share=0.95,
        feedback_per_month=0.4,
        open_share=0.012,
        seasonality=0.025,
        noise=0.015,
        field_weights={"CTRU": 0.0},
        pins={
            "2026-01": Pin(new=0, new_ministry=0, open_at_end=14, land_total=0, bhxh_total=0, reuse=0),
            "2026-02": Pin(new=879, new_ministry=28, open_at_end=2, land_total=45, bhxh_total=15, reuse=841),
        },
    ),
    CommuneSpec(
        "tien-lang",
        "Tiên Lãng",
        "xã",
        "Chi nhánh Văn phòng đăng ký đất đai Tiên Lãng",
        1050,
        "xlsx-portal",
        online_share=0.93,
        postal_share=0.02,
        late_share=0.008,
        reuse_share=0.88,
    ),
    CommuneSpec(
        "vinh-bao",
        "Vĩnh Bảo",
        "xã",
        "Chi nhánh Văn phòng đăng ký đất đai Vĩnh Bảo",
        760,
        "parquet",
        online_share=0.9,
        postal_share=0.015,
        late_share=0.012,
        reuse_share=0.85,
        feedback_per_month=1.0,
    ),
    CommuneSpec(
        "hong-bang",
        "Hồng Bàng",
        "phường",
        "Chi nhánh Văn phòng đăng ký đất đai Hồng Bàng",
        620,
        "xlsx-title+utf16",
        online_share=0.97,
        postal_share=0.01,
        late_share=0.004,
        reuse_share=0.92,
        feedback_per_month=1.5,
    ),
    CommuneSpec(
        "le-chan",
        "Lê Chân",
        "phường",
        "Chi nhánh Văn phòng đăng ký đất đai Lê Chân",
        700,
        "parquet+csv-iso",
        online_share=0.96,
        postal_share=0.01,
        late_share=0.006,
        reuse_share=0.9,
        feedback_per_month=2.0,
        late_spikes={"2025-11": 0.06},
    ),
    CommuneSpec(
        "cat-hai",
        "Cát Hải",
        "đặc khu",
        "Chi nhánh Văn phòng đăng ký đất đai Cát Hải",
        240,
        "xlsx-vn",
        online_share=0.82,
        postal_share=0.04,
        late_share=0.015,
        reuse_share=0.75,
        feedback_per_month=0.3,
        late_spikes={"2026-02": 0.08},
    ),
    CommuneSpec(
        "bach-long-vi",
        "Bạch Long Vĩ",
        "đặc khu",
        "Chi nhánh Văn phòng đăng ký đất đai Cát Hải",
        14,
        "csv-vn",
        online_share=0.7,
        postal_share=0.0,
        late_share=0.0,
        reuse_share=0.6,
        feedback_per_month=0.05,
        open_share=0.0,
    ),
)


def rng_for(*keys: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(keys).encode("utf-8")))
