"""The suite's guard against dropping SQLite's locks (issue 10).

On Linux, closing any descriptor of a file drops every POSIX lock the process holds on it,
SQLite's included. So no code may open, with Python, a file on which this process holds a
lock (a live database, its ``-wal`` or its ``-shm``): ``install()`` adds an audit hook
(``sys.addaudithook``, the ``open`` event, raised by ``open``, ``os.open``, ``io.open_code``,
``shutil.copy`` ...) that records and refuses such an open. SQLite's own opens are C calls and
raise no event. ``held_locks()`` reads ``/proc/locks`` for this process.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")
violations: list[str] = []
_inside = threading.local()


class LiveDatabaseOpenedError(RuntimeError):
    """Python opened a file this process holds SQLite locks on."""


def held_locks(pid: int | None = None) -> set[tuple[int, int, int]]:
    """(major, minor, inode) of every file ``pid`` (this process) holds a granted POSIX lock
    on: SQLite's kind, which any close of the file drops (``flock`` and open-file-description
    locks belong to one descriptor and are not affected)."""
    pid = os.getpid() if pid is None else pid
    found = set()
    fd = os.open(PROC_LOCKS, os.O_RDONLY)  # /proc/locks, never a database
    try:
        text = b""
        while chunk := os.read(fd, 65536):
            text += chunk
    finally:
        os.close(fd)
    for line in text.decode("ascii", "replace").splitlines():
        fields = line.split()
        if len(fields) < 6 or fields[1] != "POSIX":
            continue
        if fields[4] == str(pid):
            major, minor, inode = fields[5].split(":")
            found.add((int(major, 16), int(minor, 16), int(inode)))
    return found


def identity(path: str | os.PathLike[str]) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return os.major(info.st_dev), os.minor(info.st_dev), info.st_ino


def holds_lock_on(path: str | os.PathLike[str]) -> bool:
    found = identity(path)
    return found is not None and found in held_locks()


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or getattr(_inside, "busy", False):
        return
    target = args[0] if args else None
    if not isinstance(target, (str, bytes, os.PathLike)) or isinstance(target, bytes):
        return
    _inside.busy = True
    try:
        found = identity(target)
        if found is None or found not in held_locks():
            return
        stack = "".join(traceback.format_stack(limit=8)[:-1])
        message = f"opened {target} with Python while this process holds SQLite locks on it\n{stack}"
        violations.append(message)
    finally:
        _inside.busy = False
    raise LiveDatabaseOpenedError(message)


_installed = False


def install() -> bool:
    """Add the hook once (audit hooks cannot be removed); False where /proc/locks is missing."""
    global _installed
    if _installed:
        return True
    if not sys.platform.startswith("linux") or not PROC_LOCKS.exists():
        return False
    sys.addaudithook(_hook)
    _installed = True
    return True
