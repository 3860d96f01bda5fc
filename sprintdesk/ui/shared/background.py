"""Run slow work (a PDF export) off the GUI thread, so the countdown never freezes; progress
and the outcome come back as signals on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal


class BackgroundTask(QThread):
    sig_progress = Signal(float)  # 0..1
    sig_done = Signal(object)  # whatever the work returned
    sig_failed = Signal(str)  # a one-line reason

    def __init__(
        self, work: Callable[[Callable[[float], None]], object], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.sig_progress.emit)
        except Exception as error:  # reported, never raised into Qt's event loop
            message = " ".join(str(error).split()) or type(error).__name__
            self.sig_failed.emit(message)
            return
        self.sig_done.emit(result)
