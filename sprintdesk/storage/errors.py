"""Storage problems, each with a message written for the person using the app."""


class StorageError(Exception):
    """A database cannot be opened or used; ``str(error)`` is a complete sentence."""


class DatabaseLocationError(StorageError):
    """The folder is missing or not writable."""


class NotADatabaseError(StorageError):
    """The file is not a SQLite database, or not one of SprintDesk's."""


class NewerSchemaError(StorageError):
    """The database was written by a newer SprintDesk."""


class NotFoundError(StorageError):
    """A workshop, day or item that does not (or no longer) exists."""


class DamagedDatabaseError(NotADatabaseError):
    """The file is a SQLite database but fails its integrity check; it is left untouched."""


class ReadOnlyDatabaseError(StorageError):
    """A change was attempted on a database that is open read-only."""


class BackupError(StorageError):
    """A backup could not be made, read or restored."""


class DatabaseInUseError(StorageError):
    """Another running SprintDesk has the database open."""


class StaleReferenceError(StorageError):
    """A change refers to a row that is gone (a note, participant or board deleted since)."""


class DatabaseBusyError(StorageError):
    """Another program holds a lock on the database (SQLITE_BUSY): it is in use, not damaged.
    Nothing was changed; the same action can be tried again. ``users`` names the program(s)
    where the operating system tells ("sqlite3 (process 4242)"), else "another program"."""

    def __init__(self, message: str, users: str = "another program") -> None:
        super().__init__(message)
        self.users = users


class BackupBusyError(BackupError):
    """A backup could not be made because another program holds the database's write lock
    (the database is in use, not damaged); ``users`` names it as DatabaseBusyError does."""

    def __init__(self, message: str, users: str = "another program") -> None:
        super().__init__(message)
        self.users = users
