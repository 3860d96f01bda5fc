"""Reading a file a person picked, never more of it than its limit: the size on disk is
checked first, then at most ``limit + 1`` bytes are read (a file that grows meanwhile, a
pipe or a device is refused too). The error names the limit, in one line."""

from __future__ import annotations

import os
from pathlib import Path

from sprintdesk.domain.file_limits import describe_size, too_large


def read_at_most(path: Path, limit: int, files: str, error: type[Exception]) -> bytes:
    """The bytes of ``path``, or ``error(too_large(...))`` when it holds more than ``limit``
    bytes; ``files`` names the kind in the plural ("workshop files"). OSError passes through
    for the caller to word ("cannot read ...")."""
    with Path(path).open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise error(too_large(size, limit, files))
        data = handle.read(limit + 1)
    if len(data) > limit:
        most = describe_size(limit)
        raise error(f"the file is more than {most}; {files} can be at most {most}")
    return data
