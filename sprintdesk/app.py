"""Composition root: builds the clock, database, services, hub and windows, and runs Qt.

Start-up shows the library window first and opens the database on the next turns of the
event loop, after the window has painted: loading SQLAlchemy costs more than everything
else the first window needs. Modules only a workshop window needs are imported on demand.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from sprintdesk import __version__
from sprintdesk.ui.library.window import LibraryWindow
from sprintdesk.ui.shared.hub import ChangeHub
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.settings import APPLICATION, ORGANIZATION, AppSettings
from sprintdesk.ui.shared.theme import FUSION_SET, follow_system_scheme

if TYPE_CHECKING:
    from sprintdesk.domain.clock import Clock
    from sprintdesk.services.backups import BackupService
    from sprintdesk.services.errors import StorageError
    from sprintdesk.storage.database import Database
    from sprintdesk.storage.watcher import OutsideWrites
    from sprintdesk.ui.room.backend import ServerFactory
    from sprintdesk.ui.shared.outside import OutsidePoll
    from sprintdesk.ui.workshop.window import WorkshopWindow


BACKUP_EVERY_MS = 15 * 60 * 1000
APP_BUSY_TIMEOUT_MS = 250  # the app waits this long inside a call, then shows that it is waiting
OUTSIDE_POLL_MS = 500  # how often the app asks SQLite whether another program wrote (microseconds each)


class SprintDesk:
    """The running application: one library window and one window per open workshop."""

    def __init__(self, db: Database | None, clock: Clock, settings: AppSettings) -> None:
        self.clock = clock
        self.settings = settings
        self.hub = ChangeHub()
        self.library = LibraryWindow(self.hub, settings, clock)
        self.library.sig_open_requested.connect(self.open_workshop)
        self.windows: dict[int, WorkshopWindow] = {}
        self.db: Database | None = None
        self.instance_server: object | None = None
        self.lock: object | None = None
        self.outside: OutsideWrites | None = None
        self.outside_poll: OutsidePoll | None = None
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """Connect the opened database: its services (built once), then the library's list."""
        from sprintdesk.services.bundle import Services

        self.db = db
        self.services = services = Services.of(db, self.clock)
        # The names the rest of the app (and its tests) use for the services it calls itself.
        self.workshops, self.agenda, self.boards = services.workshops, services.agenda, services.boards
        self.voting, self.importer, self.exports = services.voting, services.note_import, services.exports
        self.workshop_files, self.templates = services.workshop_files, services.templates
        self.personal_templates, self.outcomes, self.series = (
            services.personal_templates,
            services.outcomes,
            services.series,
        )
        self.library.attach_files(services.workshop_files)
        self.library.attach_templates(services.templates)
        self.library.attach_personal_templates(services.personal_templates)
        self.library.sig_restore_requested.connect(self.restore_from_backup)
        self.library.series.attach(services.series)
        self.library.attach(services.workshops, db.label)
        self.watch_outside()

    # -- writes by other programs (the command line, ...) ----------------------------------------
    def watch_outside(self) -> None:
        """Poll SQLite for other programs' commits; the open windows re-read what they show."""
        from sprintdesk.storage.watcher import OutsideWrites
        from sprintdesk.ui.shared.outside import OutsidePoll

        self.stop_watching_outside()
        if self.db is None:
            return
        self.outside = OutsideWrites(self.db)
        if self.outside.active:
            self.outside_poll = OutsidePoll(self.outside.poll, OUTSIDE_POLL_MS, self.library)
            self.outside_poll.sig_outside.connect(self.show_outside_changes)

    def stop_watching_outside(self) -> None:
        if self.outside_poll is not None:
            self.outside_poll.stop()
            self.outside_poll.deleteLater()
            self.outside_poll = None
        if self.outside is not None:
            self.outside.close()
            self.outside = None

    def show_outside_changes(self) -> None:
        """Another program wrote: every view re-reads what it shows (reading again is
        harmless). A read refused meanwhile (busy, I/O) is simply made on the next poll."""
        from sprintdesk.services.errors import StorageError
        from sprintdesk.ui.shared.outside import outside_changes

        try:
            found = outside_changes(self.windows.values(), self.workshops, self.boards)
        except StorageError:
            if self.outside is not None:
                self.outside.look_again()
            return
        for changes in found:
            self.hub.publish(changes)

    def start_backups(self) -> None:
        """A backup every 15 minutes while the database changes (never blocks on failure)."""
        from PySide6.QtCore import QTimer

        if self.db is None:
            return
        if self.db.read_only:
            self.library.footer.setText(f"{self.library.footer.text()} — {self.db.read_only_message}")
        self.backup_timer = QTimer(self.library)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        db = self.db
        self.backup_timer.timeout.connect(lambda: db.backup_if_changed("every 15 minutes"))
        self.backup_timer.start()

    def restore_from_backup(self) -> None:
        """File > Restore from backup: pick one, confirm, the current state is backed up first."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from sprintdesk.services.backups import BackupService

        if self.db is None:
            return
        files = BackupService(self.db.label)
        found = files.backups()
        if not found:
            QMessageBox.information(
                self.library, "Restore from backup", "There are no backups of this database yet."
            )
            return
        labels = [info.describe() for info in found]
        choice, ok = QInputDialog.getItem(
            self.library, "Restore from backup", "Backup to restore:", labels, 0, False
        )
        if not ok:
            return
        info = found[labels.index(choice)]
        answer = QMessageBox.question(
            self.library,
            "Restore from backup",
            f"Replace the database with the backup of {info.describe()}?\n\n"
            "The current state is backed up first, so this can be undone by restoring that.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.stop_watching_outside()  # its connection too: the file is replaced
        self.db.close()  # SprintDesk's own pooled connections; they reopen on the next call
        try:
            files.restore(info, timeout_ms=APP_BUSY_TIMEOUT_MS)
        except Exception as error:  # nothing was changed: the windows stay as they are
            self.watch_outside()
            QMessageBox.warning(self.library, "Restore from backup", f"The backup was not restored: {error}")
            return
        self.watch_outside()
        for window in list(self.windows.values()):  # they show what is gone now
            window.close()
        self.library.refresh()
        QMessageBox.information(
            self.library,
            "Restore from backup",
            f"Restored the backup of {info.describe()}. The state before it is kept as a backup too.",
        )

    def bring_to_front(self) -> None:
        """Another SprintDesk was started on this database: show ours instead."""
        window = next(reversed(self.windows.values()), None) if self.windows else None
        target = window or self.library
        if target.isMinimized():
            target.showNormal()
        else:
            target.show()
        target.raise_()
        target.activateWindow()

    def show_library(self) -> None:
        self.library.show()
        self.library.raise_()
        self.library.activateWindow()

    def open_workshop(self, workshop_id: int) -> WorkshopWindow | None:
        from sprintdesk.services.errors import NotFoundError
        from sprintdesk.services.run import LiveRun
        from sprintdesk.ui.workshop.window import WorkshopWindow

        assert self.db is not None, "open a database first"
        window = self.windows.get(workshop_id)
        if window is None:
            try:
                live = LiveRun(self.db, workshop_id, self.clock)
            except NotFoundError:
                return None
            window = WorkshopWindow(
                workshop_id,
                services=self.services,
                live_run=live,
                hub=self.hub,
                clock=self.clock,
                settings=self.settings,
                show_library=self.show_library,
                make_room_server=self.room_server_factory(),
            )
            window.sig_closed.connect(self._closed)
            window.sig_open_workshop.connect(self.open_workshop)
            self.windows[workshop_id] = window
        self.settings.set_last_workshop(self.db.label, workshop_id)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def room_server_factory(self) -> ServerFactory | None:
        """How a workshop window makes its room server: on this database's file, with this
        desk's clock (None for a database that is not a file: phones cannot join it)."""
        from sprintdesk.web.server import RoomServer

        path, clock = self.db.path if self.db is not None else None, self.clock
        if path is None or self.db is None or self.db.read_only:
            return None
        return lambda workshop_id, on_changes: RoomServer(path, workshop_id, clock, on_changes)

    def _closed(self, workshop_id: int) -> None:
        window = self.windows.pop(workshop_id, None)
        if window is not None:
            window.deleteLater()
        if not self.windows and not self.library.isVisible():
            if self.db is not None:
                self.settings.set_last_workshop(self.db.label, None)
            self.show_library()

    def restore_last(self) -> None:
        if self.db is None:
            return
        last = self.settings.last_workshop(self.db.label)
        if last is not None and self.open_workshop(last) is None:
            self.settings.set_last_workshop(self.db.label, None)

    def close(self) -> None:
        for window in list(self.windows.values()):
            window.close()  # waits for a PDF still being written
        self.library.close()
        self.settings.sync()
        self.stop_watching_outside()
        if self.db is not None:
            self.db.close()
        release = getattr(self.lock, "release", None)
        if callable(release):
            release()


