"""Names for screen readers. A screen reader (Orca, through AT-SPI) says a control's
accessible name; a placeholder, a tooltip or a label beside it in a layout are not names
(Qt uses a label only when it is the control's buddy). tests/ui/test_screen_reader.py walks
the accessibility tree and fails on an interactive control without a meaningful name."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

W = TypeVar("W", bound=QWidget)
CLEAR_ACTION = "_q_qlineeditclearaction"  # the action behind QLineEdit's clear button


def named(widget: W, name: str, description: str = "") -> W:
    """``widget`` with its accessible name (and description, what the tooltip says)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def name_field(edit: QLineEdit, name: str) -> QLineEdit:
    """A line edit's name, and names for the buttons inside it: its clear button ("Clear")
    and icon actions, which show as unnamed push buttons otherwise. Call it after
    ``setClearButtonEnabled``."""
    edit.setAccessibleName(name)
    for action in edit.actions():
        if not action.text():
            action.setText(name)
    clear = edit.findChild(QAction, CLEAR_ACTION)
    if clear is not None and not clear.text():
        clear.setText(f"Clear {name.lower()}")
    return edit


class _LabelFollowsParent(QObject):
    """Keeps a hidden label beside its control when the control moves to another parent
    (Qt finds a buddy label among the control's siblings)."""

    def __init__(self, control: QWidget, label: QLabel) -> None:
        super().__init__(control)
        self._label = label
        control.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and isinstance(watched, QWidget):
            self._label.setParent(watched.parentWidget())
            self._label.hide()
        return False


def label_choice(combo: QComboBox, name: str) -> QComboBox:
    """A combo box's label for screen readers. Qt names a combo box by its current item and
    ignores ``setAccessibleName``; what a reader says first is its label (AT-SPI's
    "labelled by", from a buddy QLabel). Combo boxes with no visible label get a hidden one."""
    combo.setAccessibleName(name)  # where Qt uses it (an editable combo box, the tests)
    label = QLabel(name, combo.parentWidget() or combo)  # goes with the combo box until placed
    label.setBuddy(combo)
    label.hide()
    combo.setProperty("hidden_label", name)
    _LabelFollowsParent(combo, label)
    return combo
