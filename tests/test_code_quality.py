"""The project's own rules, checked with the suite: layers, lint, types, module size."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    located = shutil.which(name)
    if located is None:
        pytest.fail(f"{name} is not installed: install the test extra (pip install -e '.[test]')")
    return located


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.slow  # runs lint-imports
def test_import_layers_are_kept() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


@pytest.mark.slow  # runs ruff
def test_ruff_is_clean() -> None:
    result = _run(_tool("ruff"), "check", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # runs mypy
def test_mypy_strict_is_clean_on_the_whole_package() -> None:
    """pyproject.toml: strict over sprintdesk/, unused ignores flagged, a documented list of
    what is excused."""
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_stay_small() -> None:
    too_big = [
        f"{path.relative_to(ROOT)} ({count} lines)"
        for path in sorted((ROOT / "sprintdesk").rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 450
    ]
    assert not too_big, "split these by concern: " + ", ".join(too_big)


@pytest.mark.slow  # starts Python
def test_domain_imports_nothing_heavy() -> None:
    code = (
        "import sys, importlib, pkgutil, sprintdesk.domain as d;"
        "[importlib.import_module('sprintdesk.domain.' + m.name) for m in pkgutil.iter_modules(d.__path__)];"
        "bad = [m for m in ('PySide6', 'sqlalchemy', 'reportlab', 'alembic') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_circles() -> None:
    """No module of sprintdesk imports, directly or through others, a module that imports it
    back (imports for type checking count too: a circle is a tangle either way)."""
    import grimp

    graph = grimp.build_graph("sprintdesk")
    modules = sorted(graph.modules)
    circles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if module < imported and graph.chain_exists(importer=imported, imported=module):
                chain = graph.find_shortest_chain(importer=imported, imported=module) or ()
                circles.append(f"{module} -> {' -> '.join(chain)}")
    assert not circles, "import circles:\n" + "\n".join(circles)
