"""Window sizes that fit the screen a window opens on (a 1280 x 720 projector laptop, a
1366 x 768 laptop, a 4K monitor): the preferred size, capped by the screen's available
geometry (without task bars and docks), and centred on that screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 40)  # room left for the window manager's frame and title bar


def opening_screen(window: QWidget) -> QScreen | None:
    """The screen a new window opens on: its parent's, else the one under the mouse (where the
    person is working), else the primary one."""
    parent = window.parentWidget()
    if parent is not None and parent.screen() is not None:
        return parent.screen()
    return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def fitted_rect(available: QRect, preferred: QSize) -> QRect:
    """``preferred`` (the client area), capped to ``available`` less the frame, centred in it."""
    width = max(1, min(preferred.width(), available.width() - FRAME.width()))
    height = max(1, min(preferred.height(), available.height() - FRAME.height()))
    left = available.x() + (available.width() - width) // 2
    top = available.y() + max(0, (available.height() - height - FRAME.height()) // 2) + FRAME.height() // 2
    return QRect(QPoint(left, top), QSize(width, height))


def fit_to_screen(window: QWidget, preferred: QSize, screen: QScreen | None = None) -> QRect:
    """Size and centre a window that has no remembered geometry on the screen it opens on."""
    screen = screen or opening_screen(window)
    if screen is None:
        window.resize(preferred)
        return QRect(QPoint(0, 0), preferred)
    rect = fitted_rect(screen.availableGeometry(), preferred)
    window.setGeometry(rect)
    return rect
