"""One signal hub that fans service Changes out to every open view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from sprintdesk.services.changes import Changes


class ChangeHub(QObject):
    sig_changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        if not changes.empty:
            self.sig_changed.emit(changes)
