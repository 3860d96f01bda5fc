"""File > Export: the summary and handout PDFs (rendered off the GUI thread, with progress),
Markdown, the notes as CSV, and the workshop file; File > Import workshop."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QProgressBar

from sprintdesk.ui.shared.background import BackgroundTask

if TYPE_CHECKING:
    from sprintdesk.services.exports import ExportService
    from sprintdesk.services.workshop_file import WorkshopFileService
    from sprintdesk.ui.shared.settings import AppSettings
from sprintdesk.ui.shared.icons import icon


def file_stem(title: str) -> str:
    """A file name from a workshop title: ``Design sprint: checkout`` -> ``Design sprint - checkout``."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " - ", title).strip(" .-")
    return " ".join(cleaned.split())[:80] or "workshop"


class ExportMenu(QObject):
    """Owns the export actions of one workshop window."""

    def __init__(
        self,
        window: QMainWindow,
        workshop_id: int,
        exports: ExportService,
        workshop_files: WorkshopFileService,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._workshop_id = workshop_id
        self._exports_service = exports
        self._files = workshop_files
        self._tasks: list[BackgroundTask] = []
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
            ("summary", "Export summary PDF…", self.export_summary),
            ("handout", "Export attendee handout PDF…", self.export_handout),
            ("markdown", "Export summary as Markdown…", self.export_markdown),
            ("csv", "Export notes as CSV…", self.export_csv),
            ("workshop_file", "Export workshop file…", self.export_workshop_file),
        ):
            action = QAction(icon("open"), text, self)
            action.triggered.connect(slot)
            self.actions[key] = action

    # -- helpers ---------------------------------------------------------------------------
    def _title(self) -> str:
        workshop = getattr(self._window, "workshop", None)
        return str(getattr(workshop, "title", "workshop"))

    def start_folder(self) -> Path:
        """Where the save dialog opens: the folder of the last export while it exists, else
        the user's documents folder, else their home folder."""
        last = self._settings.export_folder() if self._settings is not None else ""
        if last and Path(last).is_dir():
            return Path(last)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if documents and Path(documents).is_dir():
            return Path(documents)
        return Path.home()

    def _ask(self, caption: str, suffix: str, filter_text: str) -> Path | None:
        default = str(self.start_folder() / f"{file_stem(self._title())}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self._window, caption, default, filter_text)
        if not path:
            return None
        target = Path(path)
        if self._settings is not None:
            self._settings.set_export_folder(str(target.parent))
        return target if target.suffix else target.with_name(target.name + "." + suffix.rsplit(".", 1)[-1])

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 8000)

    def _failed(self, what: str, message: str) -> None:
        self.progress.hide()
        QMessageBox.warning(self._window, f"Export {what}", f"The {what} could not be written: {message}")

    def _exports(self) -> ExportService:
        return self._exports_service

    def _finished_with_failure(self, task: BackgroundTask, what: str, message: str) -> None:
        self._finished(task, "")
        self._failed(what, message)

    def _render_in_background(self, what: str, kind: str, target: Path) -> None:
        """Read the workshop here (fast; the database stays on this thread), render the PDF
        on a worker thread (slow), so the countdown keeps running."""
        exports = self._exports()
        try:
            summary = exports.summary(self._workshop_id)
        except Exception as error:
            self._failed(what, str(error))
            return
        task = BackgroundTask(lambda progress: exports.pdf(kind, summary, target, progress), self)
        task.sig_progress.connect(lambda value: self.progress.setValue(int(value * 100)))
        task.sig_done.connect(lambda _r: self._finished(task, f"Saved the {what}: {target}"))
        task.sig_failed.connect(lambda message: self._finished_with_failure(task, what, message))
        self._tasks.append(task)
        self.progress.setValue(0)
        self.progress.show()
        self._say(f"Writing the {what}…")
        task.start()

    def _finished(self, task: BackgroundTask, message: str) -> None:
        self.progress.hide()
        if task in self._tasks:
            self._tasks.remove(task)
        if message:
            self._say(message)

    def wait(self, milliseconds: int = 30_000) -> None:
        """For closing the window: let a running export finish."""
        for task in list(self._tasks):
            task.wait(milliseconds)

    # -- actions ---------------------------------------------------------------------------
    def export_summary(self, target: Path | None = None) -> None:
        target = target or self._ask("Export summary", " - summary.pdf", "PDF (*.pdf)")
        if target is not None:
            self._render_in_background("summary", "summary", target)

    def export_handout(self, target: Path | None = None) -> None:
        target = target or self._ask("Export handout", " - handout.pdf", "PDF (*.pdf)")
        if target is not None:
            self._render_in_background("handout", "handout", target)

    def export_markdown(self, target: Path | None = None) -> None:
        target = target or self._ask("Export Markdown", ".md", "Markdown (*.md)")
        if target is not None:
            self._quick("Markdown summary", target, "markdown")

    def export_csv(self, target: Path | None = None) -> None:
        target = target or self._ask("Export notes", " - notes.csv", "CSV (*.csv)")
        if target is not None:
            self._quick("notes", target, "csv")

    def export_workshop_file(self, target: Path | None = None) -> None:
        target = target or self._ask(
            "Export workshop file", ".sprintdesk.json", "SprintDesk workshop (*.json)"
        )
        if target is not None:
            self._quick("workshop file", target, "json")

    def _quick(self, what: str, target: Path, kind: str) -> None:
        """Markdown, CSV and the workshop file are fast: written here, atomically."""
        try:
            if kind == "json":
                self._files.export(self._workshop_id, target)
            else:
                exports = self._exports()
                summary = exports.summary(self._workshop_id)
                if kind == "markdown":
                    exports.markdown(summary, target)
                else:
                    exports.notes_csv(summary, target)
        except Exception as error:
            self._failed(what, " ".join(str(error).split()))
            return
        self._say(f"Saved the {what}: {target}")
