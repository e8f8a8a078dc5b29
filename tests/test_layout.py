"""The house rules of the package (docs/layout.md): stages, sizes, and imports that point backwards only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "tthc_analysis"
STAGES = ("core", "inputs", "indicators", "report", "run")  # in data order
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def _stage(module: Path) -> str | None:
    parts = module.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imported_stages(module: Path) -> set[str]:
    """The stages (or the sample generator) a module imports from, relative or absolute."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    depth = len(module.relative_to(PACKAGE).parts) - 1
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                base = list(module.relative_to(PACKAGE).parts[:-1])[: depth - (node.level - 1)]
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith("tthc_analysis."):
                parts = node.module.split(".")[1:]
            else:
                continue
            names = parts[:1] or [alias.name for alias in node.names]
            found.update(n for n in names if n in (*STAGES, "synthetic"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tthc_analysis."):
                    found.add(alias.name.split(".")[1])
    return found


def test_the_package_is_made_of_stages():
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == {*STAGES, "synthetic"}
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py"}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_only_to_earlier_stages(module):
    stage = _stage(module)
    if stage is None:
        return  # the package's own __init__ gathers the public names
    allowed = set(STAGES[: STAGES.index(stage) + 1]) if stage in STAGES else set(STAGES[:2]) | {"synthetic"}
    assert _imported_stages(module) <= allowed, (stage, _imported_stages(module))
    if stage != "synthetic":
        assert "synthetic" not in _imported_stages(module)  # no report imports the sample generator


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(module):
    text = module.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert node.end_lineno - node.lineno + 1 <= 60, f"{node.name} is {node.end_lineno - node.lineno + 1} lines"


def test_tests_import_no_other_test_module():
    for path in (REPO / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("test_"), (path.name, node.module)


def test_every_error_class_lives_in_core_errors():
    """Every exception the package raises on purpose is defined in one module, core/errors.py."""
    for module in MODULES:
        if module == PACKAGE / "core" / "errors.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            # A private class (text_files._Fallback) is a signal that never leaves its module.
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not any(b.endswith(("Error", "Exception")) for b in bases), (module.name, node.name)
