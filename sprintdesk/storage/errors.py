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
