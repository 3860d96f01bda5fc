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


def instance_key(target: str) -> str:
    """One name for a database however it was given (relative path, ~, a URL)."""
    if is_url(target):
        return target
    return str(Path(target).expanduser().resolve())
