"""The data root: communes.yaml, procedures.csv and one folder a commune (docs/profile.md).

```
communes.yaml            communes and their report profiles
procedures.csv           the procedure catalogue
<commune-id>/dossiers*.<suffix>, feedback*.<suffix> (any suffix of files.SUPPORTED_SUFFIXES), summary-<period>.yaml
```
YAML is always read with the safe loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path, PureWindowsPath
from typing import Any

import yaml

from ..core.errors import InputError
from ..core.periods import Period
from ..core.text import fold
from .files import SUPPORTED_SUFFIXES
from .published_files import published_in, published_period
from .yaml_files import _control_character, nfc_tree, read_yaml

COMMUNE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMMUNE_KINDS = ("xã", "phường", "đặc khu")
DEFAULT_DATA_ROOT = Path("data/sample")
REPOSITORY = Path(__file__).resolve().parents[2]  # the checkout, for the sample, notebooks and outputs
NARRATIVE_SECTIONS = ("publicity", "assessment", "tasks", "recommendations")


def resolve_data_root(path: str | Path | None = None) -> DataRoot:
    """The data root given, else ``data/sample`` in the working folder, else the repository's sample."""
    if path:
        return DataRoot(Path(path))
    here = Path.cwd() / DEFAULT_DATA_ROOT
    if here.is_dir():
        return DataRoot(here)
    return DataRoot(REPOSITORY / DEFAULT_DATA_ROOT)


def validate_commune_id(commune_id: str) -> str:
    """A commune id is a slug ("hung-thang"): never a path, never code."""
    if not isinstance(commune_id, str) or not COMMUNE_ID.match(commune_id):
        raise InputError(
            f"mã xã/phường không hợp lệ '{commune_id}': chỉ gồm chữ thường không dấu, số và dấu '-' (ví dụ hung-thang)"
        )
    return commune_id


@dataclass(frozen=True)
class Signer:
    """The signature block: authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", …) and the name."""

    authority: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class ReportProfile:
    """What the formal report takes from data, never from code (docs/profile.md#the-report-profile)."""

    issuing_body: tuple[str, ...]  # lines, e.g. ("ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG")
    place: str  # the place name of the date line
    symbol: str  # "BC-UBND"
    directives: dict[str, str]  # the document the report answers, by period kind ("*": any kind)
    signer: Signer
    recipients: tuple[str, ...]
    archive: str  # the last recipient line, "Lưu: VT, HCC."
    own_units: tuple[str, ...]  # names of the commune's own processing units
    narrative: dict[str, str]  # publicity (I.1), assessment (II), tasks (III), recommendations (IV)
    template: str | None = None  # the commune's own Word template, relative to the data root (docs/template.md)

    def directive(self, period: Period) -> str:
        """The directive a report of ``period`` answers ("Thực hiện Công văn số …").

        A report that is not monthly never says "hàng tháng": in a directive written for
        every kind of period, the word becomes the period's cadence ("hàng quý", …).
        """
        text = self.directives.get(period.kind) or self.directives["*"]
        if period.kind != "month":
            text = text.replace("hàng tháng", period.cadence)
        return text


@dataclass(frozen=True)
class Commune:
    """A commune (xã), ward (phường) or special zone (đặc khu)."""

    id: str
    name: str
    kind: str
    city: str
    profile: ReportProfile
    established: date | None = None  # created on this day (e.g. 01/07/2025, two-tier local government)

    @property
    def full_name(self) -> str:
        """ "xã Hùng Thắng"."""
        return f"{self.kind} {self.name}"

    @property
    def city_kind(self) -> str:
        """ "tỉnh" or "thành phố", the level above the commune, from ``city``."""
        return province_kind(self.city)

    def period(self, period: Period) -> Period:
        """``period`` as this unit counts it: from its establishment day when it started later."""
        return period.starting_from(self.established)


def province_kind(city: str) -> str:
    """ "tỉnh" for "tỉnh Quảng Trị", "thành phố" for "thành phố Hải Phòng" (and when not said)."""
    return "tỉnh" if fold(city).startswith("tinh") else "thành phố"


def fill_unit_words(text: str, city: str, kind: str) -> str:
    """Profile texts say ``{tinh}`` and ``{xa}`` where the unit's level goes: "tỉnh"/"thành phố", "xã"/"phường"/"đặc khu"."""
    return text.replace("{tinh}", province_kind(city)).replace("{xa}", kind)


