"""The join slide on the shared screen, and the small code in its corner for latecomers.

Both are drawn over the presenter view (children of it, never taking focus, so the run keys
keep working there). The slide fills the view: a large QR code, the room code in big
letters and the short address across the bottom, type sized from the view's height so it
reads from the back of the room. While joining is on and the slide is hidden, a small QR with
the address and the code stays in the bottom-right corner until joining stops.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from sprintdesk.ui.room.qr import draw_qr, qr_matrix
from sprintdesk.ui.run.presenter_window import PresenterWindow
from sprintdesk.ui.shared import theme


class Address(Protocol):
    """What the room needs of a join address (sprintdesk.web's JoinAddress)."""

    @property
    def join_url(self) -> str: ...
    @property
    def short_url(self) -> str: ...
    @property
    def room_code(self) -> str: ...


def spaced_code(code: str) -> str:
    """``K7P2QX`` as ``K7P 2QX``: two groups of three are easier to read out and type."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def fitted_font(base: QFont, text: str, px: int, width: int, weight: QFont.Weight) -> QFont:
    """``base`` at ``px`` pixels, smaller until ``text`` fits ``width`` on one line."""
    font = QFont(base)
    font.setWeight(weight)
    size = max(8, px)
    while True:
        font.setPixelSize(size)
        if QFontMetrics(font).horizontalAdvance(text) <= width or size <= 8:
            return font
        size = max(8, int(size * 0.92))


CORNER_GAP = 8  # between the corner and what the presenter view draws beside it


class _Card(QWidget):
    """A widget painted over the presenter view, showing one join address."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.address: Address | None = None
        self._matrix: list[list[bool]] = []
        self.qr_rect = QRect()  # where the code was drawn last

    def set_address(self, address: Address | None) -> None:
        self.address = address
        self._matrix = qr_matrix(address.join_url) if address is not None else []
        self.update()

    def _text(
        self, painter: QPainter, rect: QRect, text: str, font: QFont, color: str, align: Qt.AlignmentFlag
    ) -> None:
        painter.setFont(font)
        painter.setPen(QColor(color))
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)