def make_qapplication() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication([*sys.argv[:1], "-style", "fusion"])
    app.setProperty(FUSION_SET, True)
    app.setApplicationDisplayName("SprintDesk")
    app.setDesktopFileName("sprintdesk")
    app.setWindowIcon(icon("sprintdesk"))
    follow_system_scheme(app)
    return app


class _AfterFirstPaint(QObject):
    """Calls back one loop turn after a window's first paint."""

    def __init__(self, window: LibraryWindow, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


class _DatabaseOpening:
    """Opening the database after the library's first paint, and every way it can go
    wrong: another SprintDesk has it (that one comes forward), another program is writing
    (a cancellable wait, never "damaged"), or it cannot be opened (say why, offer a backup
    only for a damaged file, another file, a new one, or quit; nothing is the default that
    changes a file)."""

    def __init__(self, app: QApplication, desk: SprintDesk, db_arg: str | None) -> None:
        self.app, self.desk, self.db_arg = app, desk, db_arg
        self.code = 0

    def quit(self, code: int) -> None:
        self.code = code
        self.app.quit()

    def refuse(self, problem: str, consequence: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        print(f"sprintdesk: error: {problem}", file=sys.stderr)
        QMessageBox.critical(
            self.desk.library, "SprintDesk cannot open the database", f"{problem}\n\n{consequence}"
        )
        self.quit(1)

    def release_lock(self) -> None:
        release = getattr(self.desk.lock, "release", None)
        if callable(release):
            release()

    def open_now(self, chosen: str | None = None) -> None:
        from sprintdesk.export.temp_journal import start_journal
        from sprintdesk.services.backups import BackupService
        from sprintdesk.services.errors import DatabaseInUseError, StorageError
        from sprintdesk.storage.location import export_journal_dir, instance_key, is_url, resolve_database
        from sprintdesk.ui.shared.single_instance import InstanceServer, ask_running_instance

        start_journal(export_journal_dir())  # and remove what killed exports left behind
        target = chosen or resolve_database(self.db_arg)
        if ask_running_instance(instance_key(target)):  # one writer: the one that has it comes forward
            print(f"sprintdesk: {target} is already open in SprintDesk; brought it to the front")
            self.quit(0)
            return
        files = BackupService(target)
        try:
            self.desk.lock = files.lock() if not is_url(target) else None
        except DatabaseInUseError as error:
            self.refuse(f"{error}", "SprintDesk will not write to it at the same time.")
            return
        try:
            db = self.open_waiting(target, chosen)
        except StorageError as error:
            self.cannot_open(target, files, error)
            return
        try:  # a new file: lock it by its identity too, so a hard link finds this SprintDesk
            getattr(self.desk.lock, "cover_identity", lambda: None)()
        except DatabaseInUseError as error:
            db.close()
            self.refuse(f"{error}", "SprintDesk will not write to it at the same time.")
            return
        self.desk.attach(db)
        server = InstanceServer(instance_key(target), self.desk.bring_to_front, self.desk.library)
        self.desk.instance_server = server
        self.desk.start_backups()
        self.desk.restore_last()

    def open_waiting(self, target: str, chosen: str | None) -> Database:
        """open_database; while another program writes to the file, a cancellable wait."""
        from sprintdesk.services.errors import DatabaseBusyError
        from sprintdesk.storage.database import open_database
        from sprintdesk.storage.location import is_explicit
        from sprintdesk.ui.shared.busy_wait import OPEN, WaitCancelledError, wait_for_database

        explicit = chosen is not None or is_explicit(self.db_arg)

        def attempt() -> Database:
            return open_database(
                target, create_folder=not explicit, busy_timeout_ms=APP_BUSY_TIMEOUT_MS, clock=self.desk.clock
            )

        try:
            return attempt()
        except DatabaseBusyError as busy:
            try:
                return wait_for_database(attempt, busy, self.desk.library, then=OPEN)
            except WaitCancelledError as stopped:
                raise DatabaseBusyError(f"{target} is in use: {stopped}", stopped.users) from None

    def cannot_open(self, target: str, files: BackupService, error: StorageError) -> None:
        from sprintdesk.services.errors import BackupError, DatabaseBusyError, NotADatabaseError
        from sprintdesk.storage.location import is_url
        from sprintdesk.ui.library import open_problem

        print(f"sprintdesk: error: {error}", file=sys.stderr)
        damaged = isinstance(error, NotADatabaseError)  # never for a busy one: in use is not damaged
        latest = files.latest() if damaged and not is_url(target) else None
        offered = latest.describe() if latest else None
        busy = isinstance(error, DatabaseBusyError)
        choice = open_problem.ask_what_to_do(self.desk.library, str(error), offered, retry=busy)
        if choice == open_problem.RETRY:
            self.release_lock()
            self.open_now(target)
        elif choice == open_problem.RESTORE and latest is not None:
            self.release_lock()
            try:
                files.restore(latest)  # with consent; the damaged file is kept as a backup
            except BackupError as failed:
                self.refuse(f"{failed}", "The file was left as it was.")
                return
            self.open_now(target)
        elif choice in (open_problem.OPEN, open_problem.NEW):
            path = open_problem.choose_file(self.desk.library, new=choice == open_problem.NEW)
            self.release_lock()
            if path:
                self.open_now(path)
            else:
                self.quit(1)
        else:
            self.quit(1)


def run_app(db_arg: str | None = None) -> int:
    from sprintdesk.domain.clock import SystemClock

    app = make_qapplication()
    desk = SprintDesk(None, SystemClock(), AppSettings())
    opening = _DatabaseOpening(app, desk, db_arg)
    _AfterFirstPaint(desk.library, opening.open_now)
    desk.show_library()
    app.aboutToQuit.connect(desk.close)
    code = app.exec()
    return opening.code or code