def _established(value: Any, path: Path, where: str) -> date | None:
    """The optional ``established`` day of communes.yaml: a YAML date, "01/07/2025" or "2025-07-01"."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(value).strip(), layout).date()
        except ValueError:
            continue
    raise InputError(
        f"{where}: ngày thành lập không hợp lệ '{value}' (dùng dd/mm/yyyy)", file=path, column="established"
    )


def _default_profile_text() -> dict[str, Any]:
    text = resources.files("tthc_analysis.inputs").joinpath("profile_defaults.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _directives(raw: Any, default: str, path: Path, where: str) -> dict[str, str]:
    """``directive`` as one text for every period, or a mapping by period kind (month, quarter, …)."""
    if raw is None or raw == "":
        return {"*": default}
    if isinstance(raw, dict):
        kinds = {"month", "quarter", "half", "nine_months", "year", "range"}
        unknown = set(raw) - kinds
        if unknown:
            raise InputError(
                f"{where}: loại kỳ không rõ {sorted(unknown)} trong 'directive'; dùng {', '.join(sorted(kinds))}",
                file=path,
                column="directive",
            )
        return {"*": default, **{k: str(v).strip() for k, v in raw.items() if v}}
    return {"*": str(raw).strip()}


def _profile(raw: dict[str, Any], name: str, kind: str, city: str, path: Path, where: str) -> ReportProfile:
    defaults = _default_profile_text()
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError(f"{where}: 'profile' phải là một bảng khóa–giá trị", file=path)
    issuing = raw.get("issuing_body") or ["ỦY BAN NHÂN DÂN", f"{kind} {name}".upper()]
    if isinstance(issuing, str):
        issuing = [issuing]
    signer = raw.get("signer") or {}
    if not isinstance(signer, dict):
        raise InputError(f"{where}: 'signer' phải có 'authority' và 'name'", file=path)
    authority = signer.get("authority") or defaults["signer"]["authority"]
    if isinstance(authority, str):
        authority = [authority]
    narrative = dict(defaults["narrative"])
    given = raw.get("narrative") or {}
    if not isinstance(given, dict):
        raise InputError(f"{where}: 'narrative' phải là một bảng khóa–giá trị", file=path)
    unknown = set(given) - set(NARRATIVE_SECTIONS)
    if unknown:
        raise InputError(
            f"{where}: phần văn bản không rõ {sorted(unknown)}; dùng {', '.join(NARRATIVE_SECTIONS)}", file=path
        )
    narrative.update({k: str(v).strip() for k, v in given.items() if v})
    words = lambda text: fill_unit_words(str(text), city, kind)  # noqa: E731
    directives = _directives(raw.get("directive"), defaults["directive"], path, where)
    return ReportProfile(
        issuing_body=tuple(str(line) for line in issuing),
        place=str(raw.get("place") or name),
        symbol=str(raw.get("symbol") or "BC-UBND"),
        directives={k: words(v) for k, v in directives.items()},
        signer=Signer(tuple(str(a) for a in authority), str(signer.get("name") or "")),
        recipients=tuple(words(r) for r in (raw.get("recipients") or defaults["recipients"])),
        archive=str(raw.get("archive") or defaults["archive"]),
        own_units=tuple(str(u) for u in (raw.get("own_units") or [])),
        narrative={k: words(v) for k, v in narrative.items()},
        template=str(raw["template"]).strip() if raw.get("template") else None,
    )


@dataclass(frozen=True)
class Centre:
    """The body that consolidates the communes' reports, and its report profile."""

    name: str  # "Trung tâm Phục vụ hành chính công thành phố Hải Phòng"
    profile: ReportProfile


