"""Personal templates in the interface: "Save as template…" for a workshop, and the
Templates dialog (built-in and yours: export, import, rename, delete). Both report problems
in place, so nothing waits on a second modal box (and tests can fill and accept them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.durations import format_minutes
from sprintdesk.domain.errors import ValidationError
from sprintdesk.services.personal_templates import PersonalTemplateService
from sprintdesk.services.templates import Template
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon

SLUG = Qt.ItemDataRole.UserRole
FILE_FILTER = "SprintDesk template (*.json);;All files (*)"


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:1].upper() + text[1:]


class SaveTemplateDialog(QDialog):
    """A title for the new template; Save stores it, a refusal is shown under the field."""

    def __init__(self, parent: QWidget | None, title: str, save: Callable[[str], str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as template")
        self._save = save
        self.saved_slug: str | None = None
        self.title = QLineEdit(title)
        self.title.selectAll()
        explain = QLabel(
            "Keeps the days, items, timings, instructions and boards of this workshop, "
            "without its notes, votes or run log."
        )
        explain.setWordWrap(True)
        explain.setProperty("role", "muted")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QFormLayout()
        row.addRow("Template title", self.title)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        try:
            self.saved_slug = self._save(self.title.text())
        except ValidationError as error:
            self._show_error(_one_line(error))
            return
        except Exception as error:
            self._show_error(f"The template could not be saved: {_one_line(error)}")
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


def save_template_action(
    window: QWidget,
    workshop_id: int,
    title: Callable[[], str],
    service: PersonalTemplateService,
    hub: ChangeHub,
) -> QAction:
    """File > Save as template…: opens the dialog (window-modal, not blocking)."""
    action = QAction(icon("duplicate"), "Save as template…", window)

    def save(text: str) -> str:
        template, changes = service.save_workshop(workshop_id, text)
        hub.publish(changes)
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(f"Saved as your template “{template.title}”", 8000)
        return template.slug

    def open_dialog() -> None:
        dialog = SaveTemplateDialog(window, title(), save)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(open_dialog)
    return action


class TemplatesDialog(QDialog):
    """Every template, built-in and yours; yours can be renamed and deleted, any exported."""

    def __init__(
        self, service: PersonalTemplateService, hub: ChangeHub, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Templates")
        self._service = service
        self._hub = hub
        heading = QLabel("Templates")
        heading.setProperty("role", "heading")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Template", "Length", "Kind", "Slug"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, icon_name, slot in (
            ("import", "Import…", "open", lambda: self.import_file()),
            ("export", "Export…", "duplicate", lambda: self.export_selected()),
            ("rename", "Rename…", "rename", lambda: self.rename_selected()),
            ("delete", "Delete", "delete", lambda: self.delete_selected()),
        ):
            button = QPushButton(icon(icon_name), text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(760, 480)
        self.refresh()
        hub.sig_changed.connect(self._on_changes)  # e.g. saved from a workshop window meanwhile

    def _on_changes(self, changes: object) -> None:
        if getattr(changes, "templates", False):
            self.refresh()

    def done(self, result: int) -> None:
        self._hub.sig_changed.disconnect(self._on_changes)
        super().done(result)

    # -- data ------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        select = select or self.selected_slug()
        self.templates = self._service.all()
        self.table.setRowCount(len(self.templates))
        for index, template in enumerate(self.templates):
            days = len(template.days)
            length = f"{days} days · " if days > 1 else ""
            cells = [
                template.title,
                length + format_minutes(template.total_minutes),
                "Yours" if template.personal else "Built in",
                template.slug,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(SLUG, template.slug)
                cell.setToolTip(template.source)
                self.table.setItem(index, column, cell)
        slugs = [t.slug for t in self.templates]
        if select in slugs:
            self.table.selectRow(slugs.index(select))
        elif slugs:
            self.table.selectRow(0)
        self._selection_changed()

    def selected_slug(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        return str(cell.data(SLUG)) if cell is not None else None

    def _selected(self) -> Template | None:
        slug = self.selected_slug()
        return next((t for t in self.templates if t.slug == slug), None)

    def _selection_changed(self) -> None:
        template = self._selected()
        personal = template is not None and template.personal
        self.buttons["export"].setEnabled(template is not None)
        self.buttons["rename"].setEnabled(personal)
        self.buttons["delete"].setEnabled(personal)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setProperty("role", "error" if error else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    # -- actions ---------------------------------------------------------------------------
    def export_selected(self, path: str | None = None) -> bool:
        slug = self.selected_slug()
        if slug is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export template", f"{slug}.json", FILE_FILTER)
            if not path:
                return False
        try:
            size = self._service.export(slug, Path(path))
        except Exception as error:
            self._say(f"Not exported. {_one_line(error)}", error=True)
            return False
        self._say(f"Exported “{slug}” to {path} ({size:,} bytes).")
        return True

    def import_file(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import template", "", FILE_FILTER)
            if not path:
                return False
        try:
            template, changes = self._service.import_file(Path(path))
        except Exception as error:
            self._say(f"Nothing was imported. {_one_line(error)}", error=True)
            return False
        self._hub.publish(changes)
        self.refresh(select=template.slug)
        self._say(f"Imported “{template.title}” as your template.")
        return True

    def rename_selected(self, title: str | None = None) -> bool:
        template = self._selected()
        if template is None or not template.personal:
            return False
        slug = template.slug
        if title is None:
            title, ok = QInputDialog.getText(self, "Rename template", "New title:", text=template.title)
            if not ok:
                return False
        try:
            changes = self._service.rename(slug, title)
        except Exception as error:
            self._say(f"Not renamed. {_one_line(error)}", error=True)
            return False
        self._hub.publish(changes)
        self.refresh(select=slug)
        self._say("Renamed.")
        return True

    def delete_selected(self) -> bool:
        template = self._selected()
        if template is None or not template.personal:
            return False
        answer = QMessageBox.question(
            self,
            "Delete template",
            f"Delete your template “{template.title}”? Workshops made from it stay as they are.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            changes = self._service.delete(template.slug)
        except Exception as error:
            self._say(f"Not deleted. {_one_line(error)}", error=True)
            return False
        self._hub.publish(changes)
        self.refresh()
        self._say(f"Deleted “{template.title}”.")
        return True
