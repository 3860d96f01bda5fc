"""The library's part in series: "New follow-up" of the selected workshop (it opens at
once; its open action items carry over) and "Series…" to see the whole series."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from sprintdesk.ui.icons import icon

if TYPE_CHECKING:  # services load after the library's first paint
    from sprintdesk.domain.clock import Clock
    from sprintdesk.services.series import SeriesService
    from sprintdesk.ui.library_window import LibraryWindow
    from sprintdesk.ui.series_view import SeriesView


class LibrarySeries(QObject):
    def __init__(self, library: LibraryWindow, toolbar: QToolBar, clock: Clock) -> None:
        super().__init__(library)
        self.library = library
        self._clock = clock
        self._series: SeriesService | None = None
        self.view: SeriesView | None = None
        self.actions: dict[str, QAction] = {}
        for key, text, icon_name, shortcut, slot in (
            ("follow_up", "New follow-up", "next", "Ctrl+Shift+F", self.new_follow_up),
            ("series", "Series…", "series", "", self.show_series),
        ):
            action = QAction(icon(icon_name), text, library)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            action.setEnabled(False)
            toolbar.addAction(action)
            self.actions[key] = action
        library.table.itemSelectionChanged.connect(self._selection_changed)

    def attach(self, series: SeriesService) -> None:
        self._series = series
        self._selection_changed()

    def _selection_changed(self) -> None:
        has = self._series is not None and self.library.selected_id() is not None
        for action in self.actions.values():
            action.setEnabled(has)

    def new_follow_up(self) -> None:
        workshop_id = self.library.selected_id()
        if self._series is None or workshop_id is None:
            return
        series = self._series
        result = self.library.calls.run(lambda: series.create_follow_up(workshop_id))
        if result is not None:
            new_id, _changes = result
            self.library.select(new_id)
            self.library.sig_open_requested.emit(new_id)

    def show_series(self) -> None:
        workshop_id = self.library.selected_id()
        if self._series is None or workshop_id is None:
            return
        from sprintdesk.ui.series_view import SeriesView

        if self.view is not None:
            self.view.close()
        self.view = SeriesView(self.library, self._series, self.library._hub, workshop_id, self._clock)
        self.view.sig_open_workshop.connect(self.library.sig_open_requested.emit)
        self.view.show()
