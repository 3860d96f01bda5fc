"""Which other programs hold a lock on a database, where the operating system tells.

On Linux, ``/proc/locks`` lists every POSIX and flock lock with the process that holds it and
the file's device and inode; ``/proc/<pid>/comm`` names the process. SQLite's locks are POSIX
locks on the database, its ``-wal`` and its ``-shm``, so when the database is busy the
holders can be named ("in use by sqlite3, process 4242"). Elsewhere this finds nobody, and
the message simply says "another program". Reading ``/proc`` opens none of the database's
files, so it cannot disturb the locks it reports.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")


@dataclasses.dataclass(frozen=True, slots=True)
class LockHolder:
    pid: int
    name: str  # the program's name, or "" when the OS does not say

    def describe(self) -> str:
        return f"{self.name or 'a program'} (process {self.pid})"


@dataclasses.dataclass(frozen=True, slots=True)
class HeldLock:
    """One line of ``/proc/locks``: a process's lock on one file."""

    pid: int
    device: tuple[int, int]  # major, minor
    inode: int
    kind: str  # POSIX, FLOCK, OFDLCK
    access: str  # READ or WRITE
    waiting: bool  # a blocked request ("->"), not a held lock


def parse_locks(text: str) -> list[HeldLock]:
    """The locks described by the text of ``/proc/locks``; lines it cannot read are skipped."""
    found: list[HeldLock] = []
    for line in text.splitlines():
        fields = line.split()
        waiting = len(fields) > 1 and fields[1] == "->"
        if waiting:
            fields = fields[:1] + fields[2:]
        try:
            kind, access, pid, where = fields[1], fields[3], int(fields[4]), fields[5]
            major, minor, inode = where.split(":")
            found.append(HeldLock(pid, (int(major, 16), int(minor, 16)), int(inode), kind, access, waiting))
        except (IndexError, ValueError):
            continue
    return found


def _identity(path: Path) -> tuple[tuple[int, int], int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (os.major(info.st_dev), os.minor(info.st_dev)), info.st_ino


def locks_on(path: Path) -> list[HeldLock]:
    """Every lock held on the file at ``path`` (all processes), from ``/proc/locks``."""
    identity = _identity(path)
    if identity is None:
        return []
    try:
        text = PROC_LOCKS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return [lock for lock in parse_locks(text) if (lock.device, lock.inode) == identity]


def program_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def other_holders(database: Path) -> list[LockHolder]:
    """The other processes that hold a lock on the database or its ``-wal`` / ``-shm``: those
    holding a write lock (the writer that makes us wait) when there are any, else every
    reader; in the order of their process ids; empty where the OS does not say."""
    held = [
        lock
        for file in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
        for lock in locks_on(file)
        if not lock.waiting and lock.pid != os.getpid()
    ]
    writers = {lock.pid for lock in held if lock.access == "WRITE"}
    pids = writers or {lock.pid for lock in held}
    return [LockHolder(pid, program_name(pid)) for pid in sorted(pids)]


def this_process_writes(database: Path) -> bool:
    """True when this process holds a write lock on the database or its ``-wal`` / ``-shm``:
    another of its own connections is writing (a workshop import on its worker thread)."""
    return any(
        lock.pid == os.getpid() and lock.access == "WRITE" and not lock.waiting
        for file in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
        for lock in locks_on(file)
    )


def describe_users(database: Path) -> str:
    """Who holds the database: "sqlite3 (process 4242)", "python3 (process 1) and sqlite3
    (process 2)", "another task of this SprintDesk" or "another program"."""
    holders = [holder.describe() for holder in other_holders(database)]
    if not holders:
        if this_process_writes(database):
            return "another task of this SprintDesk (an import, say)"
        return "another program"
    return holders[0] if len(holders) == 1 else ", ".join(holders[:-1]) + " and " + holders[-1]
