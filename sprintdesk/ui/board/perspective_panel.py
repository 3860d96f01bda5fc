"""Perspectives on a board: the toggle (toolbar and Ctrl+Shift+P), the cards under the
cluster frames, and under the board a table of the notes and votes per role and the verdict
of each cluster. The breakdown is worked out when the board or its vote changes, never while
painting."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.perspectives import (
    MIN_NOTES,
    ONE_SIDED_SHARE,
    ROLE_COLORS,
    ROLE_ORDER,
    SUBSTANTIAL_SHARE,
    BoardPerspectives,
    Verdict,
    VoteStatus,
    role_label,
)
from sprintdesk.domain.workshop import Participant
from sprintdesk.services.perspectives import from_state
from sprintdesk.services.voting import VoteState
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.icons import icon

SHORTCUT = "Ctrl+Shift+P"
COLUMNS = ("Cluster", "Notes", "Votes", "Verdict")
HEADERS = ("Cluster", "Notes by role", "Votes by role", "Verdict")
CLUSTER_ID = Qt.ItemDataRole.UserRole
_STATUS = {
    VoteStatus.NONE: "No vote on this board yet: notes only.",
    VoteStatus.HIDDEN: "The vote is hidden: its dots count once you reveal them.",
    VoteStatus.REVEALED: "Votes are counted: the vote is revealed.",
}


def _verdict_color(verdict: Verdict) -> str:
    """The verdict's text colour in the current scheme (contrast-checked theme colours)."""
    shades = theme.colors()
    return {Verdict.SHARED: shades.ok, Verdict.ONE_SIDED: shades.warn}.get(verdict, shades.muted)


class PerspectivePanel(QGroupBox):
    """Under the board: a legend, and a table with one row per cluster, the loose notes and
    the whole board."""

    sig_cluster_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Perspectives", parent)
        self.setToolTip(
            f"Shared: at least two roles gave {round(SUBSTANTIAL_SHARE * 100)} % or more of the notes each. "
            f"One-sided: one role gave {round(ONE_SIDED_SHARE * 100)} % or more, or is the only one. "
            f"Fewer than {MIN_NOTES} notes: too few to tell."
        )
        legend = QGridLayout()
        legend.setHorizontalSpacing(6)
        legend.setVerticalSpacing(3)
        for index, role in enumerate(ROLE_ORDER):
            swatch = QLabel()
            swatch.setFixedSize(16, 16)
            swatch.setStyleSheet(f"background: {ROLE_COLORS[role]}; border: 1px solid #4b5563;")
            name = QLabel(role_label(role))
            legend.addWidget(swatch, index % 4, (index // 4) * 2)
            legend.addWidget(name, index % 4, (index // 4) * 2 + 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")
        side = QVBoxLayout()
        side.addLayout(legend)
        side.addWidget(self.status)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(280)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setToolTip("Double-click (or Enter) on a cluster's row to find it on the board")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        self.table.activated.connect(self._activated)
        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addWidget(self.table, 1)

    def _activated(self, index: QModelIndex) -> None:
        item = self.table.item(index.row(), 0)
        cluster_id = item.data(CLUSTER_ID) if item is not None else None
        if cluster_id is not None:
            self.sig_cluster_activated.emit(int(cluster_id))

    def show_data(self, data: BoardPerspectives) -> None:
        """Fill the table; only the cells whose text changed are touched (one note moved on a
        board of hundreds of clusters changes a row or two)."""
        self.status.setText(_STATUS[data.vote_status])
        rows = data.rows()
        if self.table.rowCount() != len(rows):
            self.table.setRowCount(len(rows))
        hidden = data.vote_status is VoteStatus.HIDDEN
        changed_rows = []
        for index, row in enumerate(rows):
            assessment = row.assessment
            votes = (
                "hidden" if hidden else (f"{row.votes.total}: {row.votes.text()}" if row.votes.total else "–")
            )
            cells = (
                row.title or "Untitled cluster",
                f"{row.notes.total}: {row.notes.text()}" if row.notes.total else "–",
                votes,
                assessment.text(),
            )
            bold = row is data.board or row is data.loose
            shade = _verdict_color(assessment.verdict)
            changed = False
            for column, text in enumerate(cells):
                item = self.table.item(index, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(index, column, item)
                if (
                    item.text() == text
                    and item.data(CLUSTER_ID) == row.cluster_id
                    and item.font().bold() == bold
                ):
                    continue
                changed = True
                item.setText(text)
                item.setToolTip(text)
                item.setData(CLUSTER_ID, row.cluster_id)
                font = item.font()
                font.setBold(bold)
                item.setFont(font)
                if column == len(cells) - 1:
                    item.setForeground(QColor(shade))
            if changed:
                changed_rows.append(index)
        for index in changed_rows:
            self.table.resizeRowToContents(index)

    def cell(self, title: str, column: str) -> str:
        """The text of one cell, by row title and column name (for tests and screen readers)."""
        col = COLUMNS.index(column)
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            if first is not None and first.text() == title:
                item = self.table.item(row, col)
                return item.text() if item is not None else ""
        raise KeyError(title)


class PerspectiveControl(QObject):
    """Owns the toggle; fed by the board panel with every new board content and vote state."""

    def __init__(
        self,
        owner: QWidget,
        scene: BoardScene,
        tools: QToolBar,
        share: Callable[[], None],
        before: QAction | None = None,
    ) -> None:
        super().__init__(owner)
        self._scene, self._share = scene, share
        self._last: tuple[BoardContent, Sequence[Participant], VoteState] | None = None
        self.data: BoardPerspectives | None = None
        self.panel = PerspectivePanel()
        self.panel.hide()
        self.action = QAction(icon("perspectives"), "Perspectives", owner)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.setToolTip(f"Perspectives: notes and votes per role for each cluster ({SHORTCUT})")
        self.action.toggled.connect(self._toggled)
        owner.addAction(self.action)
        if before is not None:  # among the board's tools, not last where a narrow screen hides it
            tools.insertAction(before, self.action)
        else:
            tools.addSeparator()
            tools.addAction(self.action)
        self.panel.sig_cluster_activated.connect(self._find_cluster)

    def under(self, view: QGraphicsView) -> QSplitter:
        """The board's view with the table below it (shown while perspectives are on)."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setCollapsible(0, False)
        return splitter

    def _find_cluster(self, cluster_id: int) -> None:
        item = self._scene.clusters.get(cluster_id)
        if item is None:
            return
        self._scene.clearSelection()
        item.setSelected(True)
        for view in self._scene.views():
            view.centerOn(item)

    @property
    def on(self) -> bool:
        return self.action.isChecked()

    def refresh(self, content: BoardContent, people: Sequence[Participant], state: VoteState) -> None:
        """The board or its vote changed: work the breakdown out again (only when shown)."""
        self._last = (content, people, state)
        if self.on:
            self._compute()

    def _compute(self) -> None:
        if self._last is None:
            return
        self.data = from_state(*self._last)
        self._scene.look.perspectives = self.data
        self.panel.show_data(self.data)

    def _toggled(self, on: bool) -> None:
        self.panel.setVisible(on)
        if on:
            self._compute()
        else:
            self.data = None
            self._scene.look.perspectives = None
        self._scene.refresh_looks()
        self._share()
