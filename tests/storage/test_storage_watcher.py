"""storage/watcher.py: another program's commits are noticed (PRAGMA data_version on a
connection of the watcher's own), the app's own are not, and a busy file is asked again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import event

from sprintdesk.domain.clock import FakeClock
from sprintdesk.services.bundle import Services
from sprintdesk.storage.database import Database
from sprintdesk.storage.watcher import OutsideWrites


def _write_outside(db_path: Path, title: str = "From the command line") -> None:
    """A commit by another connection, as another program makes it."""
    connection = sqlite3.connect(db_path)
    try:
        with connection:
            connection.execute(
                "INSERT INTO workshops (title, goal, facilitator, created_at, updated_at) "
                "VALUES (?, '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (title,),
            )
    finally:
        connection.close()


def test_another_programs_commit_is_noticed_once(db: Database, db_path: Path) -> None:
    watcher = OutsideWrites(db)
    try:
        assert watcher.active
        assert not watcher.poll()
        _write_outside(db_path)
        assert watcher.poll()
        assert not watcher.poll()  # once: nothing new since
    finally:
        watcher.close()


def test_the_apps_own_commits_are_not_outside(db: Database, services: Services) -> None:
    watcher = OutsideWrites(db)
    try:
        services.workshops.create("Ours")
        services.workshops.rename(services.workshops.list()[0].id, "Still ours")
        assert not watcher.poll()
    finally:
        watcher.close()


def test_an_outside_commit_before_one_of_ours_is_still_reported(
    db: Database, db_path: Path, services: Services
) -> None:
    """The app's commit after another program's must not swallow it."""
    watcher = OutsideWrites(db)
    try:
        _write_outside(db_path)
        services.workshops.create("Ours, after theirs")
        assert watcher.poll()
        assert not watcher.poll()
    finally:
        watcher.close()


class _Refusing:
    """Stands in for the watcher's connection while another program holds the file: every
    statement is refused as SQLite refuses it (SQLITE_BUSY). A real refusal cannot be made
    here: in WAL mode only an exclusive-locking connection makes readers busy, and it cannot
    get its lock while the watcher's own connection is open."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, _sql: str) -> sqlite3.Cursor:
        busy = sqlite3.OperationalError("database is locked")
        busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise busy

    def close(self) -> None:
        self.real.close()


def test_an_outside_commit_just_after_one_of_ours_is_still_reported(
    db: Database, db_path: Path, services: Services
) -> None:
    """Another program commits in the moment after the app's commit released the lock and
    before the watcher took that commit as seen (review of issue 12: it was taken for ours)."""
    armed = [False]

    def the_other_program_commits(_session: object) -> None:
        if armed[0]:
            armed[0] = False
            _write_outside(db_path)

    event.listen(db.sessions, "after_commit", the_other_program_commits)  # runs before the watcher's
    watcher = OutsideWrites(db)
    try:
        assert not watcher.poll()
        armed[0] = True
        services.workshops.create("Ours")
        assert not armed[0], "the other program did commit in the gap"
        assert watcher.poll(), "its commit is reported"
        assert not watcher.poll()
    finally:
        watcher.close()
        event.remove(db.sessions, "after_commit", the_other_program_commits)


def test_a_busy_file_is_asked_again_without_an_error(
    db: Database, db_path: Path, services: Services
) -> None:
    """A poll refused as busy says "nothing yet" (no error, no wait); the next poll once the
    file is free reports the write. A commit of ours whose look was refused counts as a
    change (reading again is harmless), never as an error."""
    watcher = OutsideWrites(db)
    real = watcher._connection
    assert real is not None
    try:
        _write_outside(db_path)
        watcher._connection = _Refusing(real)  # type: ignore[assignment]
        assert not watcher.poll()
        services.workshops.create("Ours, while the watcher cannot look")
        watcher._connection = real
        assert watcher.poll()
        assert not watcher.poll()
    finally:
        watcher._connection = real
        watcher.close()


def test_a_second_connection_of_the_app_counts_as_its_own_once_told(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    """The room's server writes phones' notes through a connection of its own on the same file;
    its Changes reach the windows directly, so the watcher must not also call them another
    program's (that made every phone note re-read every window). Until ``also_own`` it does;
    after ``forget`` it does again."""
    from sprintdesk.storage.database import open_database

    watcher = OutsideWrites(db)
    server_db = open_database(db_path, must_exist=True, backups_enabled=False)
    try:
        server = Services.of(server_db, clock)
        server.workshops.create("Before also_own")
        assert watcher.poll()  # an unknown connection: another program as far as it knows
        forget = watcher.also_own(server_db)
        server.workshops.create("From the room's server")
        assert not watcher.poll()
        _write_outside(db_path)  # a real other program is still noticed
        assert watcher.poll()
        forget()
        forget()  # twice is harmless
        server.workshops.create("After forget")
        assert watcher.poll()
    finally:
        server_db.close()
        watcher.close()
