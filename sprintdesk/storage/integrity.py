"""Whether a SQLite file is sound, looked at without changing it: ``PRAGMA quick_check`` (or
``integrity_check``) on a read-only connection, immutable when nobody writes (see
``sqlite_file``), looked at again under SQLite's locks when a writer started meanwhile.
Busy is never taken for damaged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sprintdesk.storage import sqlite_file
from sprintdesk.storage.busy import BUSY_TIMEOUT_MS, busy_error
from sprintdesk.storage.errors import DamagedDatabaseError, StorageError


def check_integrity(
    path: Path, label: str | None = None, *, full: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> None:
    """``PRAGMA quick_check`` (``integrity_check`` with ``full``) on a read-only connection
    that leaves the file and its folder exactly as they were; DamagedDatabaseError if not ok,
    DatabaseBusyError (never "damaged") when another program holds it locked.

    Without a ``-wal`` or ``-journal`` the look is immutable; if the file changed during such
    a look it is looked at again with SQLite's locks (``sqlite_file.settled_look``), so a
    writer that started meanwhile is never taken for damage."""
    label = label or str(path)
    untouched = "SprintDesk has not changed it"
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = sqlite_file.settled_look(
            path,
            lambda connection: [row[0] for row in connection.execute(f"PRAGMA {pragma}")],
            timeout_ms=busy_timeout_ms,
        )
    except sqlite3.OperationalError as error:
        if sqlite_file.is_busy(error):
            raise busy_error(label, path, busy_timeout_ms) from None
        if "unable to open" in str(error):
            raise StorageError(f"cannot read {label}: {error}") from None
        raise DamagedDatabaseError(f"{label} is damaged or not a database ({error}); {untouched}") from None
    except sqlite3.DatabaseError as error:
        raise DamagedDatabaseError(f"{label} is damaged or not a database ({error}); {untouched}") from None
    if rows != ["ok"]:
        first = " ".join(str(rows[0] if rows else "no result").split())
        more = f" and {len(rows) - 1} more problems" if len(rows) > 1 else ""
        raise DamagedDatabaseError(f"{label} is damaged ({first}{more}); {untouched}")
