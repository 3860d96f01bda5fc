"""Atomic file writes: write a temporary file beside the target, flush it to disk, then
rename it over the target. A failed export leaves no broken file and never replaces a good
one.

- A symbolic link at the target is followed: its target is replaced (the temporary file is
  made in that file's folder) and the link stays a link.
- An existing target that is not a regular file (a folder, a device such as ``/dev/stdout``
  or ``/dev/null``, a named pipe, a socket) is refused with one line, before anything is
  made: renaming over it would replace the device node or pipe with a plain file.
- A replaced file keeps its permissions (and its owner and group, where this process may
  set them); a new file gets what any program's new file gets, 0666 less the umask.
- The temporary file ``.<name>.<12 hex>.part`` is listed in ``temp_journal`` while it
  exists, so the next start removes it if the export was killed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from sprintdesk.export.bounded_read import held_by_this_process
from sprintdesk.export.temp_journal import JOURNAL, temp_name_for

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class ExportError(Exception):
    """An export that could not be written; the message is for the person exporting."""


def _what(mode: int) -> str | None:
    """What a file that is not a regular file is; None for a regular file."""
    kinds = (
        (stat.S_ISREG, None),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def _destination(target: Path) -> tuple[Path, os.stat_result | None]:
    """The file to replace (the target, or what a symbolic link there leads to) and its
    current state (None when it does not exist yet); ExportError for anything else."""
    real = Path(os.path.realpath(target))
    try:
        found = os.stat(target)  # what the name leads to, even through /proc/self/fd links
    except FileNotFoundError:
        found = None
    except OSError as error:  # a loop of links, a name too long, a folder we may not read...
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
    shown = real != Path(os.path.abspath(target)) and os.path.lexists(real)  # not pipe:[...]
    leads = f" (it leads to {real})" if shown else ""
    if found is None:
        if os.path.lexists(real):  # a link whose end cannot be followed
            raise ExportError(f"cannot write {target}{leads}: it is a link that cannot be followed")
        return real, None
    kind = _what(found.st_mode)
    if kind is not None:
        raise ExportError(f"cannot write {target}{leads}: it is {kind}, not a regular file")
    try:
        same = os.path.samestat(found, os.stat(real))
    except OSError:
        same = False
    if not same:  # e.g. /dev/stdout to a deleted file: there is no name to replace
        raise ExportError(f"cannot write {target}: the file it leads to has no name to replace")
    return real, found


def _keep_permissions(fd: int, original: os.stat_result) -> None:
    if hasattr(os, "fchown") and (original.st_uid, original.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):  # only root may give a file away; then it is ours
            os.fchown(fd, original.st_uid, original.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(original.st_mode) & 0o777)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """``with atomic_output(path) as handle: handle.write(...)``: the target appears only
    if the block finishes."""
    target = Path(target)
    real, original = _destination(target)
    if original is not None and held_by_this_process(real):  # SprintDesk's own open database
        raise ExportError(f"{target} is a file SprintDesk itself has open (its database?); pick another name")
    folder = real.parent
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist")
    temp = folder / temp_name_for(real.name)
    with JOURNAL.recording(temp):
        try:  # replacing a file: private until its own permissions are set at the end
            fd = os.open(temp, _NEW_FILE, 0o600 if original is not None else 0o666)
        except OSError as error:
            raise ExportError(f"cannot write in {folder}: {error.strerror or error}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle
                handle.flush()
                if original is not None:
                    _keep_permissions(handle.fileno(), original)
                os.fsync(handle.fileno())
            _destination(target)  # still a regular file (or none) at the last moment
            os.replace(temp, real)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise


def write_atomically(target: Path, produce: Callable[[BinaryIO], None]) -> None:
    with atomic_output(target) as handle:
        produce(handle)
