"""What the library shows while it has no workshops: three ways in, each a large button
with a sentence saying what it does (start from a template, open a sample workshop, import a
workshop file). The buttons are in the tab order and have mnemonics (Alt+T, Alt+S, Alt+I);
each sentence is also the button's accessible description, so a screen reader says it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from sprintdesk.ui.shared.icons import icon

# key, button text (with its mnemonic), icon, the sentence beside it
WAYS_IN = (
    (
        "template",
        "Start from a &template",
        "agenda",
        "Pick a proven format (design sprint, retrospective, kick-off…) with its agenda and "
        "boards ready, then change what you need.",
    ),
    (
        "sample",
        "Open a &sample workshop",
        "open",
        "Look around a finished checkout-redesign sprint: a clustered, voted board, decisions, "
        "action items and a follow-up. It is a workshop of its own; delete it when you are done.",
    ),
    (
        "import",
        "&Import a workshop file",
        "duplicate",
        "Bring in a workshop someone exported from SprintDesk on another computer "
        "(a .json workshop file), with its agenda, boards and outcomes.",
    ),
)
OPENING = "Opening the database…"
MAX_WIDTH = 900
WELCOME = "No workshops yet. Choose a way in:"


class FirstRunPanel(QWidget):
    """Emits ``sig_chosen`` with "template", "sample" or "import"."""

    sig_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(OPENING)
        self.message.setProperty("role", "heading")
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        self.sentences: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        for row, (key, text, icon_name, sentence) in enumerate(WAYS_IN):
            button = QPushButton(icon(icon_name), text)
            button.setIconSize(QSize(24, 24))
            button.setMinimumSize(QSize(260, 52))
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(text.replace("&", ""))
            button.setAccessibleDescription(sentence)
            button.setAutoDefault(True)  # Enter presses the focused one
            button.setEnabled(False)  # until the database is open
            button.clicked.connect(lambda _checked=False, chosen=key: self.sig_chosen.emit(chosen))
            label = QLabel(sentence)
            label.setWordWrap(True)
            label.setProperty("role", "muted")
            label.setMinimumWidth(320)
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1, Qt.AlignmentFlag.AlignVCenter)
            self.buttons[key], self.sentences[key] = button, label
        grid.setColumnStretch(1, 1)
        column = QWidget()  # readable lines on a wide window
        column.setMaximumWidth(MAX_WIDTH)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.message)
        inner.addSpacing(8)
        inner.addLayout(grid)
        centred = QHBoxLayout()  # as wide as it may be
        centred.addStretch(1)
        centred.addWidget(column, 100)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)
        for first, second in zip(self.buttons.values(), list(self.buttons.values())[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def ready(self, sample: bool) -> None:
        """The database is open: the ways in work (the sample only where it can be made)."""
        self.message.setText(WELCOME)
        for key, button in self.buttons.items():
            button.setEnabled(sample or key != "sample")

    def text(self) -> str:
        return self.message.text()
