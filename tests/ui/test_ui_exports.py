"""File > Export from the app: PDFs rendered off the GUI thread while the countdown runs,
the quick exports, and importing a workshop file in the library."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from sprintdesk import samples
from sprintdesk.domain.timer import TimerState


def _pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_pdf_export_runs_off_the_gui_thread(desk, workshop_id, clock, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.controller.toggle()
    target = tmp_path / "summary.pdf"
    window.export_menu.export_summary(target)
    assert window.export_menu.progress.isVisible() or target.exists()
    clock.advance(30)
    window.controller.tick()  # the countdown keeps going while the PDF is written
    assert window.controller.status().state is TimerState.RUNNING
    qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: not window.export_menu._tasks, timeout=20_000)
    text = _pdf_text(target)
    assert samples.TITLE in text and "Long-term goal and sprint questions" in text
    assert "Push Dana for a single goal sentence" in text  # the facilitator's own notes
    assert "Saved the summary" in window.statusBar().currentMessage()
    handout = tmp_path / "handout.pdf"
    window.export_menu.export_handout(handout)
    qtbot.waitUntil(lambda: handout.exists() and not window.export_menu._tasks, timeout=20_000)
    handout_text = _pdf_text(handout)
    assert "Long-term goal and sprint questions" in handout_text
    assert "Push Dana" not in handout_text  # private notes never reach attendees


def test_quick_exports_and_a_failed_one(desk, workshop_id, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.export_menu.export_markdown(tmp_path / "summary.md")
    window.export_menu.export_csv(tmp_path / "notes.csv")
    window.export_menu.export_workshop_file(tmp_path / "w.json")
    assert f"# {samples.TITLE}\n" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert (tmp_path / "notes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b'"sprintdesk.workshop"' in (tmp_path / "w.json").read_bytes()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    window.export_menu.export_markdown(tmp_path / "missing" / "summary.md")
    assert warnings and "does not exist" in warnings[0]


def test_import_a_workshop_file_in_the_library(desk, workshop_id, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "w.json"
    desk.workshop_files.export(workshop_id, target)
    library = desk.library
    assert library.toolbar_actions["import"].isEnabled()
    with qtbot.waitSignal(library.import_workshop(str(target)).sig_imported, timeout=20_000):
        pass  # read, checked and stored on a worker thread (tests/ui/test_ui_workshop_import.py)
    titles = [s.title for s in desk.workshops.list()]
    assert titles.count(samples.TITLE) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something.else"}', encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    with qtbot.waitSignal(library.import_workshop(str(bad)).sig_failed, timeout=20_000):
        pass
    assert warnings and "Nothing was imported" in warnings[0]
    assert len(desk.workshops.list()) == 2
