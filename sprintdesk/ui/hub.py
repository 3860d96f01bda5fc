"""One signal hub that fans service Changes out to every open view."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from sprintdesk.services.changes import Changes


class ChangeHub(QObject):
    sig_changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        if changes != Changes():
            self.sig_changed.emit(changes)
