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
        self.publish(self.do())

    def undo(self) -> None:
        self.publish(self.revert())

    def do(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError
