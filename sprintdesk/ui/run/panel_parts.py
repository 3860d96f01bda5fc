"""The pieces run mode is built from, each made by one function: the status strip, the
current item's heading, the timer controls, the shared-screen row, the item's texts, the
board page (a linked board with a compact countdown) and the error banner. ``RunPanel``
assembles them; tests and the presenter reach the widgets through the panel."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import BoardView
from sprintdesk.ui.shared.icons import icon

BANNER_MS = 8000
TOGGLE_LABELS = ("Start", "Pause", "Resume")  # what the start/pause button says, in turn


def action_button(action: QAction, *, primary: bool = False) -> QToolButton:
    """A tool button for an action; never takes focus, so the run keys keep working."""
    button = QToolButton()
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    if primary:
        button.setProperty("primary", True)
    button.setDefaultAction(action)
    return button


def read_only_text(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    box.setPlaceholderText(placeholder)
    return box


def titled(title: str, body: QWidget) -> QFrame:
    frame = QFrame()
    box = QVBoxLayout(frame)
    box.setContentsMargins(0, 0, 0, 0)
    label = QLabel(title)
    label.setProperty("role", "muted")
    box.addWidget(label)
    box.addWidget(body)
    body.setMaximumHeight(120)
    return frame


def scaled_bold(label: QLabel, factor: float) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(True)
    label.setFont(font)
    return label


@dataclasses.dataclass
class StatusStrip:
    """The day, its elapsed time and the projected end, above everything."""

    day_label: QLabel
    day_elapsed: QLabel
    projection: QLabel
    row: QHBoxLayout


def status_strip() -> StatusStrip:
    day_label, day_elapsed, projection = QLabel(), QLabel(), QLabel()
    day_label.setProperty("role", "heading")
    projection.setObjectName("projection")
    row = QHBoxLayout()
    row.addWidget(day_label)
    row.addStretch(1)
    row.addWidget(day_elapsed)
    row.addSpacing(24)
    row.addWidget(projection)
    return StatusStrip(day_label, day_elapsed, projection, row)


def timer_controls(actions: dict[str, QAction]) -> tuple[QHBoxLayout, QToolButton]:
    """Previous, start/pause, next, the time changes and mute; and the start/pause button."""
    toggle = action_button(actions["toggle"], primary=True)
    fixed_to_widest(toggle, TOGGLE_LABELS)  # Start, Pause and Resume: the buttons stay put
    controls = QHBoxLayout()
    controls.addStretch(1)
    for widget in (action_button(actions["previous"]), toggle, action_button(actions["next"])):
        controls.addWidget(widget)
    controls.addSpacing(16)
    for key in ("minus1", "plus1", "plus5", "restart"):
        controls.addWidget(action_button(actions[key]))
    controls.addSpacing(16)
    mute = action_button(actions["mute"])
    mute.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    show_mute_state(actions["mute"])
    controls.addWidget(mute)
    controls.addStretch(1)
    return controls, toggle


def fixed_to_widest(button: QToolButton, labels: tuple[str, ...]) -> None:
    """Give a button whose action changes its label the width of the widest label, so that
    the buttons beside it keep their places (the icons are all the same size)."""
    action = button.defaultAction()
    shown = action.text()
    button.ensurePolished()  # the theme's padding and font count
    widths = []
    for label in labels:
        action.setText(label)
        widths.append(button.sizeHint().width())
    action.setText(shown)
    button.setFixedWidth(max(widths))


def show_mute_state(mute: QAction) -> None:
    """The mute action shows what it is: a bell while chimes sound, a struck bell when muted."""

    def show(muted: bool) -> None:
        mute.setIcon(icon("bell-off" if muted else "bell"))
        mute.setText("Unmute chimes" if muted else "Mute chimes")
        mute.setToolTip("Chimes are muted: unmute  (M)" if muted else "Mute chimes  (M)")

    mute.toggled.connect(show)
    show(mute.isChecked())


def presenter_row(choice: QWidget, button: QWidget, actions: dict[str, QAction]) -> QHBoxLayout:
    """Which screen the room sees, show / hide it, full screen, and the shortcuts panel."""
    row = QHBoxLayout()
    row.addWidget(QLabel("Shared screen:"))
    row.addWidget(choice, 1)
    row.addWidget(button)
    row.addWidget(action_button(actions["fullscreen"]))
    help_button = action_button(actions["help"])
    help_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    row.addWidget(help_button)
    return row


@dataclasses.dataclass
class BoardPage:
    """A board linked to the current item: a compact countdown above it, and a button to go
    and work on it."""

    page: QWidget
    compact: QLabel
    scene: BoardScene
    view: BoardView
    open_board: QPushButton


def board_page(owner: QWidget) -> BoardPage:
    compact = scaled_bold(QLabel(), 2.4)
    compact.setAlignment(Qt.AlignmentFlag.AlignCenter)
    compact.hide()
    scene = BoardScene(owner)
    view = BoardView(scene, presenter=True)
    open_board = QPushButton("Work on this board")
    open_board.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(compact)
    box.addWidget(view, 1)
    box.addWidget(open_board, alignment=Qt.AlignmentFlag.AlignRight)
    return BoardPage(page, compact, scene, view, open_board)


def error_banner(owner: QWidget) -> tuple[QLabel, QTimer]:
    """Problems are said here, never in a modal box the room would see on a mirrored screen;
    the timer hides the banner again."""
    banner = QLabel()
    banner.setWordWrap(True)
    banner.setProperty("role", "error")
    banner.hide()
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(BANNER_MS)
    timer.timeout.connect(banner.hide)
    return banner, timer
