"""The library's part in series: "New follow-up" of the selected workshop (it opens at
once; its open action items carry over) and "Series…" to see the whole series."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from sprintdesk.ui.shared.icons import icon

if TYPE_CHECKING:  # services load after the library's first paint
    from sprintdesk.domain.clock import Clock
    from sprintdesk.services.series import SeriesService
    from sprintdesk.ui.library.series_view import SeriesView
    from sprintdesk.ui.shared.hub import ChangeHub
    from sprintdesk.ui.shared.service_runner import ServiceRunner


class LibrarySeries(QObject):
    """The library's "New follow-up" and "Series…". It knows the library only through what
    it is given: the selection, the runner, and two signals the library acts on."""

    sig_made = Signal(int)  # a follow-up was created: the library selects and opens it
    sig_open_workshop = Signal(int)  # a workshop picked in the series view

    def __init__(
        self,
        owner: QWidget,
        toolbar: QToolBar,
        hub: ChangeHub,
        calls: ServiceRunner,
        selected_id: Callable[[], int | None],
        clock: Clock,
    ) -> None:
        super().__init__(owner)
        self._owner, self._hub, self._calls, self._selected_id = owner, hub, calls, selected_id
        self._clock = clock  # what the series view counts as overdue
        self._series: SeriesService | None = None
        self.view: SeriesView | None = None
        self.actions: dict[str, QAction] = {}
        for key, text, icon_name, shortcut, slot in (
            ("follow_up", "New follow-up", "next", "Ctrl+Shift+F", self.new_follow_up),
            ("series", "Series…", "series", "", self.show_series),
        ):
            action = QAction(icon(icon_name), text, owner)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            action.setEnabled(False)
            toolbar.addAction(action)
            self.actions[key] = action

    def attach(self, series: SeriesService) -> None:
        self._series = series
        self.selection_changed()

    def selection_changed(self) -> None:
        has = self._series is not None and self._selected_id() is not None
        for action in self.actions.values():
            action.setEnabled(has)

    def new_follow_up(self) -> None:
        workshop_id = self._selected_id()
        if self._series is None or workshop_id is None:
            return
        series = self._series
        result = self._calls.run(lambda: series.create_follow_up(workshop_id))
        if result is not None:
            self.sig_made.emit(result[0])

    def show_series(self) -> None:
        workshop_id = self._selected_id()
        if self._series is None or workshop_id is None:
            return
        from sprintdesk.ui.library.series_view import SeriesView

        if self.view is not None:
            self.view.close()
        self.view = SeriesView(self._owner, self._series, self._hub, workshop_id, self._clock)
        self.view.sig_open_workshop.connect(self.sig_open_workshop.emit)
        self.view.show()
