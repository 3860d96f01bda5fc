"""Backups are as private as the database they copy: a 0600 database gets 0600 backups in a
0700 folder, never the 0644 / 0755 a default umask would give (issue 10)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE = 0o600


def private_mode(database: Path) -> int:
    """The permission bits a copy of ``database`` gets: the database's own read and write
    bits (never execute), or owner-only when they cannot be read."""
    try:
        return stat.S_IMODE(database.stat().st_mode) & 0o666
    except OSError:
        return PRIVATE


def folder_mode(file_mode: int) -> int:
    """A folder for files of ``file_mode``: the same bits, with search (x) wherever read is."""
    return file_mode | ((file_mode & 0o444) >> 2)


def private_folder(folder: Path, file_mode: int) -> None:
    """Make ``folder`` (and missing parents, owner-only) for files of ``file_mode``; an
    existing one wider than that is narrowed, as are the files in it."""
    wanted = folder_mode(file_mode)
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(mode=wanted, exist_ok=True)
    current = stat.S_IMODE(folder.stat().st_mode)
    if current & ~wanted:
        os.chmod(folder, current & wanted)
    for entry in os.scandir(folder):
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
            if entry.is_file(follow_symlinks=False) and mode & ~file_mode:
                os.chmod(entry.path, mode & file_mode)
