"""The method library beside the agenda: search and filter the methods, read one's
instructions, and add it to the agenda by double-click, Enter, the Add button or by
dragging it onto the agenda tree (a ``METHOD_MIME`` drag carrying the method's slug)."""

from __future__ import annotations

import html

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.workshop import AgendaItem
from sprintdesk.services.methods import Method, MethodService, Phase
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.accessible import label_choice, name_field
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.tree_items import top_rows

METHOD_MIME = "application/x-sprintdesk-method"
SLUG = Qt.ItemDataRole.UserRole


def method_mime(slug: str) -> QMimeData:
    """What a drag from the library carries: the method's slug."""
    data = QMimeData()
    data.setData(METHOD_MIME, slug.encode("utf-8"))
    data.setText(slug)
    return data


def slug_of(data: QMimeData) -> str | None:
    if not data.hasFormat(METHOD_MIME):
        return None
    slug = bytes(data.data(METHOD_MIME).data()).decode("utf-8", "replace").strip()
    return slug or None


class MethodList(QTreeWidget):
    """Title, phase and duration range; drags carry the method, Enter adds it."""

    sig_add_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(3)
        self.setHeaderLabels(["Method", "Phase", "Time"])
        self.setAccessibleName("Methods")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDragEnabled(True)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.itemDoubleClicked.connect(lambda row, _column: self._request(row))

    def current_slug(self) -> str | None:
        row = self.currentItem()
        return str(row.data(0, SLUG)) if row is not None else None

    def _request(self, row: QTreeWidgetItem | None) -> None:
        if row is not None:
            self.sig_add_requested.emit(str(row.data(0, SLUG)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._request(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:
        return [METHOD_MIME]

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        """Drag the current method: the QDrag owns its data (no item-model round trip)."""
        row = self.currentItem()
        if row is None:
            return
        drag = QDrag(self)
        drag.setMimeData(method_mime(str(row.data(0, SLUG))))
        drag.setPixmap(self.viewport().grab(self.visualItemRect(row)))
        drag.exec(Qt.DropAction.CopyAction)

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # type: ignore[override]
        return method_mime(str(items[0].data(0, SLUG))) if items else QMimeData()

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class MethodLibrary(QWidget):
    """The panel: search field, phase filter, the list and the chosen method's details."""

    sig_add_requested = Signal(str)  # a method's slug
    sig_leave = Signal()  # Esc: back to the agenda

    def __init__(self, service: MethodService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        heading = QLabel("Method library")
        heading.setProperty("role", "heading")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search methods (Ctrl+F)")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        name_field(self.search, "Search methods")
        self.phase = QComboBox()
        label_choice(self.phase, "Method phase")
        self.phase.addItem("All phases", None)
        for phase in Phase:
            self.phase.addItem(phase.label, phase.value)
        self.list = MethodList()
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        self.add_button = QPushButton(icon("add"), "Add to agenda")
        self.add_button.setToolTip("Add the method after the selected agenda item (Enter or double-click)")
        self.add_button.setDefault(False)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.phase, 2)
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(heading)
        top_box.addLayout(filters)
        top_box.addWidget(self.list, 1)
        bottom = QWidget()
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 0, 0, 0)
        bottom_box.addWidget(self.details, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.count, 1)
        add_row.addWidget(self.add_button)
        bottom_box.addLayout(add_row)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.setMinimumWidth(300)

        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.returnPressed.connect(self._add_current)
        self.phase.currentIndexChanged.connect(lambda _index: self.refresh())
        self.list.currentItemChanged.connect(lambda _now, _before: self._show_current())
        self.list.sig_add_requested.connect(self.sig_add_requested)
        self.add_button.clicked.connect(self._add_current)
        self.refresh()

    # -- data ------------------------------------------------------------------------------
    def shown(self) -> list[str]:
        return [str(row.data(0, SLUG)) for row in top_rows(self.list)]

    def refresh(self) -> None:
        current = self.list.current_slug()
        found = self._service.search(self.search.text(), phase=self.phase.currentData())
        self.list.clear()
        for method in found:
            row = QTreeWidgetItem([method.title, method.phase.label, method.duration_label])
            row.setData(0, SLUG, method.slug)
            row.setToolTip(0, method.summary)
            self.list.addTopLevelItem(row)
        total = len(self._service.list())
        self.count.setText(f"{len(found)} of {total} methods" if len(found) != total else f"{total} methods")
        if found:
            slugs = [m.slug for m in found]
            self.list.setCurrentItem(top_rows(self.list)[slugs.index(current) if current in slugs else 0])
        self._show_current()

    def select(self, slug: str) -> bool:
        for row in top_rows(self.list):
            if row.data(0, SLUG) == slug:
                self.list.setCurrentItem(row)
                self.list.scrollToItem(row)
                return True
        return False

    def _show_current(self) -> None:
        slug = self.list.current_slug()
        self.add_button.setEnabled(slug is not None)
        if slug is None:
            self.details.setHtml("<p>No method matches. Try fewer words, or <i>All phases</i>.</p>")
            return
        self.details.setHtml(method_html(self._service.get(slug)))

    def item_for(self, slug: str) -> AgendaItem:
        """The agenda item the method becomes (its title, typical time, kind, instructions)."""
        return self._service.as_item(slug)

    def title_of(self, slug: str) -> str:
        return self._service.get(slug).title

    def _add_current(self) -> None:
        slug = self.list.current_slug()
        if slug is not None:
            self.sig_add_requested.emit(slug)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            self.list.setFocus()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:  # clear the search first, then leave
            if self.search.text():
                self.search.clear()
            else:
                self.sig_leave.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def method_html(method: Method) -> str:
    """The details pane: what it is, how long, for whom, and what to say, step by step."""
    e = html.escape
    muted = theme.colors().muted
    steps = "".join(f"<li style='margin-bottom:4px'>{e(step)}</li>" for step in method.steps)
    extra = ""
    if method.materials:
        extra += f"<p><b>Materials:</b> {e(', '.join(method.materials))}</p>"
    for tip in method.tips:
        extra += f"<p><b>Tip:</b> {e(tip)}</p>"
    typical = f"typically {method.typical_minutes} min"
    return (
        f"<h3 style='margin-bottom:2px'>{e(method.title)}</h3>"
        f"<p style='color:{muted}'>{e(method.phase.label)} · {e(method.kind.label)} · "
        f"{e(method.duration_label)} ({typical}) · {e(method.group_label)}</p>"
        f"<p>{e(method.summary)}</p>"
        f"<p><b>Say to the room</b></p><ol style='margin-left:-18px'>{steps}</ol>"
        f"{extra}<p style='color:{muted}'>Source: {e(method.source)}</p>"
    )
