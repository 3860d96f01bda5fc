"""The workshop file: one JSON document that carries a whole workshop between databases
(another laptop, a co-facilitator). Format ``sprintdesk.workshop``, version 1; see
``docs/workshop-file.md`` and ``resources/schemas/workshop-v1.schema.json``.

Records point at each other through file-local string keys, never database ids. These
dataclasses are the file's content; services fill them from storage and store them back.
Reading (parse, validate, check references) is in ``workshop_file_read``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.board_structure import to_dict as structure_to_dict
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import OutcomeKind, Status
from sprintdesk.domain.run_events import RunAction
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.export.atomic import ExportError, atomic_output

FORMAT = "sprintdesk.workshop"
VERSION = 1
SCHEMA_NAME = "workshop-v1.schema.json"
SUFFIX = ".json"


class WorkshopFileError(ValidationError):
    """A workshop file that cannot be imported; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class FileParticipant:
    key: str
    name: str
    role: Role = Role.OTHER


@dataclass(frozen=True, slots=True)
class FileItem:
    key: str
    title: str
    duration_minutes: int
    kind: ItemKind = ItemKind.EXERCISE
    instructions: str = ""
    notes: str = ""
    board: str | None = None  # key of the board shown with this item in run mode


@dataclass(frozen=True, slots=True)
class FileDay:
    title: str = ""
    start_time: dt.time = dt.time(9, 0)
    items: tuple[FileItem, ...] = ()


@dataclass(frozen=True, slots=True)
class FileRunEvent:
    """One run-log transition. ``item`` (or ``target``) is None when the event names an
    item that is no longer in the agenda: the run log outlives deleted items."""

    action: RunAction
    item: str | None
    at: dt.datetime  # UTC
    elapsed: float
    running: bool
    amount: float = 0.0
    target: str | None = None


@dataclass(frozen=True, slots=True)
class FileCluster:
    key: str
    title: str
    x: float = 0.0
    y: float = 0.0
    color: NoteColor = NoteColor.GREY
    collapsed: bool = False


@dataclass(frozen=True, slots=True)
class FileNote:
    key: str
    text: str
    x: float = 0.0
    y: float = 0.0
    color: NoteColor = NoteColor.YELLOW
    author: str | None = None  # participant key
    cluster: str | None = None  # key of a cluster on the same board
    covered: bool = False
    imported_votes: int = 0


@dataclass(frozen=True, slots=True)
class FileVote:
    participant: str
    note: str
    supervote: bool = False


@dataclass(frozen=True, slots=True)
class FileVoteSession:
    budget: int
    supervote_budget: int = 0
    allow_stacking: bool = False
    revealed: bool = False
    votes: tuple[FileVote, ...] = ()


@dataclass(frozen=True, slots=True)
class FileBoard:
    key: str
    name: str
    private_writing: bool = False
    clusters: tuple[FileCluster, ...] = ()
    notes: tuple[FileNote, ...] = ()
    vote: FileVoteSession | None = None  # the board's current vote, if one was taken
    structure: BoardStructure | None = None  # columns, lanes, quadrants or a grid behind the notes


@dataclass(frozen=True, slots=True)
class FileOutcome:
    kind: OutcomeKind
    text: str
    created_at: dt.datetime  # UTC
    decided_by: str = ""
    owner: str | None = None  # participant key
    due_date: dt.date | None = None
    status: Status = Status.OPEN
    source_note: str | None = None  # note key
    source_cluster: str | None = None  # cluster key
    source_text: str = ""
    closed_at: dt.datetime | None = None  # UTC
    closed_here: bool = False  # closed in this workshop (not in a follow-up)


@dataclass(frozen=True, slots=True)
class WorkshopFile:
    title: str
    goal: str = ""
    start_date: dt.date | None = None
    facilitator: str = ""
    participants: tuple[FileParticipant, ...] = ()
    days: tuple[FileDay, ...] = (FileDay(),)
    run_log: tuple[FileRunEvent, ...] = ()
    boards: tuple[FileBoard, ...] = ()
    outcomes: tuple[FileOutcome, ...] = ()  # decisions and action items (optional key)


