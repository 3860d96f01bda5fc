"""Reading a file named on the command line, for every command that takes one."""

from __future__ import annotations

from pathlib import Path

from sprintdesk.domain.errors import ValidationError


def read_input(path: Path, after: str = "") -> bytes:
    """The file's bytes, or a one-line ValidationError ("cannot read PATH: reason" + ``after``)."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror or error}{after}") from None