def centre_profile(raw: Any, city: str, path: Path) -> Centre:
    """The centre of communes.yaml; what is not given defaults to the centre of ``city``."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError("'centre': phải là một bảng khóa–giá trị (hồ sơ của báo cáo tổng hợp)", file=path)
    kind = province_kind(city)
    place = city[len(kind) :].strip() if fold(city).startswith(fold(kind)) else city
    defaults = {
        "issuing_body": [f"UBND {city}".upper() if city else "ỦY BAN NHÂN DÂN", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"],
        "place": place or "…",
        "symbol": "BC-TTPVHCC",
        "signer": {"authority": ["GIÁM ĐỐC"], "name": ""},
        "recipients": ["UBND {tinh}", "Văn phòng UBND {tinh}", "Sở Khoa học và Công nghệ"],
        "archive": "Lưu: VT.",
    }
    name = str(raw.get("name") or f"Trung tâm Phục vụ hành chính công {city}".strip())
    given = {k: v for k, v in raw.items() if k != "name"}
    return Centre(name, _profile({**defaults, **given}, place, kind, city, path, "centre"))


@dataclass
class DataRoot:
    """A folder of input data laid out as docs/profile.md says."""

    path: Path
    _communes: dict[str, Commune] | None = field(default=None, repr=False)
    _centre: Centre | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.path.is_dir():
            raise InputError("không tìm thấy thư mục dữ liệu", file=self.path)

    @property
    def communes_file(self) -> Path:
        return self.path / "communes.yaml"

    @property
    def procedures_file(self) -> Path:
        return self.path / "procedures.csv"

    def communes(self) -> dict[str, Commune]:
        """The communes of communes.yaml, by id, in file order."""
        if self._communes is None:
            self._communes = self._read_communes()
        return self._communes

    def centre(self) -> Centre:
        """Who signs the city's consolidated report (communes.yaml ``centre``): by default the
        city's Trung tâm Phục vụ hành chính công."""
        self.communes()
        return self._centre  # type: ignore[return-value]

    def _read_communes(self) -> dict[str, Commune]:
        path = self.communes_file
        if not path.exists():
            raise InputError("không tìm thấy tệp danh sách xã/phường communes.yaml", file=path)
        data = nfc_tree(read_yaml(path))
        if not isinstance(data, dict) or not isinstance(data.get("communes"), list):
            raise InputError("communes.yaml cần khóa 'communes' là một danh sách", file=path)
        bad = _control_character(data)
        if bad is not None:
            raise InputError(
                f"có ký tự điều khiển (mã {ord(bad[1]):#04x}) trong '{bad[0][:60]}': xóa ký tự này trong communes.yaml",
                file=path,
            )
        city_default = str(data.get("city") or "")
        self._centre = centre_profile(data.get("centre"), str(city_default), path)
        out: dict[str, Commune] = {}
        for number, item in enumerate(data["communes"], start=1):
            where = f"xã/phường thứ {number}"
            if not isinstance(item, dict):
                raise InputError(f"{where}: cần các khóa id, name, kind", file=path)
            missing = [key for key in ("id", "name", "kind") if not item.get(key)]
            if missing:
                raise InputError(f"{where}: thiếu {', '.join(missing)}", file=path, column=missing[0])
            commune_id = validate_commune_id(str(item["id"]))
            kind = str(item["kind"])
            if kind not in COMMUNE_KINDS:
                raise InputError(
                    f"{where}: loại '{kind}' không hợp lệ; dùng {', '.join(COMMUNE_KINDS)}", file=path, column="kind"
                )
            if commune_id in out:
                raise InputError(f"{where}: mã '{commune_id}' đã có", file=path, column="id")
            name = str(item["name"])
            city = str(item.get("city") or city_default)
            out[commune_id] = Commune(
                id=commune_id,
                name=name,
                kind=kind,
                city=city,
                profile=_profile(item.get("profile"), name, kind, city, path, where),
                established=_established(item.get("established"), path, where),
            )
        return out

    def commune(self, commune_id: str) -> Commune:
        validate_commune_id(commune_id)
        communes = self.communes()
        if commune_id not in communes:
            known = ", ".join(communes) or "(không có)"
            raise InputError(
                f"không có xã/phường '{commune_id}' trong communes.yaml; có: {known}", file=self.communes_file
            )
        return communes[commune_id]

    def select(self, value: str | list[str] | None) -> list[str]:
        """The communes a command names: "all" (or nothing) for every commune of communes.yaml,
        else a comma-separated list of ids, each checked and each kept once, in the order given."""
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "all")):
            return list(self.communes())
        wanted = [v.strip() for v in value.split(",")] if isinstance(value, str) else list(value)
        chosen = list(dict.fromkeys(v for v in wanted if v))
        for commune_id in chosen:
            self.commune(commune_id)  # a clear message for a bad or unknown id
        return chosen

    def commune_dir(self, commune_id: str) -> Path:
        return self.path / validate_commune_id(commune_id)

    def _files(self, commune_id: str, prefix: str) -> list[Path]:
        folder = self.commune_dir(commune_id)
        if not folder.is_dir():
            return []
        return sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.name.lower().startswith(prefix) and p.suffix.lower() in SUPPORTED_SUFFIXES
        )

    def dossier_files(self, commune_id: str) -> list[Path]:
        """dossiers* in any accepted format, sorted by name (a later export wins a duplicate)."""
        return self._files(commune_id, "dossiers")

    def feedback_files(self, commune_id: str) -> list[Path]:
        return self._files(commune_id, "feedback")

    def published_files(self, commune_id: str) -> list[Path]:
        """Published figures: ``summary-<period>.yaml`` and Biểu 06a workbooks ``bieu-06a…<period>.xlsx``."""
        return published_in(self.commune_dir(commune_id))

    def template_file(self, commune_id: str) -> Path | None:
        """The commune's own Word template (``template:`` in its profile, relative to the data root,
        written with ``/`` or ``\\``), or None (docs/template.md)."""
        text = self.commune(commune_id).profile.template
        if not text:
            return None
        if Path(text).is_absolute() or PureWindowsPath(text).is_absolute():
            return Path(text)
        return self.path.joinpath(*PureWindowsPath(text).parts)

    def summary_file(self, commune_id: str, period: Period) -> Path | None:
        """The published figures of ``period``: its summary YAML, else its Biểu 06a workbook."""
        path = self.commune_dir(commune_id) / f"summary-{period.id}.yaml"
        if path.exists():
            return path
        found = [p for p in self.published_files(commune_id) if published_period(p) == period.id]
        return found[0] if found else None
