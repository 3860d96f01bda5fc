"""Search and filter for a board: matching notes are outlined and stepped through with
Enter, which also selects the match (the keyboard's way to pick a note: then V gives it a
dot, F2 edits it); a filter by colour, author or role dims everything else."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.workshop import Role
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import BoardView
from sprintdesk.ui.shared.accessible import label_choice, name_field
from sprintdesk.ui.shared.icons import icon


class Finder:
    def __init__(self, scene: BoardScene, view: BoardView) -> None:
        self.scene, self.view = scene, view
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find notes (Enter: next match)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        name_field(self.search, "Find notes")
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.search.returnPressed.connect(lambda: self.step(1))
        self.previous = QToolButton()
        self.previous.setIcon(icon("up"))
        self.previous.setToolTip("Previous match")
        self.previous.setAccessibleName("Previous match")
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next = QToolButton()
        self.next.setIcon(icon("down"))
        self.next.setToolTip("Next match")
        self.next.setAccessibleName("Next match")
        self.next.clicked.connect(lambda: self.step(1))
        self.count = QLabel()
        self.filter = QComboBox()
        label_choice(self.filter, "Show notes")
        self.filter.setToolTip("Show only some notes; the rest are dimmed")
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.row = QHBoxLayout()
        for widget in (self.search, self.previous, self.next, self.count):
            self.row.addWidget(widget)
        self.row.addSpacing(16)
        self.row.addWidget(QLabel("Show:"))
        self.row.addWidget(self.filter)
        self._order: list[int] = []
        self._index = -1

    def _fill_filter(self) -> None:
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem("All notes", None)
        for color in NoteColor:
            self.filter.addItem(f"Colour: {color.value}", f"color:{color.value}")
        for person in self.scene.look.people.values():
            self.filter.addItem(f"Author: {person.name}", f"author:{person.id}")
        for role in Role:
            self.filter.addItem(f"Role: {role.value}", f"role:{role.value}")
        index = self.filter.findData(current)
        self.filter.setCurrentIndex(index if index >= 0 else 0)
        self.filter.blockSignals(False)

    def refresh(self) -> None:
        """Recompute matches and the filter after the text, the filter or the board changed."""
        if self.filter.count() != 1 + len(NoteColor) + len(self.scene.look.people) + len(Role):
            self._fill_filter()
        look = self.scene.look
        words = self.search.text().casefold().split()
        notes = [item.note for item in self.scene.notes.values()]
        look.matches = {n.id for n in notes if words and all(w in n.text.casefold() for w in words) and n.id}
        self._order = [n.id for n in sorted(notes, key=lambda n: (n.y, n.x)) if n.id in look.matches]
        if look.current_match not in look.matches:
            look.current_match = None
            self._index = -1
        wanted = self.filter.currentData()
        look.filtered_out = set()
        if wanted:
            kind, value = str(wanted).split(":", 1)
            people = look.people
            for note in notes:
                if kind == "color":
                    keep = note.color.value == value
                elif kind == "author":
                    keep = str(note.author_id) == value
                else:
                    person = people.get(note.author_id) if note.author_id is not None else None
                    keep = person is not None and person.role.value == value
                if not keep and note.id is not None:
                    look.filtered_out.add(note.id)
        self.count.setText(f"{len(self._order)} found" if words else "")
        self.scene.refresh_looks()

    def step(self, direction: int) -> None:
        if not self._order:
            return
        self._index = (self._index + direction) % len(self._order)
        note_id = self._order[self._index]
        self.scene.look.current_match = note_id
        self.count.setText(f"{self._index + 1} of {len(self._order)}")
        item = self.scene.notes[note_id]
        self.scene.clearSelection()  # the match is selected: V, Enter, Del, Make decision… act on it
        item.setSelected(True)
        if self.view.zoom < 0.6:
            self.view.set_zoom(1.0)
        self.view.centerOn(item)
        self.scene.refresh_looks()
