"""The countdown ring: progress arc and a large time reading, scaled to its size.

It paints what it is given (a CountdownFace); the time itself is computed by the domain
timer from the clock, never counted here.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sprintdesk.domain.agenda_run import RunStatus
from sprintdesk.domain.durations import format_clock
from sprintdesk.domain.timer import TimerState
from sprintdesk.ui.shared import theme


@dataclass(frozen=True)
class CountdownFace:
    text: str = "--:--"
    caption: str = ""
    progress: float = 0.0
    tone: str = "normal"  # normal | warning | overtime | idle

    @classmethod
    def from_status(cls, status: RunStatus | None) -> CountdownFace:
        if status is None:
            return cls(text="--:--", caption="no items", tone="idle")
        if status.overtime:
            tone, caption = "overtime", "over time"
        elif status.warning:
            tone, caption = "warning", "last minute"
        else:
            tone, caption = "normal", "remaining"
        if status.state is TimerState.PAUSED:
            caption = "paused · " + caption
        elif status.state is TimerState.READY:
            caption, tone = "ready", "idle" if tone == "normal" else tone
        return cls(
            text=format_clock(status.remaining),
            caption=caption,
            progress=status.progress,
            tone=tone,
        )


def _tabular_digits(font: QFont) -> None:
    """Equal-width digits, so the reading does not wobble every second (Qt 6.7+)."""
    with contextlib.suppress(AttributeError, TypeError):
        font.setFeature(QFont.Tag("tnum"), 1)


class CountdownRing(QWidget):
    def __init__(self, parent: QWidget | None = None, *, ring: bool = True) -> None:
        super().__init__(parent)
        self._face = CountdownFace()
        self._ring = ring
        self.colors_of = theme.colors  # the presenter view's ring: theme.presenter_colors
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._say_time()

    @property
    def face(self) -> CountdownFace:
        return self._face

    def set_face(self, face: CountdownFace) -> None:
        if face != self._face:
            self._face = face
            self._say_time()
            self.update()

    def _say_time(self) -> None:
        """The reading as text for screen readers ("Countdown: 14:59 remaining"): the ring
        is painted, so it has no text of its own."""
        self.setAccessibleName(f"Countdown: {self._face.text} {self._face.caption}".strip())

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def tone_color(self) -> QColor:
        c = self.colors_of()
        return QColor({"warning": c.warn, "overtime": c.late, "idle": c.muted}.get(self._face.tone, c.accent))

    def paintEvent(self, event: QPaintEvent) -> None:
        c = self.colors_of()
        side = min(self.width(), self.height())
        pen_width = max(6.0, side * 0.045)
        square = QRectF(
            (self.width() - side) / 2 + pen_width,
            (self.height() - side) / 2 + pen_width,
            side - 2 * pen_width,
            side - 2 * pen_width,
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tone = self.tone_color()
        if self._ring:
            painter.setPen(QPen(QColor(c.track), pen_width))
            painter.drawEllipse(square)
            fraction = 1.0 if self._face.tone == "overtime" else self._face.progress
            span = -round(360 * 16 * fraction)
            if span:
                pen = QPen(tone, pen_width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawArc(square, 90 * 16, span)
        text_box = square.adjusted(side * 0.1, side * 0.18, -side * 0.1, -side * 0.3)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        _tabular_digits(font)
        font.setPixelSize(max(12, int(side * 0.25)))
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(self._face.text)
        if width > text_box.width():
            font.setPixelSize(max(10, int(font.pixelSize() * text_box.width() / width)))
        painter.setFont(font)
        painter.setPen(tone if self._face.tone in ("warning", "overtime") else QColor(c.text))
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, self._face.text)
        caption = QFont(self.font())
        caption.setPixelSize(max(10, int(side * 0.055)))
        painter.setFont(caption)
        painter.setPen(QColor(c.muted) if self._face.tone != "overtime" else tone)
        caption_box = QRectF(square.left(), text_box.bottom(), square.width(), side * 0.12)
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(caption_box, align, self._face.caption)
        painter.end()


def chip_text(status: object) -> str:
    """The countdown in a line ("⏱ 04:12 · Silent writing"), for a corner of another screen;
    empty when nothing runs."""
    from sprintdesk.domain.agenda_run import RunStatus
    from sprintdesk.domain.timer import TimerState

    if not isinstance(status, RunStatus) or status.state is TimerState.READY:
        return ""
    face = CountdownFace.from_status(status)
    return f"⏱ {face.text} · {status.current.item.title}"
