"""What a commune's report depends on, as one digest: an unchanged digest means an unchanged report.

The commune's entry of communes.yaml (name, kind, city, profile, establishment day), the
procedure catalogue, every export and feedback file of the commune, every period's published
figures, the report notebook, the package's own code and the versions of the libraries that
draw and write the products. ``tthc batch`` reuses the products of a commune whose digest
is the one its last successful run recorded.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from ..core.periods import Period
from ..inputs.cache import file_digest
from ..inputs.dataroot import DataRoot

_LIBRARIES = ("pandas", "pyarrow", "matplotlib", "nbconvert", "nbformat", "papermill", "python-docx", "openpyxl")


@functools.cache
def code_fingerprint() -> str:
    """A digest of the package's source and data files and of the libraries' versions."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()


def commune_fingerprint(root: DataRoot, commune_id: str, period: Period, notebook: Path, source: str = "auto") -> str:
    """The digest of everything the report of ``commune_id`` for ``period`` is made from, the
    source chosen (--source) included."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr(root.commune(commune_id)).encode())
    digest.update(period.id.encode())
    digest.update(f"source:{source}".encode())
    # Every period's published figures: the report compares with the previous period and last year.
    summaries = root.published_files(commune_id)
    files = [
        root.procedures_file,
        *root.dossier_files(commune_id),
        *root.feedback_files(commune_id),
        *summaries,
        root.template_file(commune_id),  # the commune's Word template: an edit to it is a new report
        notebook,
    ]
    for path in files:
        if path is not None and Path(path).exists():
            digest.update(Path(path).name.encode())
            digest.update(file_digest(Path(path)).encode())
    digest.update(code_fingerprint().encode())
    return digest.hexdigest()


def city_fingerprint(root: DataRoot, communes: dict[str, str], linked: list[str] = ()) -> str:
    """The digest of the city's consolidated report: its communes' digests, the centre's profile
    and which communes' reports its page links."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr(root.centre()).encode())
    for commune_id in sorted(communes):
        digest.update(f"{commune_id}:{communes[commune_id]}".encode())
    digest.update(("links:" + ",".join(sorted(linked))).encode())
    return digest.hexdigest()
