"""Reading a workshop file: parse, check the format and version, validate against the
shipped JSON Schema, check every reference, and return the dataclasses of
``workshop_file``. Anything wrong raises WorkshopFileError with one line for the user;
nothing here touches a database, so a refused file never leaves a trace."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from sprintdesk.domain.board import NoteColor, check_board_name, check_note_text
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.board_structure import from_dict as structure_from_dict
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.file_limits import WORKSHOP_FILE_BYTES, too_large
from sprintdesk.domain.run_events import RunAction
from sprintdesk.domain.timestamps import parse_day, parse_moment
from sprintdesk.domain.voting import VoteRules, rule_broken
from sprintdesk.domain.workshop import AgendaItem, ItemKind, Role, check_item, check_title
from sprintdesk.export.interchange.reader import parse_json_document
from sprintdesk.export.interchange.workshop_file import (
    FORMAT,
    SCHEMA_NAME,
    VERSION,
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
from sprintdesk.export.interchange.workshop_file_check import Report, Steps, counting_validator, inline_refs
from sprintdesk.export.interchange.workshop_file_outcomes import read_outcomes
from sprintdesk.export.resource_files import find_resource, load_schema

_SHORT = 60
# Where each step of reading starts and ends, as shares of the whole (measured on a 12 MB file)
_PHASES = {"schema": (0.03, 0.8), "text": (0.8, 0.88), "records": (0.88, 1.0)}


def schema_path() -> Path:
    """The shipped schema (found like every resource, see ``resource_files``)."""
    path = find_resource("schemas", SCHEMA_NAME)
    if path is None:
        raise FileNotFoundError(f"the workshop file schema ({SCHEMA_NAME}) is missing from this installation")
    return path


def schema() -> dict[str, Any]:
    return load_schema(SCHEMA_NAME, "workshop file")


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _where(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "the top level"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


@cache
def _flat_schema() -> dict[str, Any]:
    return inline_refs(schema())


def _schema_message(error: Any) -> str:
    value = error.instance
    kind = error.validator
    if kind == "type":
        return f"expected {error.validator_value}, found {_json_type(value)}"
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return f"{_short(value)} is not one of {', '.join(map(str, allowed))}"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return "unknown field " + ", ".join(repr(e)[:_SHORT] for e in extra)
    if kind == "required":
        return str(error.message)
    if kind in ("minLength", "maxLength", "minimum", "maximum", "minItems", "pattern"):
        return f"{_short(value)} breaks the rule {kind} {error.validator_value}"
    return str(error.message)[:200]


def _validate(document: object, steps: Steps | None = None) -> None:
    import jsonschema  # type: ignore[import-untyped]  # (no stubs; validation needs only this call)

    if steps is None:
        validator = jsonschema.Draft202012Validator(_flat_schema())
    else:
        validator = counting_validator(_flat_schema(), steps)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise WorkshopFileError(
            f"invalid workshop file at {_where(error.absolute_path)}: {_schema_message(error)}"
        )


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"the field {_short(name)} appears twice in one object")
        result[name] = value
    return result


def _parse(data: bytes) -> object:
    return parse_json_document(data, "a SprintDesk workshop file", WorkshopFileError, _no_repeats)


def _check_header(document: object) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        said = f" (its format is {_short(found)})" if found is not None else ""
        raise WorkshopFileError(f'not a SprintDesk workshop file{said}; expected "format": "{FORMAT}"')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorkshopFileError(
            f"invalid workshop file: the version is {_short(version)}, not a whole number"
        )
    if version > VERSION:
        raise WorkshopFileError(
            f"made by a newer SprintDesk (format version {version}); this one reads version {VERSION}, "
            "update SprintDesk to import it"
        )
    if version < 1:
        raise WorkshopFileError(f"invalid workshop file: unknown format version {version}")


def _check_text(value: object, where: str) -> None:
    """Every string must be storable as UTF-8 (JSON escapes allow lone surrogates)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise WorkshopFileError(f"invalid workshop file at {where}: text with a lone surrogate") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where)
            _check_text(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, f"{where}[{index}]")
    elif isinstance(value, float) and not math.isfinite(value):
        raise WorkshopFileError(f"invalid workshop file at {where}: {value} is not a finite number")


def _utc(text: str, where: str) -> dt.datetime:
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
                f"invalid workshop file at {where}.key: {self.kind} key {_short(key)} is already used at "
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
                f"invalid workshop file at {where}: there is no {self.kind} {_short(key)}{place}"
            )
        return key


