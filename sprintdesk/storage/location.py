"""Where the database lives: ``--db PATH``, then ``SPRINTDESK_DB``, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "SprintDesk"
DB_FILENAME = "sprintdesk.sqlite3"
ENV_VAR = "SPRINTDESK_DB"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def export_journal_dir() -> Path:
    """Where ``export.temp_journal`` lists the temporary files of exports being written."""
    return default_data_dir() / "exports-in-progress"


def resolve_database(explicit: str | None = None) -> str:
    """A path or a SQLAlchemy URL (anything with ``://``), by precedence."""
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return from_env
    return str(default_data_dir() / DB_FILENAME)


def is_url(target: str) -> bool:
    return "://" in target


def is_explicit(explicit: str | None = None) -> bool:
    """True when the person named the database (``--db`` or ``SPRINTDESK_DB``): then its
    folder must exist already; only the default data folder is created on demand."""
    return bool(explicit) or bool(os.environ.get(ENV_VAR, "").strip())


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """The (device, inode) of an existing file, following symbolic links: the same for every
    name of the file (a hard link, a symbolic link, a relative path, a bind mount), None when
    there is no such file. Only ``stat()``: the file is never opened (closing any descriptor
    of a live SQLite database would drop SQLite's locks)."""
    try:
        found = os.stat(Path(path).expanduser())
    except (OSError, ValueError):
        return None
    if found.st_ino == 0:  # a file system without inode numbers: the identity says nothing
        return None
    return found.st_dev, found.st_ino


def instance_key(target: str) -> str:
    """One name for a database however it was given: an existing file by its identity
    (device and inode, so every path and hard link to it agrees), a file still to be made by
    its real path, a URL as it is."""
    if is_url(target):
        return target
    identity = file_identity(target)
    if identity is not None:
        return f"file-id:{identity[0]}:{identity[1]}"
    return str(Path(target).expanduser().resolve())
