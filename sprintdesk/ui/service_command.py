"""The base of every undo command: it acts on the model through a service and publishes the
Changes. The action is done once before the command is pushed (so a refused action never
lands on the stack); the first ``redo`` that QUndoStack.push calls is therefore skipped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from sprintdesk.services.changes import Changes

Publish = Callable[[Changes], None]


class ServiceCommand(QUndoCommand):
    def __init__(self, text: str, publish: Publish) -> None:
        super().__init__(text)
        self.publish = publish
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], Changes]) -> None:
        """Through the one runner (a busy database is waited for, visibly). A step that
        fails anyway (the vote it belonged to is over, say, or the wait was cancelled) is
        said in the status bar and leaves the stack, instead of raising into Qt's loop."""
        from sprintdesk.ui.service_runner import ServiceRunner

        problems: list[str] = []
        changes = ServiceRunner(None, problems.append).attempt(step)
        if changes is None:
            self.setObsolete(True)
            _say(f"Cannot undo or redo “{self.text()}”: {problems[0] if problems else 'it failed'}")
            return
        self.publish(changes)

    def do(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError


def _say(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    window = QApplication.activeWindow()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 8000)
