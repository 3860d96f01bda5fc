"""The records of a workshop file, from its schema-valid document to the dataclasses of
``workshop_file``: every file-local key defined once, every reference pointing at a record
that exists (on the same board where it must), every text, date and vote checked by the
domain's rules. Anything wrong raises WorkshopFileError with one line naming where."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sprintdesk.domain.board import NoteColor, check_board_name, check_note_text
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.board_structure import from_dict as structure_from_dict
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.run_events import RunAction
from sprintdesk.domain.timestamps import parse_day, parse_moment
from sprintdesk.domain.voting import VoteRules, rule_broken
from sprintdesk.domain.workshop import AgendaItem, ItemKind, Role, check_item, check_title
from sprintdesk.export.interchange.reader import short
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileCluster,
    FileDay,
    FileItem,
    FileNote,
    FileParticipant,
    FileRunEvent,
    FileVote,
    FileVoteSession,
    WorkshopFile,
    WorkshopFileError,
)
from sprintdesk.export.interchange.workshop_file_check import Steps
from sprintdesk.export.interchange.workshop_file_outcomes import read_outcomes


def utc(text: str, where: str) -> dt.datetime:
    """Every date and time of the file comes in here (``timestamps.parse_moment``)."""
    moment: dt.datetime = _domain(where, parse_moment, text)
    return moment


def _domain(where: str, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ValidationError as error:
        raise WorkshopFileError(f"invalid workshop file at {where}: {str(error).rstrip('.')}") from None


class _Keys:
    """File-local keys of one kind: each defined once, every reference known."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.seen: dict[str, str] = {}

    def define(self, key: str, where: str) -> str:
        if key in self.seen:
            raise WorkshopFileError(
                f"invalid workshop file at {where}.key: {self.kind} key {short(key)} is already used at "
                f"{self.seen[key]}"
            )
        self.seen[key] = where
        return key

    def refer(
        self, key: str | None, where: str, scope: set[str] | None = None, scope_name: str = ""
    ) -> str | None:
        if key is None:
            return None
        if key not in self.seen or (scope is not None and key not in scope):
            place = f" on {scope_name}" if scope_name else ""
            raise WorkshopFileError(
                f"invalid workshop file at {where}: there is no {self.kind} {short(key)}{place}"
            )
        return key


class _FileKeys:
    """The keys of every kind in one file."""

    def __init__(self) -> None:
        self.people = _Keys("participant")
        self.items = _Keys("agenda item")
        self.boards = _Keys("board")
        self.clusters = _Keys("cluster")
        self.notes = _Keys("note")


def build_workshop(w: dict[str, Any], steps: Steps) -> WorkshopFile:
    """The workshop of a schema-valid document (its ``workshop`` object), every key defined
    once, every reference and domain rule checked."""
    keys = _FileKeys()
    participants = _participants(w["participants"], keys.people)
    file_boards = _boards(w["boards"], keys, steps)
    days = _days(w["days"], keys)
    run_log = _run_log(w["run_log"], keys.items, steps)
    start_date = None
    if w["start_date"] is not None:
        start_date = _domain("workshop.start_date", parse_day, w["start_date"])
    return WorkshopFile(
        title=_domain("workshop.title", check_title, w["title"]),
        goal=w["goal"],
        start_date=start_date,
        facilitator=w["facilitator"],
        participants=tuple(participants),
        days=tuple(days),
        run_log=tuple(run_log),
        boards=tuple(file_boards),
        outcomes=read_outcomes(
            w.get("outcomes", []), keys.people.refer, keys.notes.refer, keys.clusters.refer, utc
        ),
    )


def _participants(raw: list[dict[str, Any]], people: _Keys) -> list[FileParticipant]:
    participants = []
    for i, p in enumerate(raw):
        where = f"workshop.participants[{i}]"
        name = _domain(f"{where}.name", check_title, p["name"], "A name")
        participants.append(FileParticipant(people.define(p["key"], where), name, Role(p["role"])))
    return participants


def _boards(raw: list[dict[str, Any]], keys: _FileKeys, steps: Steps) -> list[FileBoard]:
    for b, board in enumerate(raw):  # items refer to boards, so boards get their keys first
        keys.boards.define(board["key"], f"workshop.boards[{b}]")
    names: dict[str, str] = {}
    file_boards = []
    for b, board in enumerate(raw):
        where = f"workshop.boards[{b}]"
        name = _domain(f"{where}.name", check_board_name, board["name"])
        folded = name.casefold()
        if folded in names:
            raise WorkshopFileError(
                f"invalid workshop file at {where}.name: the board name {name!r} is used twice"
            )
        names[folded] = where
        own_clusters: set[str] = set()
        file_clusters = _clusters(board["clusters"], where, keys.clusters, own_clusters, steps)
        own_notes: set[str] = set()
        file_notes = _notes(board["notes"], where, keys, own_clusters, own_notes, steps)
        vote = None
        if board["vote"] is not None:
            vote = _vote(board["vote"], where, keys, own_notes, steps)
        file_boards.append(
            FileBoard(
                board["key"],
                name,
                board["private_writing"],
                tuple(file_clusters),
                tuple(file_notes),
                vote,
                _structure(board.get("structure"), f"{where}.structure"),
            )
        )
    return file_boards


