"""The rows the board panel is built from, each made by one function: the board's tools
(group, tidy, zoom ...), the entry row (quick entry, colours, author, colour-by) and the side
column (votes and the minimap). ``BoardPanel`` assembles them and wires them up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QScrollArea, QToolBar, QVBoxLayout, QWidget

from sprintdesk.ui.board.room_focus import SHORTCUTS as ROOM_KEYS
from sprintdesk.ui.shared.accessible import label_choice
from sprintdesk.ui.shared.icons import icon

# key, label, icon, shortcut; zoom in and out have keys but no button
TOOLS = (
    ("group", "Group", "add", "Ctrl+G"),
    ("ungroup", "Ungroup", "minus", "Ctrl+Shift+G"),
    ("arrange", "Arrange", "agenda", ""),
    ("tidy", "Tidy board", "details", ""),
    ("collapse", "Collapse", "up", ""),
    ("fit", "Fit all", "fullscreen", "Ctrl+0"),
    ("actual", "100 %", "search", "Ctrl+1"),
    ("zoom_in", "Zoom in", "plus", "Ctrl++"),
    ("zoom_out", "Zoom out", "minus", "Ctrl+-"),
)
# The board's keys that are not actions (the view and the vote handle them), for the "?" panel.
BOARD_KEYS = (
    ("Enter", "Add the typed note (in the note field)"),
    ("Arrows", "Nudge the selected notes (Shift: further)"),
    ("Del", "Delete the selected notes, or ungroup the selected cluster"),
    ("Enter  or  F2", "Edit the selected note"),
    ("Space + drag", "Pan the board"),
    ("Alt+1 … Alt+8", "Colour of new or selected notes"),
    ("1 … 9", "Pick who is voting (during a vote)"),
    ("V  or  Shift+V", "Give or take back a dot on the selected notes"),
    ("Ctrl+wheel  or  pinch", "Zoom (the wheel alone scrolls)"),
    *ROOM_KEYS,  # pointing the shared screen at a cluster or region (ui/board/room_focus.py)
)
NATIVE = QKeySequence.SequenceFormat.NativeText
COLOUR_MODES = (("Colour: as written", "note"), ("Colour by author", "author"), ("Colour by role", "role"))


def board_tools(
    owner: QWidget, slots: dict[str, Callable[[], object]]
) -> tuple[QToolBar, dict[str, QAction]]:
    """The tool bar and its actions (added to ``owner``, so their keys work anywhere in it)."""
    actions: dict[str, QAction] = {}
    bar = QToolBar()
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)  # names in the tooltips
    bar.setIconSize(QSize(18, 18))
    for key, text, icon_name, shortcut in TOOLS:
        action = QAction(icon(icon_name), text, owner)
        if shortcut:
            keys = [QKeySequence(shortcut)] + ([QKeySequence("Ctrl+=")] if key == "zoom_in" else [])
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text} ({QKeySequence(shortcut).toString(NATIVE)})")
        action.triggered.connect(slots[key])
        owner.addAction(action)
        actions[key] = action
        if key not in ("zoom_in", "zoom_out"):
            bar.addAction(action)
    return bar, actions


def author_choice() -> QComboBox:
    author = QComboBox()
    label_choice(author, "Author of new notes")
    author.setToolTip("Who wrote the notes typed here (shown small on each note)")
    return author


def colour_by_choice() -> QComboBox:
    choice = QComboBox()
    label_choice(choice, "Colour notes by")
    for label, mode in COLOUR_MODES:
        choice.addItem(label, mode)
    choice.setToolTip("Show who wrote what: colour the notes by author or by role")
    return choice


def entry_row(*widgets: QWidget) -> QHBoxLayout:
    """Quick entry (stretching), then the colour palette, author and colour-by choices."""
    row = QHBoxLayout()
    first, *rest = widgets
    row.addWidget(first, 1)
    for widget in rest:
        row.addWidget(widget)
    return row


def side_column(*widgets: QWidget) -> QScrollArea:
    """Votes above the minimap; a small screen scrolls the side column, not the window."""
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        column.addWidget(widget, 1 if index == 0 else 0)
    inner = QWidget()
    inner.setLayout(column)
    scroll = QScrollArea()
    scroll.setWidget(inner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its controls, not to an unnamed frame
    scroll.setMinimumWidth(260)
    return scroll
