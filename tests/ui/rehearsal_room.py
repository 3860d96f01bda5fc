"""What the room's screen holds, measured on the live presenter window and read back from its
grab: the board's notes (inside the view, with their text drawn large enough), the countdown
and the running item's instructions. Used by the rehearsal (tests/ui/rehearsal_play.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from sprintdesk.domain.agenda_run import RunStatus
from sprintdesk.ui.board.note_item import NoteItem
from sprintdesk.ui.run.countdown import CountdownFace

MIN_TEXT_PX = 10.0  # up to 60 notes on a 1280x720 screen (issue 12)


def board_view(presenter: QWidget) -> QGraphicsView | None:
    views = [v for v in presenter.findChildren(QGraphicsView) if v.isVisible()]
    return views[0] if views else None


def note_items(presenter: QWidget) -> list[NoteItem]:
    view = board_view(presenter)
    if view is None or view.scene() is None:
        return []
    return [item for item in view.scene().items() if isinstance(item, NoteItem) and item.isVisible()]


def on_screen(view: QGraphicsView, item: NoteItem) -> QRectF:
    """The note's rectangle in the view's viewport, in pixels."""
    return QRectF(view.mapFromScene(item.sceneBoundingRect()).boundingRect())


def board_fitted(presenter: QWidget) -> bool:
    """Every note lies wholly inside the room's view of the board."""
    view = board_view(presenter)
    items = note_items(presenter)
    if view is None or not items:
        return False
    port = QRectF(view.viewport().rect()).adjusted(-1, -1, 1, 1)
    return all(port.contains(on_screen(view, item)) for item in items)


def text_px(view: QGraphicsView, item: NoteItem) -> float:
    """How high the note's text is drawn on the screen, in pixels."""
    return item.text_pixel_size() * view.transform().m11()


def visible_text(presenter: QWidget) -> str:
    """Every label the room can see, and the countdown."""
    texts = [label.text() for label in presenter.findChildren(QLabel) if label.isVisible()]
    return "\n".join(texts)


def ocr(path: Path) -> str | None:
    """What tesseract reads on a grab (None without tesseract: skipped, but not on CI)."""
    if shutil.which("tesseract") is None:
        assert os.environ.get("CI") != "true", "tesseract (Debian's tesseract-ocr) is needed on CI"
        return None
    done = subprocess.run(
        ["tesseract", str(path), "-", "--psm", "11"], capture_output=True, text=True, check=True
    )
    return done.stdout


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)]


def assert_shows(presenter: QWidget, image: QImage, status: RunStatus, notes: list[str], path: Path) -> None:
    """The room sees the running item's countdown and instructions and every note, with its
    text, large enough to read from the back of the room."""
    view = board_view(presenter)
    assert view is not None, "the board is on the room's screen"
    items = note_items(presenter)
    assert sorted(item.note.text for item in items) == sorted(notes)
    assert board_fitted(presenter), "no note is cut off"
    sizes = sorted(text_px(view, item) for item in items)
    assert sizes[0] >= MIN_TEXT_PX, f"note text {sizes[0]:.1f} px high on {image.width()}x{image.height()}"
    shown = visible_text(presenter)
    instructions = status.current.item.instructions.split(".")[0]
    assert instructions and instructions in " ".join(shown.split()), "the instructions stay visible"
    face = CountdownFace.from_status(status)
    read = ocr(path)
    if read is None:
        return
    flat = " ".join(read.split())
    assert face.text in flat.replace(" ", "") or face.text in flat, (
        f"the countdown {face.text} is read: {flat[:400]}"
    )
    read_words = set(_words(read))
    legible = [text for text in notes if set(_words(text)) & read_words]
    assert len(legible) >= 0.75 * len(notes), f"tesseract read {len(legible)} of {len(notes)} notes"
