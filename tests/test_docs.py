"""The documentation stands alone: every repository path a doc names exists, every link's anchor is
a heading of its page, and nothing points at a design text or a shared folder a clone does not have."""

from __future__ import annotations

import functools
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO

DOCS = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])
# Top-level folders of the repository a doc may name (outputs/ holds products, not files to check).
TOP_LEVEL = ("tthc_analysis", "docs", "tests", "notebooks", "data", "benchmarks", ".ci")
# The package's subpackages, which layout.md, testing.md and others name without "tthc_analysis/".
SUBPACKAGES = tuple(p.name for p in (REPO / "tthc_analysis").iterdir() if (p / "__init__.py").exists())
# A bare file name of these kinds (`schema.py`) must be some file of the repository.
CHECKED_SUFFIXES = (".py", ".ipynb", ".yaml", ".yml", ".toml", ".md")
# Generated names and patterns are not paths: `summary-<period>.yaml`, `ho-so-chi-tiet-…xlsx`, `dossiers*.csv`,
# and neither are the names of products (report/paths.py), which a run writes under outputs/.
PLACEHOLDER = re.compile(r"[<>…*{}$]|\.\.\.")
PRODUCT = re.compile(r"^(-|bao-cao-|bieu-06a-|ho-so-chi-tiet-|tong-hop-|xu-huong-)")
# Mentions of texts outside the repository (split so that this file does not name them itself).
FORBIDDEN = ("DESIGN" + " §", "DESIGN" + ".md", ".." + "/shared", "shared" + "/reference")
SECTION_NUMBER = re.compile("§" + r"\s?\d")  # "(§4.5)": a design section named without its text
SKIPPED_DIRS = {".git", ".venv", "outputs", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "mutants"}

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^()\s]+)\)|^ {0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)  # inline or reference
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
PATH_TOKEN = re.compile(r"(?<![\w./:-])(?:" + "|".join(re.escape(t) for t in TOP_LEVEL) + r")/[^\s`'\"()\[\],;|]*")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


@functools.cache
def _files_named() -> frozenset[str]:
    return frozenset(p.name for p in _repository_files())


@functools.cache
def _repository_files() -> tuple[Path, ...]:
    """Every file of the checkout: what git tracks or would track, else a walk that skips what it ignores."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        files = [REPO / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [
            p
            for p in REPO.rglob("*")
            if p.is_file()
            and not SKIPPED_DIRS & set(p.relative_to(REPO).parts)
            and not any(part.endswith(".egg-info") for part in p.parts)
        ]
    return tuple(p for p in files if p.is_file())


def _prose(text: str) -> str:
    """The text outside fenced code blocks."""
    return FENCE.sub("", text)


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, markup and punctuation dropped (letters of any
    script kept, Vietnamese included), spaces to '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return text.replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    """The anchors of a page's headings, numbered as GitHub numbers repeats ("x", "x-1", …)."""
    seen: dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(_prose(doc.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def _clean(token: str) -> str:
    token = token.split("::")[0].split("#")[0]  # tests/test_load.py::test_name, docs/cli.md#tthc-trends
    return token.rstrip(".,:;!?")


def named_paths(doc: Path) -> list[str]:
    """The repository paths a page names, as written: any text starting with a top-level folder
    (in prose, code or a link), and in code spans a bare file name or a module named from its subpackage."""
    text = doc.read_text(encoding="utf-8")
    found = [_clean(t) for t in PATH_TOKEN.findall(text)]
    for span in CODE_SPAN.finditer(_prose(text)):
        content = _clean(span.group(2).strip())
        if " " in content:
            continue
        if "/" not in content and content.endswith(CHECKED_SUFFIXES):
            found.append(content)  # a bare file name: `schema.py`
        elif "/" in content and content.split("/")[0] in SUBPACKAGES:
            found.append(content)  # a module of the package named from its subpackage: `core/errors.py`
    return [t for t in found if t and not PLACEHOLDER.search(t) and not PRODUCT.match(t)]


def _exists(doc: Path, token: str) -> bool:
    if "/" not in token:
        return token in _files_named() or (doc.parent / token).exists()
    if (REPO / token).exists():
        return True
    first = token.split("/")[0]
    if first in SUBPACKAGES:  # `core/errors.py`, `inputs/readers` (a module named without .py)
        target = REPO / "tthc_analysis" / token
        return target.exists() or target.with_suffix(".py").exists()
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_path_a_doc_names_exists(doc):
    missing = sorted({t for t in named_paths(doc) if not _exists(doc, t)})
    assert not missing, f"{doc.relative_to(REPO)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_and_anchor_resolves(doc):
    broken = []
    for target in (inline or reference for inline, reference in LINK.findall(_prose(doc.read_text(encoding="utf-8")))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        page = (doc.parent / path).resolve() if path else doc
        if not page.exists():
            broken.append(f"{target}: no such file")
        elif anchor and page.suffix == ".md" and anchor not in anchors(page):
            broken.append(f"{target}: no heading #{anchor} in {page.relative_to(REPO)}")
    assert not broken, f"{doc.relative_to(REPO)}: {broken}"


def test_no_file_points_outside_the_repository():
    """Rules live in docs/, sample sources in tests/reference/: no design text, no shared folder."""
    this = Path(__file__).resolve()
    hits = []
    for path in _repository_files():
        if path.resolve() == this:
            continue
        raw = path.read_bytes()
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = raw.decode("utf-16")
        elif b"\0" in raw:
            continue  # a workbook, a Parquet file: compressed, nothing to read
        else:
            text = raw.decode("utf-8", "ignore")
        for number, line in enumerate(text.splitlines(), start=1):
            words = [word for word in FORBIDDEN if word in line] + SECTION_NUMBER.findall(line)
            hits += [f"{path.relative_to(REPO)}:{number}: {word}" for word in words]
    assert not hits, "\n".join(hits)


def test_the_checks_see_what_they_must():
    """The checks above are not vacuous: they find the paths, anchors and headings they are meant to."""
    cli = REPO / "docs" / "cli.md"
    assert "tthc_analysis/run/cli.py" in named_paths(cli)
    assert "tthc-trends" in anchors(cli) and "exit-codes" in anchors(cli)
    assert slug("Units established inside a period") == "units-established-inside-a-period"
    assert slug("Hướng dẫn nhanh cho cán bộ xã") == "hướng-dẫn-nhanh-cho-cán-bộ-xã"
    assert slug("The `tthc` command, (and) QĐ 766/QĐ-TTg") == "the-tthc-command-and-qđ-766qđ-ttg"
    layout = REPO / "docs" / "layout.md"
    assert {"core/errors.py", "inputs/readers", "tests/test_layout.py"} <= set(named_paths(layout))
    assert _exists(layout, "core/errors.py") and _exists(layout, "inputs/readers")
    assert not _exists(layout, "tthc_analysis/load.py") and not _exists(layout, "load.py")
    assert not _exists(layout, "tthc_analysis/profile_defaults.yaml")
