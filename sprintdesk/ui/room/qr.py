"""A QR code drawn by Qt from segno's module matrix: crisp (whole pixels per module, no
smoothing), dark on white with the four-module quiet zone a phone's camera needs."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET = 4  # modules of white around the code (ISO/IEC 18004)


def qr_matrix(text: str) -> list[list[bool]]:
    """The dark (True) and light modules of ``text``'s QR code, medium error correction."""
    code = segno.make(text, error="m", micro=False, boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix]


def draw_qr(painter: QPainter, matrix: list[list[bool]], box: QRect) -> QRect:
    """Draw ``matrix`` with its quiet zone in the largest whole-pixel square inside ``box``,
    centred; returns the square drawn (empty when ``box`` is too small for one pixel a module)."""
    count = len(matrix) + 2 * QUIET
    module = min(box.width(), box.height()) // count
    if module < 1 or not matrix:
        return QRect()
    side = module * count
    left = box.left() + (box.width() - side) // 2
    top = box.top() + (box.height() - side) // 2
    painter.fillRect(QRect(left, top, side, side), QColor("#ffffff"))
    dark = QColor("#000000")
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):  # one rectangle per run of dark modules
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            painter.fillRect(
                QRect(
                    left + (QUIET + start) * module, top + (QUIET + y) * module, (x - start) * module, module
                ),
                dark,
            )
    return QRect(left, top, side, side)


def qr_image(text: str, module_px: int = 8) -> QImage:
    """``text``'s QR code as an image, ``module_px`` pixels a module."""
    matrix = qr_matrix(text)
    side = (len(matrix) + 2 * QUIET) * module_px
    image = QImage(side, side, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    draw_qr(painter, matrix, QRect(0, 0, side, side))
    painter.end()
    return image


class QrWidget(QWidget):
    """A QR code as large as the widget allows (whole pixels per module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._matrix: list[list[bool]] = []
        self.drawn = QRect()  # where the code was last drawn, for tests and screenshots
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._matrix = qr_matrix(text) if text else []
            self.update()

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.drawn = draw_qr(painter, self._matrix, self.rect())
        painter.end()
