"""Reading a file named on the command line, for every command that takes one."""

from __future__ import annotations

from pathlib import Path

from sprintdesk.domain.errors import ValidationError


def read_input(path: Path, after: str = "", limit: int | None = None, files: str = "files") -> bytes:
    """The file's bytes, or a one-line ValidationError ("cannot read PATH: reason" + ``after``).
    With ``limit``, a larger file is refused before it is read ("PATH: the file is 61.2 MB;
    workshop files can be at most 50 MB" + ``after``), and at most ``limit + 1`` bytes are read."""
    from sprintdesk.export.bounded_read import read_at_most

    try:
        if limit is None:
            return path.read_bytes()
        return read_at_most(path, limit, files, ValidationError)
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror or error}{after}") from None
    except ValidationError as error:
        raise ValidationError(f"{path.name}: {error}{after}") from None
