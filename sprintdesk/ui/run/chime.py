"""A gentle chime. QtMultimedia is imported lazily: where it cannot load (no libpulse),
a plain system beep is used instead, and a missing sound library never stops the app."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from sprintdesk.ui.shared.resources import resource

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect

log = logging.getLogger(__name__)


class Chime(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.muted = False
        self._effect: QSoundEffect | None = None  # loaded on the first chime (QtMultimedia is heavy)
        self._tried = False
        self.played = 0  # how many chimes were asked for while not muted (for tests)

    @property
    def backend(self) -> str:
        self._load()
        return "QSoundEffect" if self._effect is not None else "beep"

    def _load(self) -> None:
        if self._tried:
            return
        self._tried = True
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except Exception as error:  # ImportError, or OSError for a missing libpulse
            log.info("sound library unavailable (%s); using the system beep", error)
            return
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(resource("sounds", "chime.wav"))))
        effect.setVolume(0.6)
        self._effect = effect

    def play(self) -> None:
        if self.muted:
            return
        self.played += 1
        self._load()
        if self._effect is not None:
            self._effect.play()
        else:
            QApplication.beep()
