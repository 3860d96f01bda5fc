"""Composition root: builds the clock, database, services, hub and windows, and runs Qt."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sprintdesk import __version__
from sprintdesk.domain.clock import Clock, SystemClock
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.errors import NotFoundError, StorageError
from sprintdesk.services.run import LiveRun
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.location import ENV_VAR, resolve_database
from sprintdesk.ui.hub import ChangeHub
from sprintdesk.ui.icons import icon
from sprintdesk.ui.library_window import LibraryWindow
from sprintdesk.ui.settings import APPLICATION, ORGANIZATION, AppSettings
from sprintdesk.ui.theme import follow_system_scheme
from sprintdesk.ui.workshop_window import WorkshopWindow


class SprintDesk:
    """The running application: one library window and one window per open workshop."""

    def __init__(self, db: Database, clock: Clock, settings: AppSettings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.hub = ChangeHub()
        self.workshops = WorkshopService(db)
        self.agenda = AgendaService(db)
        self.library = LibraryWindow(self.workshops, self.hub, settings, db.label)
        self.library.sig_open_requested.connect(self.open_workshop)
        self.windows: dict[int, WorkshopWindow] = {}

    def show_library(self) -> None:
        self.library.show()
        self.library.raise_()
        self.library.activateWindow()

    def open_workshop(self, workshop_id: int) -> WorkshopWindow | None:
        window = self.windows.get(workshop_id)
        if window is None:
            try:
                live = LiveRun(self.db, workshop_id, self.clock)
            except NotFoundError:
                return None
            window = WorkshopWindow(
                workshop_id,
                workshops=self.workshops,
                agenda=self.agenda,
                live_run=live,
                hub=self.hub,
                clock=self.clock,
                settings=self.settings,
                show_library=self.show_library,
            )
            window.sig_closed.connect(self._closed)
            self.windows[workshop_id] = window
        self.settings.set_last_workshop(self.db.label, workshop_id)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _closed(self, workshop_id: int) -> None:
        window = self.windows.pop(workshop_id, None)
        if window is not None:
            window.deleteLater()
        if not self.windows and not self.library.isVisible():
            self.settings.set_last_workshop(self.db.label, None)
            self.show_library()

    def restore_last(self) -> None:
        last = self.settings.last_workshop(self.db.label)
        if last is not None and self.open_workshop(last) is None:
            self.settings.set_last_workshop(self.db.label, None)

    def close(self) -> None:
        for window in list(self.windows.values()):
            window.close()
        self.settings.sync()
        self.db.close()


def make_qapplication() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("SprintDesk")
    app.setDesktopFileName("sprintdesk")
    app.setWindowIcon(icon("sprintdesk"))
    follow_system_scheme(app)
    return app


def run_app(db_arg: str | None = None) -> int:
    import os

    app = make_qapplication()
    target = resolve_database(db_arg)
    explicit = db_arg is not None or bool(os.environ.get(ENV_VAR, "").strip())
    try:
        db = open_database(target, create_folder=not explicit)
    except StorageError as error:
        QMessageBox.critical(
            None,
            "SprintDesk cannot open the database",
            f"{str(error).rstrip('.')}.\n\nNothing was changed. Start SprintDesk with "
            "--db PATH to open another file.",
        )
        print(f"sprintdesk: error: {error}", file=sys.stderr)
        return 1
    desk = SprintDesk(db, SystemClock(), AppSettings())
    desk.show_library()
    QTimer.singleShot(0, desk.restore_last)
    app.aboutToQuit.connect(desk.close)
    return app.exec()
