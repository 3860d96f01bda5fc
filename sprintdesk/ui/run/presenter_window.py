"""The presenter view for the shared screen: title, countdown, instructions, what is next.

No controls and no private notes. Type is sized from the window height so it reads from the
back of a room; the keyboard shortcuts of run mode work here too. With a board shown, a
compact header (title, and the countdown large enough for the back of the room) sits above
the fitted board (ui/run/room_view.py) and the item's instructions stay below it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sprintdesk.domain.agenda_run import RunStatus
from sprintdesk.domain.alerts import Alert
from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.board_geometry.room_fit import RoomFocus
from sprintdesk.domain.clock import Clock
from sprintdesk.domain.durations import format_minutes
from sprintdesk.ui.run.countdown import CountdownFace, CountdownRing, _tabular_digits
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.icons import icon

if TYPE_CHECKING:
    from sprintdesk.ui.board.look import BoardLook
    from sprintdesk.ui.board.scene import BoardScene
    from sprintdesk.ui.run.room_view import RoomView

FLASH_SECONDS = 1.6
# (font size in units of height/24, share of the height): the title alone, and over a board
TITLE_FIT = (1.9, 0.2)
HEADER_TITLE_FIT = (1.1, 0.1)
INSTRUCTIONS_FIT = (1.05, 0.2)
INSTRUCTIONS_FIT_UNDER_BOARD = (0.85, 0.15)
CLOCK_SHARE = 0.085  # the countdown over a board: font size as a share of the window height
MARGINS = (48, 20, 48, 24)
MARGINS_WITH_BOARD = (24, 10, 24, 12)


def fit_font(label: QLabel, base_px: int, min_px: int, width: int, height: int) -> None:
    """The largest font from ``base_px`` down to ``min_px`` at which the label's wrapped text
    fits ``width`` x ``height``; at ``min_px`` it is cut by the label's own bounds."""
    font = QFont(label.font())
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
    size = base_px
    while True:
        font.setPixelSize(size)
        needed = QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 100_000), flags, label.text())
        if needed.height() <= height or size <= min_px:
            break
        size = max(min_px, int(size * 0.9))
    label.setFont(font)