class JoinSlide(_Card):
    """The whole shared screen: "Join from your phone", the QR, the code, the address."""

    def paintEvent(self, event: QPaintEvent) -> None:
        c = theme.colors()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(c.window))
        if self.address is None:
            painter.end()
            return
        w, h = self.width(), self.height()
        unit = max(10, h // 24)
        margin = max(16, w // 40)
        title_h = int(unit * 2.6)
        bottom_h = int(unit * 4.2)
        middle = QRect(margin, title_h, w - 2 * margin, h - title_h - bottom_h)
        title = fitted_font(
            self.font(), "Join from your phone", int(unit * 1.7), w - 2 * margin, QFont.Weight.Bold
        )
        self._text(
            painter,
            QRect(margin, 0, w - 2 * margin, title_h),
            "Join from your phone",
            title,
            c.text,
            Qt.AlignmentFlag.AlignHCenter,
        )
        qr_side = min(middle.height(), int(middle.width() * 0.55))
        self.qr_rect = draw_qr(
            painter, self._matrix, QRect(middle.left(), middle.top(), qr_side, middle.height())
        )
        right = QRect(
            middle.left() + qr_side + margin, middle.top(), middle.width() - qr_side - margin, middle.height()
        )
        label = QFont(self.font())
        label.setPixelSize(int(unit * 1.1))
        self._text(
            painter,
            QRect(
                right.left(),
                right.top() + right.height() // 2 - int(unit * 4.2),
                right.width(),
                int(unit * 1.6),
            ),
            "Room code",
            label,
            c.muted,
            Qt.AlignmentFlag.AlignHCenter,
        )
        code = spaced_code(self.address.room_code)
        big = fitted_font(self.font(), code, int(unit * 4.2), right.width(), QFont.Weight.Bold)
        self._text(
            painter,
            QRect(
                right.left(),
                right.top() + right.height() // 2 - int(unit * 2.6),
                right.width(),
                int(unit * 5.2),
            ),
            code,
            big,
            c.text,
            Qt.AlignmentFlag.AlignHCenter,
        )
        hint = "Scan the code, or open this address and type the room code:"
        self._text(
            painter,
            QRect(margin, h - bottom_h, w - 2 * margin, int(unit * 1.4)),
            hint,
            fitted_font(self.font(), hint, int(unit * 0.95), w - 2 * margin, QFont.Weight.Normal),
            c.muted,
            Qt.AlignmentFlag.AlignHCenter,
        )
        url = self.address.short_url
        font = fitted_font(self.font(), url, int(unit * 2.2), w - 2 * margin, QFont.Weight.Bold)
        self._text(
            painter,
            QRect(margin, h - bottom_h + int(unit * 1.4), w - 2 * margin, bottom_h - int(unit * 1.6)),
            url,
            font,
            c.accent,
            Qt.AlignmentFlag.AlignHCenter,
        )
        painter.end()


class JoinCorner(_Card):
    """A small card in the corner: the QR, the address and the room code."""

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        h = parent.height()
        side = max(96, int(h * 0.24))
        width = int(side * 1.5)
        height = side + max(36, int(h * 0.075))
        margin = max(8, h // 60)
        self.setGeometry(parent.width() - width - margin, h - height - margin, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.address is None:
            return
        c = theme.colors()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(c.surface))
        painter.setPen(QColor(c.border))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        w, h = self.width(), self.height()
        side = int(w / 1.5)
        self.qr_rect = draw_qr(painter, self._matrix, QRect((w - side) // 2, 2, side, side))
        text_top = side + 2
        line = (h - text_top - 4) // 2
        url = self.address.short_url.removeprefix("http://")
        font = fitted_font(self.font(), url, line - 2, w - 8, QFont.Weight.Bold)
        self._text(painter, QRect(4, text_top, w - 8, line), url, font, c.text, Qt.AlignmentFlag.AlignHCenter)
        code = f"Code {spaced_code(self.address.room_code)}"
        font = fitted_font(self.font(), code, line - 2, w - 8, QFont.Weight.Bold)
        self._text(
            painter, QRect(4, text_top + line, w - 8, line), code, font, c.text, Qt.AlignmentFlag.AlignHCenter
        )
        painter.end()


class SharedScreenJoin(QObject):
    """The slide and the corner over one presenter view: ``set_address`` (None when joining
    stops), ``set_slide_visible``; they follow the view's size."""

    def __init__(self, presenter: PresenterWindow) -> None:
        super().__init__(presenter)
        self.presenter = presenter
        self.slide = JoinSlide(presenter)
        self.corner = JoinCorner(presenter)
        self.slide.hide()
        self.corner.hide()
        self.address: Address | None = None
        self.slide_wanted = False
        presenter.installEventFilter(self)

    def set_address(self, address: Address | None) -> None:
        self.address = address
        self.slide.set_address(address)
        self.corner.set_address(address)
        if address is None:
            self.slide_wanted = False
        self._show()

    def set_slide_visible(self, visible: bool) -> None:
        self.slide_wanted = visible and self.address is not None
        self._show()

    def slide_shown(self) -> bool:
        return self.slide_wanted

    def _show(self) -> None:
        on = self.address is not None
        self.slide.setGeometry(self.presenter.rect())
        self.corner.place()
        self.slide.setVisible(on and self.slide_wanted)
        corner = on and not self.slide_wanted
        self.corner.setVisible(corner)
        # the board and the texts stay clear of the corner
        self.presenter.reserve_right(self.corner.width() + CORNER_GAP if corner else 0)
        for card in (self.slide, self.corner):
            if card.isVisibleTo(self.presenter):
                card.raise_()
                card.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.presenter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._show()
        elif watched is self.presenter and event.type() == QEvent.Type.ChildAdded:
            self._show()  # a board view added later must stay below the cards
        return False