def _clusters(
    raw: list[dict[str, Any]], where: str, clusters: _Keys, own_clusters: set[str], steps: Steps
) -> list[FileCluster]:
    file_clusters = []
    for c, cluster in enumerate(raw):
        steps.tick()
        at = f"{where}.clusters[{c}]"
        own_clusters.add(clusters.define(cluster["key"], at))
        title = _domain(f"{at}.title", check_title, cluster["title"], "A cluster title")
        file_clusters.append(
            FileCluster(
                cluster["key"],
                title,
                float(cluster["x"]),
                float(cluster["y"]),
                NoteColor(cluster["color"]),
                cluster["collapsed"],
            )
        )
    return file_clusters


def _notes(
    raw: list[dict[str, Any]],
    where: str,
    keys: _FileKeys,
    own_clusters: set[str],
    own_notes: set[str],
    steps: Steps,
) -> list[FileNote]:
    file_notes = []
    for n, note in enumerate(raw):
        steps.tick()
        at = f"{where}.notes[{n}]"
        own_notes.add(keys.notes.define(note["key"], at))
        file_notes.append(
            FileNote(
                key=note["key"],
                text=_domain(f"{at}.text", check_note_text, note["text"]),
                x=float(note["x"]),
                y=float(note["y"]),
                color=NoteColor(note["color"]),
                author=keys.people.refer(note["author"], f"{at}.author"),
                cluster=keys.clusters.refer(note["cluster"], f"{at}.cluster", own_clusters, "this board"),
                covered=note["covered"],
                imported_votes=int(note["imported_votes"]),
            )
        )
    return file_notes


def _vote(
    v: dict[str, Any], where: str, keys: _FileKeys, own_notes: set[str], steps: Steps
) -> FileVoteSession:
    ballots = []
    for k, ballot in enumerate(v["votes"]):
        steps.tick()
        at = f"{where}.vote.votes[{k}]"
        person = keys.people.refer(ballot["participant"], f"{at}.participant")
        note_key = keys.notes.refer(ballot["note"], f"{at}.note", own_notes, "this board")
        ballots.append(FileVote(str(person), str(note_key), ballot["supervote"]))
    vote = FileVoteSession(
        int(v["budget"]),
        int(v["supervote_budget"]),
        v["allow_stacking"],
        v["revealed"],
        tuple(ballots),
    )
    _check_budget(vote, f"{where}.vote")
    return vote


def _days(raw: list[dict[str, Any]], keys: _FileKeys) -> list[FileDay]:
    days = []
    for d, day in enumerate(raw):
        hours, minutes = day["start_time"].split(":")
        day_items = []
        for i, item in enumerate(day["items"]):
            at = f"workshop.days[{d}].items[{i}]"
            kind = ItemKind(item["kind"])
            checked = _domain(at, check_item, AgendaItem(item["title"], int(item["duration_minutes"]), kind))
            day_items.append(
                FileItem(
                    key=keys.items.define(item["key"], at),
                    title=checked.title,
                    duration_minutes=checked.duration_minutes,
                    kind=kind,
                    instructions=item["instructions"],
                    notes=item["notes"],
                    board=keys.boards.refer(item["board"], f"{at}.board"),
                )
            )
        title = " ".join(day["title"].split())
        days.append(FileDay(title, dt.time(int(hours), int(minutes)), tuple(day_items)))
    return days


def _run_log(raw: list[dict[str, Any]], items: _Keys, steps: Steps) -> list[FileRunEvent]:
    run_log = []
    for e, event in enumerate(raw):
        steps.tick()
        at = f"workshop.run_log[{e}]"
        run_log.append(
            FileRunEvent(
                action=RunAction(event["action"]),
                item=items.refer(event["item"], f"{at}.item"),
                at=utc(event["at"], f"{at}.at"),
                elapsed=float(event["elapsed"]),
                running=event["running"],
                amount=float(event["amount"]),
                target=items.refer(event["target"], f"{at}.target"),
            )
        )
    return run_log


def _check_budget(vote: FileVoteSession, where: str) -> None:
    """No dot past a participant's budget, no stacked dots where the vote forbids them."""
    rules = _domain(where, VoteRules, vote.budget, vote.supervote_budget, vote.allow_stacking)
    broken = rule_broken(((b.participant, b.note, b.supervote) for b in vote.votes), rules)
    if broken is not None:
        index, why = broken
        who = vote.votes[index].participant
        raise WorkshopFileError(
            f"invalid workshop file at {where}.votes[{index}]: participant {short(who)} has {why}"
        )


def _structure(raw: object, where: str) -> BoardStructure | None:
    """A board's optional structure (absent or null: none), checked by the domain's rules."""
    if raw is None:
        return None
    structure: BoardStructure = _domain(where, structure_from_dict, raw)
    return structure
