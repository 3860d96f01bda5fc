"""Setting a board's structure from the board menu (one undo step), and saying which region
notes are in: in the status line for the selection and in a note's tooltip."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from sprintdesk.domain.board import Note
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.services.boards import BoardService
from sprintdesk.ui.board.commands import SetStructureCommand
from sprintdesk.ui.board.structure_dialog import StructureChoice, StructureDialog
from sprintdesk.ui.shared.service_command import Publish


class StructureEditor:
    def __init__(
        self,
        owner: QWidget,
        boards: BoardService,
        stack: QUndoStack,
        publish: Publish,
        say: Callable[[str], None],
    ) -> None:
        self._owner, self._boards, self._stack, self._publish, self._say = owner, boards, stack, publish, say
        self.dialog: StructureDialog | None = None
        self.last_error = ""  # why the last change was refused

    def open(self, board_id: int) -> StructureDialog:
        """Show the dialog (window-modal, not blocking); OK applies what it holds."""
        dialog = StructureDialog(
            self._boards.structures.structure_of(board_id),
            self._owner,
            apply=lambda choice: None if self.apply(board_id, choice) else self.last_error,
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply(self, board_id: int, choice: StructureChoice) -> bool:
        """Set (or remove) the structure and put it on the undo stack; False if refused."""
        from sprintdesk.services.errors import StorageError, ValidationError

        service = self._boards.structures
        try:
            if choice.kind is None:
                before = service.structure_of(board_id)
                if before is None:
                    return True
                after = None
                changes = service.clear(board_id)
            else:
                before, after, changes = service.apply(
                    board_id,
                    choice.kind,
                    choice.titles,
                    x_axis=choice.x_axis,
                    y_axis=choice.y_axis,
                    room=choice.room,
                )
        except (ValidationError, StorageError) as error:
            self.last_error = str(error)
            self._say(f"Structure not changed: {error}")
            return False
        if before == after:
            return True
        command = SetStructureCommand(self._boards, board_id, self._publish, before, after)
        self._stack.push(command)
        self._publish(changes)
        self._say(f"{command.text()}. Notes stay where they are; drag them into the regions.")
        return True


def region_text(structure: BoardStructure | None, notes: Sequence[Note]) -> str:
    """Where these notes are: 'in “Stop”', 'in 2 regions', 'outside the structure' (empty
    without a structure)."""
    if structure is None or not notes:
        return ""
    regions = {structure.region_of_note(note) for note in notes}
    if len(regions) > 1:
        inside = len(regions - {None})
        return f"in {inside} region{'s' if inside != 1 else ''}" + (
            " and outside the structure" if None in regions else ""
        )
    region = next(iter(regions))
    return "outside the structure" if region is None else f"in “{region.title}”"


def selection_text(structure: BoardStructure | None, notes: Sequence[Note]) -> str:
    """The status line for selected notes: '2 notes selected · in “Stop”'."""
    count = len(notes)
    text = f"{count} note{'s' if count != 1 else ''} selected"
    where = region_text(structure, notes)
    return f"{text} · {where}" if where else text
