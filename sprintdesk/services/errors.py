"""Errors a caller of the services may need to tell apart (re-exported from storage, so the
interface never imports the storage layer)."""

from sprintdesk.domain.errors import ValidationError
from sprintdesk.export.atomic import ExportError
from sprintdesk.storage.errors import (
    BackupError,
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseInUseError,
    DatabaseLocationError,
    NewerSchemaError,
    NotADatabaseError,
    NotFoundError,
    ReadOnlyDatabaseError,
    StaleReferenceError,
    StorageError,
)

__all__ = [
    "BackupError",
    "DamagedDatabaseError",
    "DatabaseBusyError",
    "DatabaseInUseError",
    "DatabaseLocationError",
    "ExportError",
    "NewerSchemaError",
    "NotADatabaseError",
    "NotFoundError",
    "ReadOnlyDatabaseError",
    "StaleReferenceError",
    "StorageError",
    "ValidationError",
]
