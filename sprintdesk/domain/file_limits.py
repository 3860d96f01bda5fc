"""How much SprintDesk reads from a file a person hands it, in one place: the sizes of note,
workshop and template files, how many notes a note file holds, how deep JSON may nest.
See docs/workshop-file.md and docs/templates-and-methods.md. A megabyte is 1,000,000 bytes."""

from __future__ import annotations

MB = 1_000_000
NOTE_FILE_BYTES = 10 * MB
NOTE_FILE_NOTES = 50_000
WORKSHOP_FILE_BYTES = 50 * MB
TEMPLATE_FILE_BYTES = 1 * MB
JSON_DEPTH = 64  # objects and lists inside each other, the outermost one counted
# Values in one JSON file (each object, list, text, number, true, false, null): what a parsed
# file costs in memory. A SprintDesk-written 50 MB workshop file holds about 3 million.
JSON_VALUES = 5_000_000


def describe_size(size: int) -> str:
    """``61.2 MB``, ``50 MB``, ``512 bytes`` (under 0.1 MB)."""
    if size < 100_000:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    if size % MB == 0:
        return f"{size // MB} MB"
    return f"{size / MB:.1f} MB"


def too_large(size: int, limit: int, files: str) -> str:
    """The one line for a file over its limit: "the file is 61.2 MB; workshop files can be
    at most 50 MB". ``files`` is the plural name (``workshop files``). A size that rounds to
    the limit is given in bytes (``50,000,001 bytes``, never ``50.0 MB``)."""
    said = describe_size(size)
    if size >= 100_000 and round(size / MB, 1) * MB <= limit:
        said = f"{size:,} bytes"
    return f"the file is {said}; {files} can be at most {describe_size(limit)}"
