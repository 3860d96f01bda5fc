"""Temporary files a killed SprintDesk leaves behind, and how they are found again.

Every temporary file storage writes (a backup being copied, a database being restored) is
named ``.<target>.<pid>.tmp`` beside its target and renamed over it when complete. A process
killed in between leaves it (a backup before a migration can be tens of MB). The next start
removes such files whose process is gone: only in the folders storage owns (the backups'
folder) and beside the database for its own name, never anything that does not follow the
pattern, and never a file of a process that is still running.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path

_PATTERN = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.tmp(-journal|-wal|-shm)?$")
_OLD_STYLE = re.compile(r"^\..+\.tmp(-journal|-wal|-shm)?$")  # before the pid was in the name
OLD_STYLE_AGE_S = 24 * 3600


def temp_name(target: Path) -> Path:
    """``.<name>.<pid>.tmp`` beside ``target``; removed first if a dead process of the same
    pid left one (it cannot be another live writer's: the pid is ours)."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    return temp


def process_is_gone(pid: int) -> bool:
    """True only when no process has this id (never guessed: on Windows, where signal 0
    would end the process, nothing is declared gone)."""
    if pid == os.getpid() or sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # PermissionError: it exists, as another user
        return False
    return False


def _abandoned(name: str, folder: Path, target: str | None) -> bool:
    match = _PATTERN.match(name)
    if match is not None:
        if target is not None and match["target"] != target:
            return False
        return process_is_gone(int(match["pid"]))
    if target is None and _OLD_STYLE.match(name):
        with contextlib.suppress(OSError):
            return time.time() - (folder / name).stat().st_mtime > OLD_STYLE_AGE_S
    return False


def remove_leftovers(folder: Path, target: str | None = None) -> list[Path]:
    """Remove abandoned temporary files in ``folder`` (only those for ``target`` when given,
    for folders that hold other people's files); returns what was removed."""
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return removed
    for name in names:
        if name.startswith(".") and _abandoned(name, folder, target):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
                removed.append(folder / name)
    return removed