def format_utc(moment: dt.datetime) -> str:
    """``2026-12-01T09:00:00.250000Z``: always UTC, always with the zone."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime in a workshop file")
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def _number(value: float) -> float | int:
    if not math.isfinite(value):
        raise ExportError(f"cannot write a workshop file holding the number {value}")
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def _vote(vote: FileVoteSession | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    return {
        "budget": vote.budget,
        "supervote_budget": vote.supervote_budget,
        "allow_stacking": vote.allow_stacking,
        "revealed": vote.revealed,
        "votes": [
            {"participant": v.participant, "note": v.note, "supervote": v.supervote} for v in vote.votes
        ],
    }


def _board(board: FileBoard) -> dict[str, Any]:
    return {
        "key": board.key,
        "name": board.name,
        "private_writing": board.private_writing,
        "clusters": [
            {
                "key": c.key,
                "title": c.title,
                "x": _number(c.x),
                "y": _number(c.y),
                "color": c.color.value,
                "collapsed": c.collapsed,
            }
            for c in board.clusters
        ],
        "notes": [
            {
                "key": n.key,
                "text": n.text,
                "x": _number(n.x),
                "y": _number(n.y),
                "color": n.color.value,
                "author": n.author,
                "cluster": n.cluster,
                "covered": n.covered,
                "imported_votes": n.imported_votes,
            }
            for n in board.notes
        ],
        "vote": _vote(board.vote),
        "structure": structure_to_dict(board.structure) if board.structure is not None else None,
    }


def outcomes_document(
    outcomes: Sequence[FileOutcome], utc: Callable[[dt.datetime], str]
) -> list[dict[str, Any]]:
    return [
        {
            "kind": o.kind.value,
            "text": o.text,
            "decided_by": o.decided_by,
            "owner": o.owner,
            "due_date": o.due_date.isoformat() if o.due_date else None,
            "status": o.status.value,
            "source_note": o.source_note,
            "source_cluster": o.source_cluster,
            "source_text": o.source_text,
            "created_at": utc(o.created_at),
            "closed_at": utc(o.closed_at) if o.closed_at else None,
            "closed_here": o.closed_here,
        }
        for o in outcomes
    ]


def to_document(workshop: WorkshopFile, exported_at: dt.datetime | None = None) -> dict[str, Any]:
    """The JSON document (plain dicts and lists) of a workshop file."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_utc(exported_at or dt.datetime.now(dt.UTC)),
        "workshop": {
            "title": workshop.title,
            "goal": workshop.goal,
            "start_date": workshop.start_date.isoformat() if workshop.start_date else None,
            "facilitator": workshop.facilitator,
            "participants": [
                {"key": p.key, "name": p.name, "role": p.role.value} for p in workshop.participants
            ],
            "days": [
                {
                    "title": day.title,
                    "start_time": day.start_time.strftime("%H:%M"),
                    "items": [
                        {
                            "key": i.key,
                            "title": i.title,
                            "duration_minutes": i.duration_minutes,
                            "kind": i.kind.value,
                            "instructions": i.instructions,
                            "notes": i.notes,
                            "board": i.board,
                        }
                        for i in day.items
                    ],
                }
                for day in workshop.days
            ],
            "run_log": [
                {
                    "action": e.action.value,
                    "item": e.item,
                    "target": e.target,
                    "at": format_utc(e.at),
                    "elapsed": _number(e.elapsed),
                    "amount": _number(e.amount),
                    "running": e.running,
                }
                for e in workshop.run_log
            ],
            "boards": [_board(board) for board in workshop.boards],
            **({"outcomes": outcomes_document(workshop.outcomes, format_utc)} if workshop.outcomes else {}),
        },
    }


def dump_workshop_file(workshop: WorkshopFile, exported_at: dt.datetime | None = None) -> bytes:
    """The file's bytes: UTF-8 JSON, indented, non-ASCII text kept readable."""
    text = json.dumps(to_document(workshop, exported_at), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write_workshop_file(workshop: WorkshopFile, target: Path, exported_at: dt.datetime | None = None) -> int:
    """Write the file atomically; returns its size in bytes."""
    data = dump_workshop_file(workshop, exported_at)
    with atomic_output(Path(target)) as handle:
        handle.write(data)
    return len(data)
