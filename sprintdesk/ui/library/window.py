"""The first window: the workshop library (search, create, rename, duplicate, delete, open).

It is on screen before the database is open (see ``app.py``), so it imports only what its
first paint needs; dialogs and services load when they are used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.clock import Clock, local_today
from sprintdesk.ui.library.first_run import FirstRunPanel
from sprintdesk.ui.library.menus import build_menu
from sprintdesk.ui.library.series import LibrarySeries
from sprintdesk.ui.shared.accessible import name_field, named
from sprintdesk.ui.shared.help_menu import add_help_actions
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import app_icon, icon
from sprintdesk.ui.shared.screens import fit_to_screen
from sprintdesk.ui.shared.service_runner import NOT_SAVED, ServiceRunner
from sprintdesk.ui.shared.settings import AppSettings
from sprintdesk.ui.shared.theme_menu import add_view_menu

if TYPE_CHECKING:  # the services pull in SQLAlchemy, which loads after the first paint
    from sprintdesk.services.changes import Changes
    from sprintdesk.services.personal_templates import PersonalTemplateService
    from sprintdesk.services.templates import TemplateService
    from sprintdesk.services.workshop_file import ImportedWorkshop, WorkshopFileService
    from sprintdesk.services.workshops import ListedWorkshop, WorkshopService

ID = Qt.ItemDataRole.UserRole


class LibraryWindow(QMainWindow):
    sig_open_requested = Signal(int)
    sig_restore_requested = Signal()

    def __init__(
        self, hub: ChangeHub, settings: AppSettings, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock  # a new workshop's date starts at today
        self._service: WorkshopService | None = None
        self._files: WorkshopFileService | None = None
        self._templates: TemplateService | None = None
        self._personal_templates: PersonalTemplateService | None = None
        self._hub = hub
        self.calls = ServiceRunner(hub, self._tell, self)
        self._settings = settings
        self.setWindowTitle("Workshops")
        self.setWindowIcon(app_icon())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search workshops")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        name_field(self.search, "Search workshops")
        self.search.textChanged.connect(lambda _t: self.refresh())

        self.table = self._workshop_table()

        self.empty = FirstRunPanel()  # no workshops yet: three ways in
        self.empty.sig_chosen.connect(self._way_in)
        self._make_sample: Callable[[], tuple[int, Changes]] | None = None
        self.footer = QLabel()
        self.footer.setProperty("role", "muted")
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        toolbar = self._toolbar()
        self.series = LibrarySeries(
            self, toolbar, hub, self.calls, self.selected_id, clock
        )  # after attach_series
        self.series.sig_made.connect(self._follow_up_made)
        self.series.sig_open_workshop.connect(self.sig_open_requested.emit)
        self.table.itemSelectionChanged.connect(self.series.selection_changed)
        self.addToolBar(toolbar)
        self.toolbar_actions["import"].setEnabled(False)  # until the database is open

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel("Workshops")
        heading.setProperty("role", "heading")
        heading_row = QHBoxLayout()  # the heading, and Templates… on the right
        heading_row.addWidget(heading, 1)
        heading_row.addWidget(self._templates_button())
        layout.addLayout(heading_row)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.footer)
        self.setCentralWidget(central)
        hub.sig_changed.connect(self._on_changes)
        self.preferred_size = QSize(max(960, toolbar.sizeHint().width() + 32), 600)
        self.quit_action = build_menu(self, [*self.toolbar_actions.values(), *toolbar.actions()])
        self.view_menu = add_view_menu(self.menuBar(), settings)  # View > Theme, Presenter theme
        self.database_label: str | None = None  # for Help > About
        help_menu = self.menuBar().addMenu("&Help")
        self.help_actions = add_help_actions(help_menu, self, lambda: self.database_label)
        geometry = settings.geometry("library")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # wide enough for the whole tool bar, on the screen it opens on
            fit_to_screen(self, self.preferred_size)
        self.summaries: list[ListedWorkshop] = []
        self.refresh()

    def _workshop_table(self) -> QTableWidget:
        table = named(QTableWidget(0, 5), "Workshops")
        table.setHorizontalHeaderLabels(["Workshop", "Date", "Days", "Agenda", "Last changed"])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setShowGrid(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.doubleClicked.connect(lambda _i: self.open_selected())
        table.itemSelectionChanged.connect(self._selection_changed)
        return table

    def _toolbar(self) -> QToolBar:
        self.toolbar_actions: dict[str, QAction] = {}
        toolbar = QToolBar()
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for key, text, icon_name, shortcut, slot in (
            ("new", "New workshop", "add", QKeySequence.StandardKey.New, self.create_workshop),
            ("open", "Open", "open", QKeySequence("Return"), self.open_selected),
            ("rename", "Rename", "rename", QKeySequence("F2"), self.rename),
            ("duplicate", "Duplicate", "duplicate", QKeySequence("Ctrl+D"), self.duplicate),
            ("delete", "Delete", "delete", QKeySequence.StandardKey.Delete, self.delete),
            ("import", "Import workshop…", "open", QKeySequence("Ctrl+I"), lambda: self.import_workshop()),
            ("restore", "Restore from backup…", "undo", QKeySequence(), self.sig_restore_requested.emit),
        ):
            action = QAction(icon(icon_name), text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            toolbar.addAction(action)
            self.toolbar_actions[key] = action
        return toolbar

    def attach_templates(self, templates: TemplateService) -> None:
        """New workshops can start from a proven format."""
        self._templates = templates

    def attach_files(self, files: WorkshopFileService) -> None:
        """Enable File > Import workshop once the database is open."""
        self._files = files
        self.toolbar_actions["import"].setEnabled(True)

    def import_workshop(self, path: str | None = None) -> object | None:
        """A workshop file from another laptop: read, checked and stored on a worker thread
        with progress and Cancel, all or nothing; then it opens. Returns the running import
        (a ``WorkshopImport``), or None."""
        from PySide6.QtWidgets import QFileDialog

        from sprintdesk.ui.library.workshop_import_task import WorkshopImport

        if self._files is None:
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import workshop", "", "SprintDesk workshop (*.json);;All files (*)"
            )
            if not path:
                return None
        task = WorkshopImport(self._files, Path(path), self)
        task.sig_imported.connect(self._imported)
        task.start()
        return task

    def _imported(self, imported: ImportedWorkshop) -> None:
        self._hub.publish(imported.changes)
        self.select(imported.workshop_id)
        self.sig_open_requested.emit(imported.workshop_id)

    def attach(self, service: WorkshopService, database_label: str) -> None:
        self._service = service
        self.database_label = database_label
        self.footer.setText(f"Database: {database_label}")
        self.empty.ready(sample=self._make_sample is not None)
        self.refresh()

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._service is None:
            self.table.setVisible(False)
            self.empty.setVisible(True)
            self._selection_changed()
            return
        from sprintdesk.domain.durations import format_minutes

        selected = self.selected_id()
        self.summaries = self._service.list(self.search.text())
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            local = summary.updated_at.astimezone()
            cells = [
                summary.title,
                summary.start_date.strftime("%a %d %b %Y") if summary.start_date else "—",
                str(summary.day_count),
                f"{summary.item_count} items · {format_minutes(summary.total_minutes)}",
                local.strftime("%d %b %Y %H:%M"),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID, summary.id)
                self.table.setItem(row, column, cell)
        has_rows = bool(self.summaries)
        self.table.setVisible(has_rows or bool(self.search.text()))
        self.empty.setVisible(not has_rows and not self.search.text())
        if selected is not None:
            self.select(selected)
        elif has_rows:
            self.table.selectRow(0)
        self._selection_changed()

    def _on_changes(self, changes: Changes) -> None:
        """The list, and "Last changed" when a workshop's details, agenda, boards or outcomes
        change (their writes stamp the workshop)."""
        edited = changes.details or changes.agenda or changes.boards or changes.outcomes
        if changes.workshop_list or (changes.workshop_id is not None and edited):
            self.refresh()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        return int(cell.data(ID)) if cell else None

    def _follow_up_made(self, workshop_id: int) -> None:
        self.select(workshop_id)
        self.sig_open_requested.emit(workshop_id)

    def select(self, workshop_id: int) -> None:
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell and cell.data(ID) == workshop_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        has = self.selected_id() is not None
        self.toolbar_actions["new"].setEnabled(self._service is not None)
        for key in ("open", "rename", "duplicate", "delete"):
            self.toolbar_actions[key].setEnabled(has)

    # -- actions ---------------------------------------------------------------------------
    def _tell(self, message: str) -> None:
        """Why a change was refused or not saved, in a box over the library."""
        from PySide6.QtWidgets import QMessageBox

        if message.startswith(NOT_SAVED):
            QMessageBox.warning(self, "SprintDesk", message)
        else:
            QMessageBox.information(self, "SprintDesk", message)

    @property
    def service(self) -> WorkshopService:
        assert self._service is not None, "the database is not open yet"
        return self._service

    def create_workshop(self, template_first: bool = False) -> None:
        """New workshop; ``template_first``: the first template chosen and the choice focused."""
        if self._service is None:
            return
        from PySide6.QtWidgets import QDialog

        from sprintdesk.ui.library.new_workshop_dialog import NewWorkshopDialog

        templates = self._templates.list() if self._templates is not None else []
        dialog = NewWorkshopDialog(self, templates, local_today(self._clock))
        if template_first and templates:  # the first real format, not the blank one
            first = next((t.slug for t in templates if t.slug != "blank"), templates[0].slug)
            dialog.template.setCurrentIndex(dialog.template.findData(first))
            dialog.template.setFocus()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        slug = dialog.selected_template()
        title = dialog.title.text()
        if slug and self._templates is not None:
            templates_service = self._templates
            result = self.calls.run(
                lambda: templates_service.create_from(slug, title.strip() or None, dialog.start_date())
            )
        else:
            result = self.calls.run(lambda: self.service.create(title, dialog.start_date()))
        if result is not None:
            new_id, _changes = result
            self.select(new_id)
            self.sig_open_requested.emit(new_id)

    def attach_sample(self, make: Callable[[], tuple[int, Changes]]) -> None:
        """How "Open a sample workshop" makes one (returns its id); before ``attach``."""
        self._make_sample = make

    def _way_in(self, key: str) -> None:
        if key == "template":
            self.create_workshop(template_first=True)
        elif key == "sample":
            self.open_sample()
        else:
            self.import_workshop()

    def open_sample(self) -> None:
        """Make the sample workshop (and its follow-up), then open it."""
        if self._make_sample is None:
            return
        result = self.calls.run(self._make_sample)
        if result is not None:
            self.select(result[0])
            self.sig_open_requested.emit(result[0])

    def open_selected(self) -> None:
        workshop_id = self.selected_id()
        if workshop_id is not None:
            self.sig_open_requested.emit(workshop_id)

    def rename(self) -> None:
        workshop_id = self.selected_id()
        if workshop_id is None:
            return
        from PySide6.QtWidgets import QInputDialog

        current = next(s.title for s in self.summaries if s.id == workshop_id)
        title, ok = QInputDialog.getText(self, "Rename workshop", "New title:", text=current)
        if ok and title != current:
            self.calls.run(lambda: self.service.rename(workshop_id, title))

    def duplicate(self) -> None:
        workshop_id = self.selected_id()
        if workshop_id is None:
            return
        result = self.calls.run(lambda: self.service.duplicate(workshop_id))
        if result is not None:
            self.select(result[0])

    def delete(self) -> None:
        workshop_id = self.selected_id()
        if workshop_id is None:
            return
        from PySide6.QtWidgets import QMessageBox

        title = next(s.title for s in self.summaries if s.id == workshop_id)
        answer = QMessageBox.question(
            self,
            "Delete workshop",
            f"Delete “{title}” with its agenda, boards, decisions, action items and run log? "
            "Action items still open move on to its follow-up, if it has one; everything else, "
            "including items its follow-up closed, goes with it. This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.calls.run(lambda: self.service.delete(workshop_id))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.set_geometry("library", self.saveGeometry())
        super().closeEvent(event)

    # -- personal templates ----------------------------------------------------------------
    def _templates_button(self) -> QToolButton:
        action = QAction(icon("agenda"), "Templates…", self)
        action.setToolTip("Your templates and the built-in ones: export, import, rename, delete (Ctrl+T)")
        action.setShortcut(QKeySequence("Ctrl+T"))
        action.triggered.connect(lambda: self.show_templates())
        action.setEnabled(False)  # until the database is open
        self.addAction(action)
        self.toolbar_actions["templates"] = action
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def attach_personal_templates(self, service: PersonalTemplateService) -> None:
        """Enable the Templates dialog (export, import, rename, delete) once the database is open."""
        self._personal_templates = service
        self.toolbar_actions["templates"].setEnabled(True)

    def show_templates(self) -> object | None:
        """The Templates dialog, window-modal; returned so tests can drive it."""
        if self._personal_templates is None:
            return None
        from sprintdesk.ui.library.template_dialogs import TemplatesDialog

        dialog = TemplatesDialog(self._personal_templates, self._hub, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
