"""Every note of a workshop as CSV, one row per note: board, cluster, text, colour, author,
role, votes, supervotes, region (of the board's structure; empty outside it or without one).

UTF-8 with a byte-order mark (so spreadsheet programs read accents), CRLF rows, fields
quoted when needed. A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) gets a leading single quote, so a spreadsheet never runs a note as a formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sprintdesk.domain.summary import WorkshopSummary
from sprintdesk.export.atomic import atomic_output

HEADER = ("board", "cluster", "text", "colour", "author", "role", "votes", "supervotes", "region")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(summary: WorkshopSummary) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for board in summary.boards:
        for note in board.notes:
            writer.writerow(
                [
                    safe_cell(board.name),
                    safe_cell(note.cluster),
                    safe_cell(note.text),
                    note.color.value,
                    safe_cell(note.author),
                    note.role.value if note.role else "",
                    note.dots,
                    note.supervotes,
                    safe_cell(note.region),
                ]
            )
    return buffer.getvalue()


def write_notes_csv(summary: WorkshopSummary, target: Path) -> int:
    """Write the CSV atomically; returns the number of notes (rows after the header)."""
    data = render_csv(summary).encode("utf-8-sig")
    with atomic_output(Path(target)) as handle:
        handle.write(data)
    return sum(len(board.notes) for board in summary.boards)
