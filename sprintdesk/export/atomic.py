"""Atomic file writes: write a temporary file beside the target, flush it to disk, then
rename it over the target. A failed export leaves no broken file and never replaces a good
one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


class ExportError(Exception):
    """An export that could not be written; the message is for the person exporting."""


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """``with atomic_output(path) as handle: handle.write(...)``: the target appears only
    if the block finishes."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise ExportError(f"cannot write in {folder}: {error.strerror or error}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_atomically(target: Path, produce: Callable[[BinaryIO], None]) -> None:
    with atomic_output(target) as handle:
        produce(handle)
