"""Importing a workshop file off the interface thread: reading, checking and storing a big
file takes seconds to minutes, so it runs on a worker thread (``BackgroundTask``) with its
own database connection, while a progress dialog with Cancel stays where the person is
looking. The import is one transaction: Cancel (or any failure) rolls all of it back, so
after it nothing of the workshop is in the database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from sprintdesk.ui.shared.background import BackgroundTask

if TYPE_CHECKING:
    from sprintdesk.services.workshop_file import ImportedWorkshop, WorkshopFileService

STEPS = 1000  # the progress bar's resolution
SHOW_AFTER_MS = 300  # a small file is in before the dialog would flash up


class WorkshopImport(QObject):
    """One import: ``start()``, then exactly one of ``sig_imported(ImportedWorkshop)``,
    ``sig_failed(str)`` (after the message was shown) or ``sig_cancelled()``."""

    sig_imported = Signal(object)
    sig_failed = Signal(str)
    sig_cancelled = Signal()

    def __init__(self, files: WorkshopFileService, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self._files = files
        self._path = Path(path)
        self._parent = parent
        self._cancel = threading.Event()
        self._shown = -1
        self.dialog = QProgressDialog(f"Importing {self._path.name}…", "Cancel", 0, STEPS, parent)
        self.dialog.setWindowTitle("Import workshop")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.task = BackgroundTask(self._work, self)
        self.task.sig_progress.connect(self._progress)
        self.task.sig_done.connect(self._done)
        self.task.sig_failed.connect(self._failed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self) -> None:
        self.dialog.setValue(0)
        self.task.start()

    @property
    def running(self) -> bool:
        return self.task.isRunning()

    def cancel(self) -> None:
        """Stop at the next step (at most a batch of rows away); nothing is stored."""
        self._cancel.set()
        self.dialog.setLabelText("Cancelling…")

    def stop(self, milliseconds: int = 30_000) -> None:
        """Cancel and wait for the worker (the app is quitting)."""
        self._cancel.set()
        self.task.wait(milliseconds)

    # -- on the worker thread --------------------------------------------------------------
    def _work(self, report: Callable[[float], None]) -> ImportedWorkshop:
        from sprintdesk.services.workshop_file import ImportCancelledError

        emit = report  # BackgroundTask's sig_progress.emit
        last = [-1]

        def progress(share: float) -> None:
            if self._cancel.is_set():
                raise ImportCancelledError("cancelled")
            step = int(share * STEPS)
            if step != last[0]:  # a signal per visible step, not per record
                last[0] = step
                emit(share)

        return self._files.import_file(self._path, progress)

    # -- back on the interface thread ------------------------------------------------------
    def _progress(self, share: float) -> None:
        if not self._cancel.is_set():
            self.dialog.setValue(min(STEPS - 1, int(share * STEPS)))

    def _done(self, imported: ImportedWorkshop) -> None:
        self._close()
        self.sig_imported.emit(imported)  # done before Cancel was seen: the workshop is in
        self.deleteLater()

    def _failed(self, message: str) -> None:
        self._close()
        if self._cancel.is_set():
            self.sig_cancelled.emit()
        else:
            QMessageBox.warning(self._parent, "Import workshop", f"{message}\n\nNothing was imported.")
            self.sig_failed.emit(message)
        self.deleteLater()

    def _close(self) -> None:
        self.task.wait()  # run() has returned: let the thread end before the task is dropped
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self.stop)
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
