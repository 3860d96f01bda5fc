"""Where File > Export's save dialog opens: the user's documents folder the first time (home
when there is none), then the folder of the last export, kept in the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from sprintdesk.ui.shared.settings import AppSettings


class Dialog:
    """Stands in for QFileDialog.getSaveFileName: records the folder it was given and
    answers with ``answer`` (a path in another folder, or "" for Cancel)."""

    def __init__(self) -> None:
        self.given: list[Path] = []
        self.answer = ""

    def __call__(self, _parent: object, _caption: str, directory: str, _filter: str) -> tuple[str, str]:
        self.given.append(Path(directory))
        return self.answer, ""


@pytest.fixture
def dialog(monkeypatch: pytest.MonkeyPatch) -> Dialog:
    fake = Dialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return fake


def test_first_in_documents_then_in_the_last_folder(  # type: ignore[no-untyped-def]
    desk, workshop_id, qtbot, tmp_path: Path, dialog: Dialog, settings: AppSettings
) -> None:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    documents.mkdir(parents=True, exist_ok=True)
    window = desk.open_workshop(workshop_id)
    menu = window.export_menu
    menu.export_markdown()  # cancelled: nothing written, nothing remembered
    assert dialog.given[-1].parent == documents
    assert dialog.given[-1].name.endswith(".md")
    assert settings.export_folder() == ""

    chosen = tmp_path / "exports"
    chosen.mkdir()
    dialog.answer = str(chosen / "sprint")  # no suffix typed: .md is added
    menu.export_markdown()
    assert (chosen / "sprint.md").is_file()
    assert settings.export_folder() == str(chosen)

    menu.export_csv()  # cancelled, but it opened where the last export went
    assert dialog.given[-1].parent == chosen and dialog.given[-1].name.endswith(" - notes.csv")

    again = desk.open_workshop(workshop_id)  # a window of later: the settings remember
    dialog.answer = ""
    again.export_menu.export_workshop_file()
    assert dialog.given[-1].parent == chosen


def test_a_vanished_last_folder_falls_back_to_documents_then_home(  # type: ignore[no-untyped-def]
    desk, workshop_id, dialog: Dialog, settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.set_export_folder(str(tmp_path / "gone"))
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: str(documents))
    window = desk.open_workshop(workshop_id)
    window.export_menu.export_summary()
    assert dialog.given[-1].parent == documents
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: "")
    window.export_menu.export_handout()
    assert dialog.given[-1].parent == Path.home()