def _build(w: dict[str, Any], steps: Steps) -> WorkshopFile:
    people, items, boards, clusters, notes = (
        _Keys(kind) for kind in ("participant", "agenda item", "board", "cluster", "note")
    )
    participants = []
    for i, p in enumerate(w["participants"]):
        where = f"workshop.participants[{i}]"
        name = _domain(f"{where}.name", check_title, p["name"], "A name")
        participants.append(FileParticipant(people.define(p["key"], where), name, Role(p["role"])))
    for b, board in enumerate(w["boards"]):  # items refer to boards, so boards get their keys first
        boards.define(board["key"], f"workshop.boards[{b}]")
    names: dict[str, str] = {}
    file_boards = []
    for b, board in enumerate(w["boards"]):
        where = f"workshop.boards[{b}]"
        name = _domain(f"{where}.name", check_board_name, board["name"])
        folded = name.casefold()
        if folded in names:
            raise WorkshopFileError(
                f"invalid workshop file at {where}.name: the board name {name!r} is used twice"
            )
        names[folded] = where
        own_clusters: set[str] = set()
        file_clusters = []
        for c, cluster in enumerate(board["clusters"]):
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
        own_notes: set[str] = set()
        file_notes = []
        for n, note in enumerate(board["notes"]):
            steps.tick()
            at = f"{where}.notes[{n}]"
            own_notes.add(notes.define(note["key"], at))
            file_notes.append(
                FileNote(
                    key=note["key"],
                    text=_domain(f"{at}.text", check_note_text, note["text"]),
                    x=float(note["x"]),
                    y=float(note["y"]),
                    color=NoteColor(note["color"]),
                    author=people.refer(note["author"], f"{at}.author"),
                    cluster=clusters.refer(note["cluster"], f"{at}.cluster", own_clusters, "this board"),
                    covered=note["covered"],
                    imported_votes=int(note["imported_votes"]),
                )
            )
        vote = None
        if board["vote"] is not None:
            v = board["vote"]
            ballots = []
            for k, ballot in enumerate(v["votes"]):
                steps.tick()
                at = f"{where}.vote.votes[{k}]"
                person = people.refer(ballot["participant"], f"{at}.participant")
                note_key = notes.refer(ballot["note"], f"{at}.note", own_notes, "this board")
                ballots.append(FileVote(str(person), str(note_key), ballot["supervote"]))
            vote = FileVoteSession(
                int(v["budget"]),
                int(v["supervote_budget"]),
                v["allow_stacking"],
                v["revealed"],
                tuple(ballots),
            )
            _check_budget(vote, f"{where}.vote")
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
    days = []
    for d, day in enumerate(w["days"]):
        hours, minutes = day["start_time"].split(":")
        day_items = []
        for i, item in enumerate(day["items"]):
            at = f"workshop.days[{d}].items[{i}]"
            kind = ItemKind(item["kind"])
            checked = _domain(at, check_item, AgendaItem(item["title"], int(item["duration_minutes"]), kind))
            day_items.append(
                FileItem(
                    key=items.define(item["key"], at),
                    title=checked.title,
                    duration_minutes=checked.duration_minutes,
                    kind=kind,
                    instructions=item["instructions"],
                    notes=item["notes"],
                    board=boards.refer(item["board"], f"{at}.board"),
                )
            )
        title = " ".join(day["title"].split())
        days.append(FileDay(title, dt.time(int(hours), int(minutes)), tuple(day_items)))
    run_log = []
    for e, event in enumerate(w["run_log"]):
        steps.tick()
        at = f"workshop.run_log[{e}]"
        run_log.append(
            FileRunEvent(
                action=RunAction(event["action"]),
                item=items.refer(event["item"], f"{at}.item"),
                at=_utc(event["at"], f"{at}.at"),
                elapsed=float(event["elapsed"]),
                running=event["running"],
                amount=float(event["amount"]),
                target=items.refer(event["target"], f"{at}.target"),
            )
        )
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
        outcomes=read_outcomes(w.get("outcomes", []), people.refer, notes.refer, clusters.refer, _utc),
    )


def _check_budget(vote: FileVoteSession, where: str) -> None:
    """No dot past a participant's budget, no stacked dots where the vote forbids them."""
    rules = _domain(where, VoteRules, vote.budget, vote.supervote_budget, vote.allow_stacking)
    broken = rule_broken(((b.participant, b.note, b.supervote) for b in vote.votes), rules)
    if broken is not None:
        index, why = broken
        who = vote.votes[index].participant
        raise WorkshopFileError(
            f"invalid workshop file at {where}.votes[{index}]: participant {_short(who)} has {why}"
        )


def _structure(raw: object, where: str) -> BoardStructure | None:
    """A board's optional structure (absent or null: none), checked by the domain's rules."""
    if raw is None:
        return None
    structure: BoardStructure = _domain(where, structure_from_dict, raw)
    return structure


def read_workshop_file(data: bytes, progress: Report | None = None) -> WorkshopFile:
    """The workshop in a file's bytes, or WorkshopFileError. ``progress`` hears how far the
    reading is (0..1; parsing, then the schema check, then the records) and may raise to
    stop it."""
    if len(data) > WORKSHOP_FILE_BYTES:
        raise WorkshopFileError(too_large(len(data), WORKSHOP_FILE_BYTES, "workshop files"))
    records = data.count(b"{")  # about one per record: enough to tell how far the work is
    steps = Steps(progress, records)
    steps.at(0.0)
    document = _parse(data)
    _check_header(document)
    steps.phase(*_PHASES["schema"])
    try:
        _validate(document, steps)
    except RecursionError:
        raise WorkshopFileError("invalid workshop file: it is nested too deeply") from None
    assert isinstance(document, dict)
    steps.phase(*_PHASES["text"])
    _check_text(document, "")
    _utc(document["exported_at"], "exported_at")
    steps.phase(*_PHASES["records"])
    content = _build(document["workshop"], steps)
    steps.at(1.0)
    return content
