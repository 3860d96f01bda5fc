"""The export package by format: the PDF writers reached by plain imports a reader and a
tool can follow, no import circle inside it, and nothing of it at start-up or without
ReportLab beyond what is needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("sprintdesk", include_external_packages=True, cache_dir=None)


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code, *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_pdf_writers_are_imported_plainly(graph: grimp.ImportGraph) -> None:
    imported = graph.find_modules_directly_imported_by("sprintdesk.services.exports")
    assert {"sprintdesk.export.pdf.summary", "sprintdesk.export.pdf.handout"} <= imported
    by_name = sorted(
        module
        for module in graph.modules
        if module.startswith(("sprintdesk.services", "sprintdesk.export"))
        and "importlib" in graph.find_modules_directly_imported_by(module)
    )
    assert by_name == [], "modules looked up by name instead of imported: " + ", ".join(by_name)


def test_no_import_circle_inside_export(graph: grimp.ImportGraph) -> None:
    modules = sorted(m for m in graph.modules if m.startswith("sprintdesk.export."))
    circles = [
        f"{importer} -> {' -> '.join(back)}"
        for importer in modules
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
        if imported.startswith("sprintdesk.export.")
        and (back := graph.find_shortest_chain(importer=imported, imported=importer)) is not None
    ]
    assert circles == []


@pytest.mark.slow  # starts Python
def test_the_app_starts_without_the_export_formats() -> None:
    code = (
        "import sys, sprintdesk.app, sprintdesk.cli;"
        "heavy = ('sprintdesk.export.pdf', 'sprintdesk.export.markdown', "
        "'sprintdesk.export.interchange', 'sprintdesk.export.notes_csv', 'reportlab', 'jsonschema');"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


WITHOUT_REPORTLAB = """
import datetime as dt
import sys
from pathlib import Path


class NoReportLab:  # imports fail as in an installation without ReportLab
    def find_spec(self, name, path=None, target=None):
        if name == "reportlab":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, NoReportLab())
from sprintdesk.domain.summary import WorkshopSummary
from sprintdesk.export.atomic import ExportError
from sprintdesk.services.exports import ExportService, pdf_writer

for kind in ("summary", "handout"):
    try:
        pdf_writer(kind)
    except ExportError as error:
        print(error)
summary = WorkshopSummary("Offline", "", None, None, "", (), (), (), dt.datetime(2026, 12, 1, 17, 0))
written = ExportService(None).markdown(summary, Path(sys.argv[1]))
print(written.kind, "reportlab" in sys.modules)
"""


@pytest.mark.slow  # starts Python
def test_without_reportlab_a_pdf_is_a_one_line_error_and_markdown_still_works(tmp_path: Path) -> None:
    target = tmp_path / "s.md"
    result = _run(WITHOUT_REPORTLAB, str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "PDF summary export is not available in this installation",
        "PDF handout export is not available in this installation",
        "markdown False",
    ]
    assert target.read_text(encoding="utf-8").startswith("# Offline")
