"""The presenter view for the shared screen: title, countdown, instructions, what is next.

No controls and no private notes. Type is sized from the window height so it reads from the
back of a room; the keyboard shortcuts of run mode work here too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sprintdesk.domain.agenda_run import RunStatus
from sprintdesk.domain.alerts import Alert
from sprintdesk.domain.clock import Clock
from sprintdesk.domain.durations import format_minutes
from sprintdesk.ui import theme
from sprintdesk.ui.countdown import CountdownFace, CountdownRing
from sprintdesk.ui.icons import icon

FLASH_SECONDS = 1.6


class PresenterWindow(QWidget):
    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._clock = clock
        self._flash_until = 0.0
        self._flash_tone = "warning"
        self.setWindowTitle("SprintDesk — Presenter view")
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 24)
        layout.setSpacing(12)
        layout.addWidget(self.position)
        layout.addWidget(self.title)
        layout.addWidget(self.ring, 8)
        layout.addWidget(self.instructions, 2)
        layout.addWidget(self.next_up)
        self._apply_fonts()

    # -- content ---------------------------------------------------------------------------
    def show_status(self, status: RunStatus | None) -> None:
        self.ring.set_face(CountdownFace.from_status(status))
        if status is None:
            self.position.setText("")
            self.title.setText("Nothing on the agenda yet")
            self.instructions.setText("")
            self.next_up.setText("")
            return
        current = status.current
        day = f"Day {current.day_index + 1} · " if status.day_count > 1 else ""
        self.position.setText(f"{day}Item {status.index + 1} of {status.count}")
        self._set(self.title, current.item.title)
        self._set(self.instructions, current.item.instructions.strip())
        if status.next_up is None:
            self._set(self.next_up, "Last item")
        else:
            nxt = status.next_up.item
            self._set(self.next_up, f"Next up:  {nxt.title}  ·  {format_minutes(nxt.duration_minutes)}")
        if self._flash_until:
            self.update()

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    def flash(self, alert: Alert) -> None:
        """A calm, brief colour wash: amber at one minute left, red at time up."""
        self._flash_tone = "overtime" if alert is Alert.TIME_UP else "warning"
        self._flash_until = self._clock.monotonic() + FLASH_SECONDS
        self.update()

    # -- look ------------------------------------------------------------------------------
    def _apply_fonts(self) -> None:
        c = theme.colors()
        unit = max(10, self.height() // 24)
        styles = [
            (self.position, 0.7, QFont.Weight.Normal, c.muted),
            (self.title, 1.9, QFont.Weight.Bold, c.text),
            (self.instructions, 1.05, QFont.Weight.Normal, c.text),
            (self.next_up, 0.9, QFont.Weight.DemiBold, c.muted),
        ]
        for label, scale, weight, color in styles:
            font = QFont(self.font())
            font.setPixelSize(int(unit * scale))
            font.setWeight(weight)
            label.setFont(font)
            label.setStyleSheet(f"color: {color};")
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(c.window))
        self.setPalette(palette)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fonts()

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()  # the run window owns it; closing only hides it
