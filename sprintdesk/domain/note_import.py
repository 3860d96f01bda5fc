"""Reading notes from a file: ``.txt`` (one note per non-empty line) or ``.csv`` with a
header row (``text`` required; ``color``, ``author``, ``role``, ``cluster``, ``votes``,
``region``; SprintDesk's own notes export, with ``board`` and ``supervotes``, reads too).

Parsing is all or nothing: the first problem raises NoteFileError naming its line, before
anything is stored. A file holds at most ``NOTE_FILE_BYTES`` (10 MB) and ``NOTE_FILE_NOTES``
(50,000) notes; parsing stops at the first note past the limit.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sprintdesk.domain.board import MAX_NOTE_LENGTH, NoteColor
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.file_limits import NOTE_FILE_BYTES, NOTE_FILE_NOTES, too_large
from sprintdesk.domain.workshop import MAX_TITLE_LENGTH, Role

CSV_COLUMNS = ("text", "color", "author", "role", "cluster", "votes", "region")
INFORMATIONAL = ("board", "supervotes")  # in SprintDesk's own notes export; read past, not imported
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")  # how the notes export keeps a cell from being a formula
COLUMN_ALIASES = {"colour": "color", "note": "text", "group": "cluster", "theme": "cluster", "dots": "votes"}
MAX_IMPORTED_VOTES = 10_000


class NoteFileError(ValidationError):
    """A file that cannot be imported; the message names the line."""


@dataclass(frozen=True, slots=True)
class ImportedNote:
    text: str
    color: NoteColor | None = None
    author: str = ""
    role: Role | None = None
    cluster: str = ""
    votes: int = 0
    region: str = ""  # the title of a region of the board's structure to place the note in


def _count(notes: list[ImportedNote], line: int) -> None:
    """Refuse the note that would be one too many (called before appending it)."""
    if len(notes) >= NOTE_FILE_NOTES:
        raise NoteFileError(
            f"line {line}: the file holds more than {NOTE_FILE_NOTES:,} notes; "
            f"note files can hold at most {NOTE_FILE_NOTES:,}"
        )


def _line_of(prefix: str) -> int:
    """The line (counting CR LF, LF and a lone CR as an editor does) where ``prefix`` ends."""
    return prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # error.start counts from after a BOM; error.object is the data it refers to.
        line = _line_of(error.object[: error.start].decode("utf-8", errors="replace"))
        raise NoteFileError(f"line {line}: not UTF-8 text (save the file as UTF-8)") from None
    if "\x00" in text:
        line = _line_of(text[: text.index("\x00")])
        raise NoteFileError(f"line {line}: contains a NUL character; is this a text file?")
    return text


def _note_text(raw: str, line: int) -> str:
    text = raw.strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise NoteFileError(f"line {line}: a note can hold at most {MAX_NOTE_LENGTH:,} characters")
    return text


def parse_txt(data: bytes) -> list[ImportedNote]:
    notes: list[ImportedNote] = []
    # Only CR LF, LF and CR end a line (str.splitlines would also split on form feeds and
    # Unicode separators, and the line numbers in errors would no longer match an editor's).
    lines = _decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        text = _note_text(line, number)
        if text:
            _count(notes, number)
            notes.append(ImportedNote(text=text))
    return notes


def _header(row: list[str], line: int) -> list[str]:
    names: list[str] = []
    for raw in row:
        name = raw.strip().lower()
        name = COLUMN_ALIASES.get(name, name)
        if not name:  # an unnamed column (a spreadsheet's trailing comma) is ignored
            names.append(f"_ignored_{len(names)}")
            continue
        if name in INFORMATIONAL:
            name = f"_ignored_{name}"
        elif name not in CSV_COLUMNS:
            expected = ", ".join(CSV_COLUMNS)
            raise NoteFileError(f"line {line}: unknown column '{raw.strip()}' (columns: {expected})")
        if name in names:
            raise NoteFileError(f"line {line}: the column '{name}' appears twice")
        names.append(name)
    if "text" not in names:
        raise NoteFileError(f"line {line}: the header needs a 'text' column")
    return names


def _row(values: dict[str, str], line: int) -> ImportedNote:
    values = {key: _unguarded(value) for key, value in values.items()}
    text = _note_text(values.get("text", ""), line)
    if not text:
        raise NoteFileError(f"line {line}: the note has no text")
    try:
        color = NoteColor.parse(values["color"]) if values.get("color", "").strip() else None
    except ValidationError as error:
        raise NoteFileError(f"line {line}: {error}") from None
    role = None
    if values.get("role", "").strip():
        wanted = values["role"].strip().lower()
        matches = [r for r in Role if r.value.lower() == wanted]
        if not matches:
            roles = ", ".join(r.value for r in Role)
            raise NoteFileError(f"line {line}: unknown role '{values['role'].strip()}' (use one of: {roles})")
        role = matches[0]
    votes_text = values.get("votes", "").strip()
    votes = 0
    if votes_text:
        # ASCII digits only ("²".isdigit() is true, int("²") fails), and few enough of them
        # that int() is never asked for a huge number.
        digits = votes_text.lstrip("0") or "0"
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 5 or int(digits) > MAX_IMPORTED_VOTES:
            raise NoteFileError(
                f"line {line}: votes must be a whole number from 0 to {MAX_IMPORTED_VOTES} "
                f"(got '{votes_text}')"
            )
        votes = int(digits)
    author = " ".join(values.get("author", "").split())
    cluster = " ".join(values.get("cluster", "").split())
    region = " ".join(values.get("region", "").split())
    for what, value in (("author", author), ("cluster", cluster), ("region", region)):
        if len(value) > MAX_TITLE_LENGTH:
            raise NoteFileError(f"line {line}: the {what} is longer than {MAX_TITLE_LENGTH} characters")
    return ImportedNote(
        text=text, color=color, author=author, role=role, cluster=cluster, votes=votes, region=region
    )


def _unguarded(value: str) -> str:
    """A cell as written before the notes export guarded it (a leading quote before = + - @)."""
    return value[1:] if value.startswith(_GUARDED) else value


def parse_csv(data: bytes) -> list[ImportedNote]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    notes: list[ImportedNote] = []
    names: list[str] | None = None
    while True:
        line = reader.line_num + 1  # where this record starts (it may span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise NoteFileError(f"line {line}: {error}") from None
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        if names is None:
            names = _header(row, line)
            continue
        if len(row) > len(names):
            raise NoteFileError(f"line {line}: {len(row)} fields but the header has {len(names)}")
        _count(notes, line)
        notes.append(_row(dict(zip(names, row, strict=False)), line))
    if names is None:
        raise NoteFileError("line 1: the file is empty; a CSV file needs a header row with 'text'")
    return notes


def parse_note_file(filename: str, data: bytes) -> list[ImportedNote]:
    """Parse by the file's extension; raises NoteFileError."""
    if len(data) > NOTE_FILE_BYTES:
        raise NoteFileError(too_large(len(data), NOTE_FILE_BYTES, "note files"))
    lowered = filename.lower()
    if lowered.endswith(".txt"):
        return parse_txt(data)
    if lowered.endswith(".csv"):
        return parse_csv(data)
    raise NoteFileError(f"{filename}: use a .txt file (one note per line) or a .csv file with a header")
