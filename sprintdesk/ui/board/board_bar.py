"""The row of controls above a board: which board, new / rename / delete, import notes,
structure, private writing, and showing the board on the shared screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from sprintdesk.domain.board import BoardContent
from sprintdesk.services.boards import BoardService
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.ui.shared.accessible import label_choice
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.service_runner import ServiceRunner

if TYPE_CHECKING:
    from sprintdesk.ui.board.actions import BoardActions


class BoardBar(QObject):
    """The board controls above the board: the choice of board and its menu (``row``), private
    writing and sharing (``end``, placed at the end of the tools row). It gets what
    it acts on through its constructor: the board's actions (undo stack, private writing) and
    the panel's status line; the panel listens to ``sig_share_toggled``."""

    sig_board_selected = Signal(object)  # board id or None
    sig_visible_rect = Signal(QRectF)  # what the facilitator looks at (the shared screen follows)
    sig_share_toggled = Signal(bool)  # show the board on the shared screen, or stop

    def __init__(
        self,
        owner: QWidget,
        boards: BoardService,
        importer: NoteImportService,
        hub: ChangeHub,
        actions: BoardActions,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(owner)
        self._owner, self._boards, self._importer, self._hub = owner, boards, importer, hub
        self._actions, self._say = actions, say
        self.calls = ServiceRunner(hub, self._tell, owner)
        self.workshop_id = 0
        self.sharing = False
        self.choice = QComboBox()
        label_choice(self.choice, "Board shown")
        self.choice.setMinimumWidth(200)
        # Room for a name like "Sprint retro, day 2 (120 notes)"; longer ones elide, with a tooltip.
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(24)
        self.choice.setToolTip("Boards of this workshop")
        self.choice.currentIndexChanged.connect(self._chosen)
        self.row = QHBoxLayout()
        self.row.addWidget(self.choice)
        # Rarely used, so in a menu beside the choice: the board row stays one compact row.
        self.buttons: dict[str, QAction] = {}
        board_menu = QMenu(owner)
        for key, text, icon_name, slot in (
            ("new", "New board…", "add", self.new_board),
            ("rename", "Rename board…", "rename", self.rename_board),
            ("delete", "Delete board…", "delete", self.delete_board),
            ("import", "Import notes…", "open", self.import_notes),
            ("structure", "Structure…", "structure", self.edit_structure),
        ):
            action = QAction(icon(icon_name), text, owner)
            action.triggered.connect(slot)
            board_menu.addAction(action)
            self.buttons[key] = action
        self.board_menu = board_menu
        self.board_button = QToolButton()
        self.board_button.setText("Board")
        self.board_button.setIcon(icon("details"))
        self.board_button.setToolTip("New, rename, delete, import notes, structure")
        self.board_button.setMenu(board_menu)
        self.board_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.board_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.row.addWidget(self.board_button)
        self.end = QHBoxLayout()  # private writing and sharing, at the end of the tools row
        self.private = QToolButton()
        self.private.setText("Private writing")
        self.private.setCheckable(True)
        self.private.setToolTip("New notes stay covered on the shared screen until you reveal them")
        self.private.toggled.connect(self._private_toggled)
        self.reveal_notes = QPushButton("Reveal notes")
        self.reveal_notes.clicked.connect(self._reveal_notes)
        self.share = QToolButton()
        self.share.setIcon(icon("presenter"))
        self.share.setText("Share")
        self.share.setToolTip("Show this board on the shared screen")
        self.share.setCheckable(True)
        self.share.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.share.toggled.connect(self._share_toggled)
        for widget in (self.private, self.reveal_notes, self.share):
            self.end.addWidget(widget)

    # -- boards ----------------------------------------------------------------------------
    def set_workshop(self, workshop_id: int) -> None:
        if workshop_id != self.workshop_id:
            self.workshop_id = workshop_id
            self.refresh()

    def current(self) -> int | None:
        data = self.choice.currentData()
        return int(data) if data is not None else None

    def refresh(self, select: int | None = None) -> None:
        wanted = select if select is not None else self.current()
        summaries = self._boards.boards_of(self.workshop_id) if self.workshop_id else []
        self.choice.blockSignals(True)
        self.choice.clear()
        for summary in summaries:
            count = summary.note_count
            self.choice.addItem(
                f"{summary.board.name}  ({count} note{'s' if count != 1 else ''})", summary.board.id
            )
        if not summaries:
            self.choice.addItem("No boards yet: create one", None)
        index = self.choice.findData(wanted) if wanted is not None else -1
        self.choice.setCurrentIndex(index if index >= 0 else 0)
        self.choice.blockSignals(False)
        for key in ("rename", "delete", "import", "structure"):
            self.buttons[key].setEnabled(bool(summaries) or key == "import")
        self.sig_board_selected.emit(self.current())

    def show_count(self, count: int) -> None:
        """Keep "Name  (N notes)" in the board list true as notes come and go."""
        index = self.choice.currentIndex()
        if index < 0 or self.choice.itemData(index) is None:
            return
        name = self.choice.itemText(index).rsplit("  (", 1)[0]
        self.choice.setItemText(index, f"{name}  ({count} note{'s' if count != 1 else ''})")

    def _chosen(self, _index: int) -> None:
        self.sig_board_selected.emit(self.current())

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self._owner, title, label, text=text)
        return value if ok else None

    def _tell(self, message: str) -> None:
        QMessageBox.information(self._owner, "SprintDesk", message)

    def new_board(self) -> None:
        name = self._ask("New board", "Name of the board (e.g. How might we):")
        if name is None:
            return
        result = self.calls.run(lambda: self._boards.create(self.workshop_id, name))
        if result is not None:
            self.refresh(select=result[0])

    def rename_board(self) -> None:
        board_id = self.current()
        if board_id is None:
            return
        current = self.choice.currentText().rsplit("  (", 1)[0]
        name = self._ask("Rename board", "New name:", current)
        if name is not None and name != current:
            self.calls.run(lambda: self._boards.rename(board_id, name))

    def delete_board(self) -> None:
        board_id = self.current()
        if board_id is None:
            return
        name = self.choice.currentText()
        answer = QMessageBox.question(
            self._owner,
            "Delete board",
            f"Delete the board “{name}” with all its notes, clusters and votes? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.calls.run(lambda: self._boards.delete(board_id))

    def edit_structure(self) -> None:
        """Columns, lanes, quadrants or a 2x2 grid behind the notes (one undo step)."""
        from sprintdesk.ui.board.structure_editor import StructureEditor

        board_id = self.current()
        if board_id is not None:
            stack = self._actions.stack
            self.structures = StructureEditor(self._owner, self._boards, stack, self._hub.publish, self._say)
            self.structures.open(board_id)

    def import_notes(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self._owner, "Import notes", str(Path.home()), "Notes (*.txt *.csv);;All files (*)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """All or nothing: a bad line is named and nothing is imported."""
        from sprintdesk.services.errors import ValidationError
        from sprintdesk.services.note_import import read_note_file

        board_id = self.current()
        board_name = None
        if board_id is not None:
            board_name = self.choice.currentText().rsplit("  (", 1)[0]

        def refused(message: str) -> None:
            text = f"{path.name}: {message}\n\nNothing was imported."
            QMessageBox.warning(self._owner, "Import notes", text)

        try:
            data = read_note_file(path)  # no further than the 10 MB limit
        except OSError as error:
            QMessageBox.warning(self._owner, "Import notes", f"Cannot read {path.name}: {error.strerror}.")
            return
        except ValidationError as error:
            refused(str(error))
            return
        importing = ServiceRunner(self._hub, refused, self._owner)
        workshop_id = self.workshop_id
        result = importing.run(lambda: self._importer.import_file(workshop_id, path.name, data, board_name))
        if result is None:
            return
        self.refresh(select=result.board_id)
        self._say(f"Imported {result.count} notes from {path.name} into “{result.board_name}”.")

    # -- private writing and sharing -------------------------------------------------------
    def show_private_writing(self, content: BoardContent | None) -> None:
        self.private.blockSignals(True)
        self.private.setChecked(bool(content and content.board.private_writing))
        self.private.blockSignals(False)
        covered = sum(1 for n in content.notes if n.covered) if content else 0
        self.reveal_notes.setVisible(covered > 0)
        self.reveal_notes.setText(f"Reveal {covered} covered note{'s' if covered != 1 else ''}")

    def _private_toggled(self, enabled: bool) -> None:
        if self.current() is not None:
            self._actions.set_private_writing(enabled)

    def _reveal_notes(self) -> None:
        board_id = self.current()
        if board_id is not None:
            self.calls.run(lambda: self._boards.reveal_covered(board_id))

    def _share_toggled(self, on: bool) -> None:
        self.sharing = on
        self.sig_share_toggled.emit(on)
