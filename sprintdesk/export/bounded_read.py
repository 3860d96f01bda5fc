"""Reading a file a person picked, never more of it than its limit: the size on disk is
checked first, then at most ``limit + 1`` bytes are read (a file that grows meanwhile, a
pipe or a device is refused too). The error names the limit, in one line.

A file this process already has open is refused before it is opened: that is SprintDesk's
own live database (or its ``-wal`` / ``-shm``) picked by mistake, and opening and closing
another descriptor of it would drop SQLite's locks (see ``storage.sqlite_file``)."""

from __future__ import annotations

import os
from pathlib import Path

from sprintdesk.domain.file_limits import describe_size, too_large


def read_at_most(path: Path, limit: int, files: str, error: type[Exception]) -> bytes:
    """The bytes of ``path``, or ``error(too_large(...))`` when it holds more than ``limit``
    bytes; ``files`` names the kind in the plural ("workshop files"). OSError passes through
    for the caller to word ("cannot read ...")."""
    if held_by_this_process(Path(path)):
        name = Path(path).name
        raise error(f"{name} is a file SprintDesk itself has open (its database?), not one to import")
    with Path(path).open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise error(too_large(size, limit, files))
        data = handle.read(limit + 1)
    if len(data) > limit:
        most = describe_size(limit)
        raise error(f"the file is more than {most}; {files} can be at most {most}")
    return data


def _descriptor_folder() -> Path | None:
    for folder in (Path("/proc/self/fd"), Path("/dev/fd")):
        if folder.is_dir():
            return folder
    return None


def held_by_this_process(path: Path) -> bool:
    """True when one of this process's open descriptors is the file at ``path`` (compared
    by device and inode, so a link or another path counts). False where the OS does not
    list descriptors (Windows, whose locks are not dropped by closing another handle)."""
    folder = _descriptor_folder()
    try:
        wanted = os.stat(path)
    except OSError:
        return False
    if folder is None:
        return False
    try:
        descriptors = [int(name) for name in os.listdir(folder) if name.isdigit()]
    except OSError:
        return False
    for fd in descriptors:
        try:
            info = os.fstat(fd)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (wanted.st_dev, wanted.st_ino):
            return True
    return False