class PresenterWindow(QWidget):
    sig_hidden = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._clock = clock
        self._flash_until = 0.0
        self._flash_tone = "warning"
        self.setWindowTitle("Presenter view")
        self.setWindowIcon(icon("sprintdesk"))
        self.setObjectName("presenter")
        self.setAutoFillBackground(True)
        # Keys typed here drive the run too; showing it must not steal the facilitator's focus.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setMinimumSize(480, 320)
        self.resize(1280, 720)

        self.position = QLabel()
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.ring = CountdownRing()
        self.instructions = QLabel()
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instructions.setWordWrap(True)
        self.instructions.setTextFormat(Qt.TextFormat.PlainText)
        self.next_up = QLabel()
        self.next_up.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_up.setWordWrap(True)

        # over a board: the title at the left, the countdown large at the right
        self.header = QWidget()
        self.header_title = QLabel()
        self.header_title.setWordWrap(True)
        self.header_title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.compact = QLabel()  # the countdown
        self.compact.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self.header)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self.header_title, 1)
        row.addWidget(self.caption)
        row.addWidget(self.compact)
        self.header.hide()
        self.board_view: RoomView | None = None
        self.board_scene: BoardScene | None = None
        self._board_name = ""
        self._reserved_right = 0  # pixels at the right kept free (reserve_right)

        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.setSpacing(12)
        layout.addWidget(self.position)
        layout.addWidget(self.header)
        layout.addWidget(self.title)
        layout.addWidget(self.ring, 8)
        layout.addWidget(self.instructions, 2)
        layout.addWidget(self.next_up)
        # label -> (font size in units of height/24, share of the height it may take)
        self._fitted = {
            self.title: TITLE_FIT,
            self.instructions: INSTRUCTIONS_FIT,
            self.header_title: HEADER_TITLE_FIT,
        }
        self._apply_fonts()

    # -- content ---------------------------------------------------------------------------
    def show_status(self, status: RunStatus | None) -> None:
        face = CountdownFace.from_status(status)
        self.ring.set_face(face)
        self._set(self.compact, face.text if status else "")
        self._set(self.caption, face.caption if status else "")
        color = f"color: {self.ring.tone_color().name()};"
        if self.compact.styleSheet() != color:  # re-polishing is costly: only on a change
            self.compact.setStyleSheet(color)
        if status is None:
            self.position.setText("")
            self.title.setText("Nothing on the agenda yet")
            self._set(self.header_title, "")
            self._set(self.instructions, "")
            self.next_up.setText("")
            return
        current = status.current
        day = f"Day {current.day_index + 1} · " if status.day_count > 1 else ""
        self.position.setText(f"{day}Item {status.index + 1} of {status.count}")
        self._set(self.title, current.item.title)
        self._set(self.header_title, current.item.title)
        self._set(self.instructions, current.item.instructions.strip())
        self._show_instructions()
        if status.next_up is None:
            self._set(self.next_up, "Last item")
        else:
            nxt = status.next_up.item
            self._set(self.next_up, f"Next up:  {nxt.title}  ·  {format_minutes(nxt.duration_minutes)}")
        if self._flash_until:
            self.update()

    def _set(self, label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
            if label in self._fitted:
                self._fit(label)

    def _fit(self, label: QLabel) -> None:
        base_scale, height_share = self._fitted[label]
        unit = self._unit()
        width = self.width() - 2 * 48
        fit_font(
            label, int(unit * base_scale), max(12, int(unit * 0.55)), width, int(self.height() * height_share)
        )
        label.setMaximumHeight(int(self.height() * height_share))

    def flash(self, alert: Alert) -> None:
        """A calm, brief colour wash: amber at one minute left, red at time up."""
        self._flash_tone = "overtime" if alert is Alert.TIME_UP else "warning"
        self._flash_until = self._clock.monotonic() + FLASH_SECONDS
        self.update()

    # -- the board on the shared screen -------------------------------------------------------
    def show_board(
        self,
        content: BoardContent | None,
        look: BoardLook | None = None,
        changed: frozenset[int] | None = None,
    ) -> None:
        """Show a board (clean: no selection, covered notes covered, votes once revealed)
        under a compact header with the countdown, or go back to the countdown view with None."""
        from sprintdesk.ui.board.scene import BoardScene
        from sprintdesk.ui.run.room_view import RoomView

        if content is None:
            if self.board_view is not None:
                self.board_view.hide()
            self._board_layout(False)
            return
        if self.board_view is None:
            self.board_scene = BoardScene(self)
            self.board_view = RoomView(self.board_scene)
            self.column.insertWidget(3, self.board_view, 8)
        assert self.board_scene is not None
        shown = self.board_scene.content
        other_board = shown is None or shown.board.id != content.board.id or not self.board_view.isVisible()
        self.board_scene.show(content, look, changed)
        self._board_layout(True)
        self.board_view.show()
        self._board_name = content.board.name
        if other_board:
            self.board_view.new_board()
        else:
            self.board_view.content_changed()

    def _board_layout(self, board: bool) -> None:
        for widget in (self.ring, self.title, self.next_up, self.position):
            widget.setVisible(not board)
        self.header.setVisible(board)
        self._margins(board)
        self.column.setSpacing(8 if board else 12)
        self.column.setStretchFactor(self.instructions, 0 if board else 2)
        self._fitted[self.instructions] = INSTRUCTIONS_FIT_UNDER_BOARD if board else INSTRUCTIONS_FIT
        self._fit(self.instructions)
        self._fit(self.header_title)
        self._show_instructions()
        self._relayout()

    def reserve_right(self, pixels: int) -> None:
        """Keep a strip at the right free (the join code's corner): nothing is drawn under it."""
        if pixels != self._reserved_right:
            self._reserved_right = pixels
            self._margins(self.showing_board())
            self._relayout()

    def _margins(self, board: bool) -> None:
        left, top, right, bottom = MARGINS_WITH_BOARD if board else MARGINS
        self.column.setContentsMargins(left, top, right + self._reserved_right, bottom)

    def _relayout(self) -> None:
        """Laid out for the new type sizes now, not an event later: the board is fitted once,
        at its real size."""
        header = self.header.layout()
        if header is not None:
            header.invalidate()
            header.activate()
        self.header.updateGeometry()
        self.column.invalidate()
        self.column.activate()

    def _show_instructions(self) -> None:
        """Under a board an item without instructions gives the board their place."""
        board = self.board_view is not None and self.board_view.isVisibleTo(self)
        self.instructions.setVisible(not board or bool(self.instructions.text()))

    def showing_board(self) -> bool:
        return self.board_view is not None and not self.board_view.isHidden()

    def focus_room(self, focus: RoomFocus) -> None:
        """The facilitator points the room at a cluster, a region or the whole board."""
        if self.board_view is not None:
            self.board_view.set_focus(focus)

    # -- look ------------------------------------------------------------------------------
    def _unit(self) -> int:
        return max(10, self.height() // 24)

    def _apply_fonts(self) -> None:
        c = theme.colors()
        unit = self._unit()
        styles = [
            (self.position, 0.7, QFont.Weight.Normal, c.muted),
            (self.title, 1.9, QFont.Weight.Bold, c.text),
            (self.instructions, 1.05, QFont.Weight.Normal, c.text),
            (self.next_up, 0.9, QFont.Weight.DemiBold, c.muted),
            (self.header_title, 1.1, QFont.Weight.Bold, c.text),
            (self.caption, 0.75, QFont.Weight.DemiBold, c.muted),
        ]
        for label, scale, weight, color in styles:
            font = QFont(self.font())
            font.setPixelSize(int(unit * scale))
            font.setWeight(weight)
            label.setFont(font)
            label.setStyleSheet(f"color: {color};")
        clock = QFont(self.font())
        clock.setPixelSize(max(24, int(self.height() * CLOCK_SHARE)))
        clock.setWeight(QFont.Weight.Bold)
        _tabular_digits(clock)
        self.compact.setFont(clock)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(c.window))
        self.setPalette(palette)
        self.ring.setMinimumHeight(int(self.height() * 0.42))  # the countdown never gets squeezed
        for label in self._fitted:
            self._fit(label)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fonts()
        self._relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        left = self._flash_until - self._clock.monotonic()
        if left <= 0:
            self._flash_until = 0.0
            return
        c = theme.colors()
        color = QColor(c.late if self._flash_tone == "overtime" else c.warn)
        color.setAlphaF(0.28 * min(1.0, left / FLASH_SECONDS))
        painter = QPainter(self)
        painter.fillRect(self.rect(), color)
        painter.end()

    # -- window ----------------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and not self.hasFocus():
            self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # keys work without a click

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.sig_hidden.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()  # the run window owns it; closing only hides it
