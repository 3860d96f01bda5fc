"""Backups, restore, the one-writer lock and file checks, for the interface (which never
imports storage): thin use cases over storage.backup and storage.lock."""

from __future__ import annotations

from pathlib import Path

from sprintdesk.storage import backup as storage_backup
from sprintdesk.storage import lock as storage_lock
from sprintdesk.storage import restore as storage_restore
from sprintdesk.storage.backup import BackupInfo
from sprintdesk.storage.database import check_database
from sprintdesk.storage.lock import DatabaseLock

__all__ = ["BackupInfo", "BackupService", "DatabaseLock"]


class BackupService:
    """For one database file (a path; URLs have no file backups)."""

    def __init__(self, target: str | Path) -> None:
        self.target = str(target)

    def backups(self) -> list[BackupInfo]:
        return storage_backup.list_backups(self.target)

    def folder(self) -> Path | None:
        """Where this database's backups go; None for a database that is not a file."""
        path = storage_backup.sqlite_path_of(self.target)
        return storage_backup.backup_folder(path) if path is not None else None

    def latest(self) -> BackupInfo | None:
        found = self.backups()
        return found[0] if found else None

    def restore(self, info: BackupInfo, *, timeout_ms: int = 5000) -> BackupInfo | None:
        """SprintDesk's own connections should be closed. The current state is backed up
        first; another program holding the database for ``timeout_ms`` stops it unchanged."""
        return storage_restore.restore_backup(self.target, info, timeout_ms=timeout_ms)

    def problem(self) -> str | None:
        """What is wrong with the file, or None when it is fine."""
        return check_database(self.target)

    def lock(self) -> DatabaseLock:
        """Raises DatabaseInUseError when another SprintDesk writes to this database."""
        return storage_lock.acquire_lock(self.target)
