"""Temporary export files outlive a killed export; the journal finds them at the next start.

While ``atomic_output`` writes ``.<name>.<12 hex digits>.part`` beside its target, the
journal keeps one small entry for it, ``<folder>/<random>.entry`` = ``{"temp": path, "pid",
"host"}``, and the writing process holds an exclusive ``flock`` on that entry until the
temporary file is gone (renamed onto the target, or removed). The OS drops the lock when the
writer dies, however it dies, so at start-up ``clean_leftovers`` takes every entry it can
lock (its writer is gone), removes the temporary file it names and then the entry. The lock
says more than a pid would: a pid is reused (after a reboot, always), a lock is not.

Where the journal lives is the composition root's choice (``start_journal(folder)`` from
the app and the command line, with a folder in the user's data): export/ does not know the
user's folders (storage does, and export never imports storage). Until then nothing is
recorded; exports work the same. Nothing is ever deleted unless its name has the temporary
pattern and it is a regular file. Entries are written ``.new-*`` and renamed into place once
locked, so a cleaner never sees an unlocked entry of a live writer. POSIX only: without
``flock`` (Windows) the journal records nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".part"
TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.part", re.DOTALL)
ENTRY_SUFFIX = ".entry"
PENDING_PREFIX = ".new-"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def temp_name_for(target_name: str) -> str:
    """``.<name>.<12 hex>.part`` (the name shortened so the whole stays a legal file name)."""
    return f".{target_name[:200]}.{secrets.token_hex(6)}{TEMP_SUFFIX}"


class TempJournal:
    """The registry of temporary export files; one per process (``JOURNAL``)."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def use(self, folder: Path) -> None:
        self.folder = Path(folder)

    @contextlib.contextmanager
    def recording(self, temp: Path) -> Iterator[None]:
        """Lists ``temp`` (an absolute path, not yet made) for the duration of the block.
        Best effort: a journal that cannot be written never stops an export."""
        entry = self._record(temp)
        try:
            yield
        finally:
            if entry is not None:
                path, fd = entry
                with contextlib.suppress(OSError):
                    path.unlink()
                os.close(fd)  # after the unlink: a cleaner never locks an entry still in use

    def _record(self, temp: Path) -> tuple[Path, int] | None:
        if self.folder is None or fcntl is None:
            return None
        name = secrets.token_hex(8)
        pending = self.folder / f"{PENDING_PREFIX}{name}"
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(pending, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # a new file nobody else has: granted at once
            details = {"temp": str(temp), "pid": os.getpid(), "host": socket.gethostname()}
            os.write(fd, json.dumps(details).encode("utf-8"))
            entry = self.folder / f"{name}{ENTRY_SUFFIX}"
            os.rename(pending, entry)
        except OSError:
            with contextlib.suppress(OSError):
                pending.unlink()
            os.close(fd)
            return None
        return entry, fd

    def clean(self) -> list[Path]:
        """Remove the temporary files of writers that are gone; returns what was removed."""
        if self.folder is None or fcntl is None:
            return []
        try:
            names = sorted(self.folder.iterdir())
        except OSError:
            return []
        removed: list[Path] = []
        for path in names:
            if path.name.endswith(ENTRY_SUFFIX) or path.name.startswith(PENDING_PREFIX):
                temp = _clean_entry(path)
                if temp is not None:
                    removed.append(temp)
        return removed


def _clean_entry(path: Path) -> Path | None:
    """One entry: nothing if its writer lives; else its temporary file and itself go."""
    assert fcntl is not None
    try:
        fd = os.open(path, os.O_RDWR | _NOFOLLOW)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return None  # its writer is still at work
        temp = _leftover(os.read(fd, 65536))
        removed = None
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
                removed = temp
        with contextlib.suppress(OSError):
            path.unlink()
        return removed
    finally:
        os.close(fd)


def _leftover(recorded: bytes) -> Path | None:
    """The temporary file an entry names, if it is one: absolute, named like a temporary
    file, a regular file (not a link, not a folder); None for anything else."""
    try:
        found = json.loads(recorded.decode("utf-8"))
        temp = Path(found["temp"])
    except (ValueError, KeyError, TypeError):
        return None
    if not temp.is_absolute() or not TEMP_NAME.fullmatch(temp.name):
        return None
    try:
        return temp if stat.S_ISREG(os.lstat(temp).st_mode) else None
    except OSError:
        return None


JOURNAL = TempJournal()


def start_journal(folder: Path) -> list[Path]:
    """For the composition root, at start-up: record temporary export files in ``folder``
    from now on, and remove those left by exports that were killed. Returns the removed
    temporary files."""
    JOURNAL.use(folder)
    return JOURNAL.clean()
