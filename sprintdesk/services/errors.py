"""Errors a caller of the services may need to tell apart (re-exported from storage, so the
interface never imports the storage layer)."""

from sprintdesk.domain.errors import ValidationError
from sprintdesk.export.atomic import ExportError
from sprintdesk.storage.errors import (
    DatabaseLocationError,
    NewerSchemaError,
    NotADatabaseError,
    NotFoundError,
    StorageError,
)

__all__ = [
    "DatabaseLocationError",
    "ExportError",
    "NewerSchemaError",
    "NotADatabaseError",
    "NotFoundError",
    "StorageError",
    "ValidationError",
]
