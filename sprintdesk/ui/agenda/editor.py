"""The agenda editor: days and items, add / edit / duplicate / delete / reorder, with undo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.durations import format_minutes
from sprintdesk.domain.workshop import AgendaItem, ItemKind, Workshop
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.changes import Changes
from sprintdesk.services.methods import MethodService
from sprintdesk.ui.agenda.commands import (
    AddDayCommand,
    AddItemCommand,
    DeleteDayCommand,
    DeleteItemCommand,
    EditDayCommand,
    EditItemCommand,
    MoveItemCommand,
)
from sprintdesk.ui.agenda.item_form import ItemForm
from sprintdesk.ui.agenda.method_library import MethodLibrary
from sprintdesk.ui.agenda.tree import AgendaTree
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.service_runner import NOT_SAVED, ServiceRunner

NEW_ITEM_MINUTES = 15


class AgendaEditor(QWidget):
    def __init__(
        self,
        service: AgendaService,
        hub: ChangeHub,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        methods: MethodService | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._hub = hub
        self.calls = ServiceRunner(hub, self._tell, self)
        self.undo_stack = undo_stack
        self.workshop: Workshop | None = None

        self.tree = AgendaTree()
        self.form = ItemForm()
        self.total = QLabel()
        self.total.setProperty("role", "heading")

        self.editor_actions: dict[str, QAction] = {}
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for key, text, icon_name, shortcut, slot in (
            ("add_item", "Add item", "add", "Ctrl+N", self.add_item),
            ("add_day", "Add day", "day", "Ctrl+Shift+N", self.add_day),
            ("duplicate", "Duplicate", "duplicate", "Ctrl+D", self.duplicate),
            ("delete", "Delete", "delete", "Del", self.delete),
            ("move_up", "Move up", "up", "Alt+Up", lambda: self.nudge(-1)),
            ("move_down", "Move down", "down", "Alt+Down", lambda: self.nudge(1)),
        ):
            action = QAction(icon(icon_name), text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(
                f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            action.triggered.connect(slot)
            self.addAction(action)
            toolbar.addAction(action)
            self.editor_actions[key] = action
        self.editor_actions["delete"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.tree.addAction(self.editor_actions["delete"])
        self.library = MethodLibrary(methods if methods is not None else MethodService())
        self._add_library_actions(toolbar)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.tree)
        total_row = QHBoxLayout()
        total_row.addStretch(1)
        total_row.addWidget(self.total)
        left_box.addLayout(total_row)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.addWidget(self.library)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([520, 360, 400])
        splitter.setCollapsible(0, False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(splitter, 1)

        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.sig_move_requested.connect(self.move_item)
        self.tree.sig_method_dropped.connect(lambda slug, day_id, at: self.add_method(slug, (day_id, at)))
        self.library.sig_add_requested.connect(self.add_method)
        self.library.sig_leave.connect(self.tree.setFocus)
        self.form.sig_item_edited.connect(self._item_edited)
        self.form.sig_day_edited.connect(self._day_edited)

    # -- model -----------------------------------------------------------------------------
    def set_workshop(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.tree.set_workshop(workshop)
        items = len(workshop.items())
        days = len(workshop.days)
        self.total.setText(
            f"{days} day{'s' if days != 1 else ''} · {items} item{'s' if items != 1 else ''} · "
            f"{format_minutes(workshop.total_minutes)}"
        )
        self._selection_changed()

    def _publish(self, changes: Changes) -> None:
        self._hub.publish(changes)

    def _tell(self, message: str) -> None:
        """Why a change was refused or not saved, in a box over the editor."""
        if message.startswith(NOT_SAVED):
            QMessageBox.warning(self, "SprintDesk", message)
        else:
            QMessageBox.information(self, "SprintDesk", message)

    def _push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def _selection_changed(self) -> None:
        selected = self.tree.selected()
        has_item = selected is not None and selected[0] == "item"
        for key in ("duplicate", "move_up", "move_down"):
            self.editor_actions[key].setEnabled(has_item)
        self.editor_actions["delete"].setEnabled(selected is not None)
        if selected is None or self.workshop is None:
            self.form.show_nothing()
            return
        kind, object_id = selected
        if kind == "item":
            self.form.show_item(self.workshop.find_item(object_id)[2])
        else:
            day = next((d for d in self.workshop.days if d.id == object_id), None)
            if day is not None:
                self.form.show_day(day)

    # -- actions ---------------------------------------------------------------------------
    def _insertion_point(self) -> tuple[int, int]:
        """(day id, position): after the selected item, at the end of the selected day, or at
        the end of the last day."""
        assert self.workshop is not None
        selected = self.tree.selected()
        if selected and selected[0] == "item":
            location = self.tree.location_of(selected[1])
            if location:
                return location[1], location[2] + 1
        if selected and selected[0] == "day":
            day = next(d for d in self.workshop.days if d.id == selected[1])
            return selected[1], len(day.items)
        last = self.workshop.days[-1]
        assert last.id is not None
        return last.id, len(last.items)

    def add_item(self) -> None:
        if self.workshop is None:
            return
        day_id, position = self._insertion_point()
        item = AgendaItem(title="New item", duration_minutes=NEW_ITEM_MINUTES, kind=ItemKind.EXERCISE)
        result = self.calls.run(lambda: self._service.add_item(day_id, position, item))
        if result is None:
            return
        item_id, _changes = result
        self._push(AddItemCommand("Add item", self._service, self._publish, item_id))
        self.tree.select("item", item_id)
        self.form.title.setFocus()
        self.form.title.selectAll()

    def add_day(self) -> None:
        if self.workshop is None:
            return
        workshop_id, count = self.workshop.id, len(self.workshop.days)
        assert workshop_id is not None, "a workshop shown in the editor is a stored one"
        previous = self.workshop.days[-1]
        result = self.calls.run(lambda: self._service.add_day(workshop_id, count, "", previous.start_time))
        if result is None:
            return
        day_id, _changes = result
        self._push(AddDayCommand(self._service, self._publish, day_id))
        self.tree.select("day", day_id)

    def duplicate(self) -> None:
        selected = self.tree.selected()
        if not selected or selected[0] != "item":
            return
        result = self.calls.run(lambda: self._service.duplicate_item(selected[1]))
        if result is None:
            return
        new_id, _changes = result
        self._push(AddItemCommand("Duplicate item", self._service, self._publish, new_id))
        self.tree.select("item", new_id)

    def delete(self) -> None:
        selected = self.tree.selected()
        if not selected:
            return
        kind, object_id = selected
        if kind == "item":
            result = self.calls.run(lambda: self._service.delete_item(object_id))
            if result is None:
                return
            removed, _changes = result
            self._push(DeleteItemCommand(self._service, self._publish, removed))
        else:
            deleted_day = self.calls.run(lambda: self._service.delete_day(object_id))
            if deleted_day is None:
                return
            removed_day, _changes = deleted_day
            self._push(DeleteDayCommand(self._service, self._publish, removed_day))

    def move_item(self, item_id: int, day_id: int, position: int) -> None:
        location = self.tree.location_of(item_id)
        if location is None or self.workshop is None:
            return
        title = self.workshop.find_item(item_id)[2].title
        if self.calls.run(lambda: self._service.move_item(item_id, day_id, position)) is None:
            return
        self._push(
            MoveItemCommand(
                self._service,
                self._publish,
                item_id,
                (location[1], location[2]),
                (day_id, position),
                title,
            )
        )
        self.tree.select("item", item_id)

    def nudge(self, step: int) -> None:
        """Move the selected item one place up or down, across day boundaries."""
        selected = self.tree.selected()
        if not selected or selected[0] != "item" or self.workshop is None:
            return
        location = self.tree.location_of(selected[1])
        if location is None:
            return
        day_index, day_id, position = location
        count = len(self.workshop.days[day_index].items)
        target = position + step
        if 0 <= target < count:
            self.move_item(selected[1], day_id, target)
        elif target < 0 and day_index > 0:
            prev = self.workshop.days[day_index - 1]
            assert prev.id is not None
            self.move_item(selected[1], prev.id, len(prev.items))
        elif target >= count and day_index + 1 < len(self.workshop.days):
            following = self.workshop.days[day_index + 1].id
            assert following is not None
            self.move_item(selected[1], following, 0)

    def _item_edited(self, before: AgendaItem, after: AgendaItem) -> None:
        if self.calls.run(lambda: self._service.update_item(after)) is None:
            self.form.show_item(before)
            return
        self._push(EditItemCommand(self._service, self._publish, before, after))

    def _day_edited(self, day_id: int, before: tuple[str, dt.time], after: tuple[str, dt.time]) -> None:
        if self.calls.run(lambda: self._service.update_day(day_id, *after)) is None:
            return
        self._push(EditDayCommand(self._service, self._publish, day_id, before, after))

    # -- the method library ----------------------------------------------------------------
    def _add_library_actions(self, toolbar: QToolBar) -> None:
        toggle = QAction(icon("open"), "Method library", self)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.setShortcut(QKeySequence("Ctrl+Shift+L"))
        toggle.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        toggle.setToolTip("Show or hide the method library (Ctrl+Shift+L)")
        toggle.toggled.connect(self.library.setVisible)
        find = QAction(icon("search"), "Find a method", self)
        find.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("Ctrl+L")])
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.find_method)
        for action in (toggle, find):
            self.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(toggle)
        self.editor_actions["library"], self.editor_actions["find_method"] = toggle, find

    def find_method(self) -> None:
        """Ctrl+F: open the library (if hidden) and type into its search field."""
        self.editor_actions["library"].setChecked(True)
        self.library.focus_search()

    def add_method(self, slug: str, at: tuple[int, int] | None = None) -> None:
        """A method from the library as a new item: after the selected item, or at ``at``
        (day id, position) where it was dropped. Undo removes it."""
        if self.workshop is None:
            return
        day_id, position = at if at is not None else self._insertion_point()
        result = self.calls.run(lambda: self._service.add_item(day_id, position, self.library.item_for(slug)))
        if result is None:
            return
        item_id, _changes = result
        title = self.library.title_of(slug)
        self._push(AddItemCommand(f"Add “{title}”", self._service, self._publish, item_id))
        self.tree.select("item", item_id)
