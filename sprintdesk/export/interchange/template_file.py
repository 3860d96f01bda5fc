"""Workshop templates as data files (``resources/templates/<slug>.json``): read, check
against the shipped JSON Schema (``template-v1.schema.json``) and the domain's rules, and
turn into a new Workshop. Anything wrong raises TemplateError with one line for the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sprintdesk.domain.board import check_board_name
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.board_structure import from_dict as structure_from_dict
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Workshop, check_item, check_title
from sprintdesk.export.interchange.reader import json_path, parse_json_document, schema_message
from sprintdesk.export.resource_files import find_resource, load_schema

FORMAT = "sprintdesk.template"
VERSION = 1
SCHEMA_NAME = "template-v1.schema.json"


class TemplateError(ValidationError):
    """A template file that cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class TemplateItem:
    title: str
    duration_minutes: int
    kind: ItemKind
    instructions: str = ""
    notes: str = ""
    board: str | None = None  # the name of one of the template's boards


@dataclass(frozen=True, slots=True)
class TemplateDay:
    title: str
    start_time: dt.time
    items: tuple[TemplateItem, ...] = ()

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.items)


@dataclass(frozen=True, slots=True)
class Template:
    slug: str
    title: str
    source: str
    description: str
    days: tuple[TemplateDay, ...]
    boards: tuple[str, ...] = ()
    personal: bool = False  # saved by the facilitator (kept in the database), not built in
    structures: tuple[tuple[str, BoardStructure], ...] = ()  # (board name, its structure), if it has one

    def structure_for(self, board: str) -> BoardStructure | None:
        return dict(self.structures).get(board)

    @property
    def total_minutes(self) -> int:
        return sum(day.total_minutes for day in self.days)

    def to_workshop(self, title: str | None = None, start_date: dt.date | None = None) -> Workshop:
        """A new Workshop (no ids, no board links: boards are made when it is stored)."""
        return Workshop(
            title=check_title(title if title is not None else self.title),
            goal="",
            start_date=start_date,
            days=tuple(
                AgendaDay(
                    start_time=day.start_time,
                    title=day.title,
                    items=tuple(
                        AgendaItem(i.title, i.duration_minutes, i.kind, i.instructions, i.notes)
                        for i in day.items
                    ),
                )
                for day in self.days
            ),
        )


def schema_path() -> Path:
    path = find_resource("schemas", SCHEMA_NAME)
    if path is None:
        raise FileNotFoundError(f"the template schema ({SCHEMA_NAME}) is missing from this installation")
    return path


def schema() -> dict[str, Any]:
    return load_schema(SCHEMA_NAME, "template")


def templates_folder() -> Path:
    path = find_resource("templates", folder=True)
    if path is None:
        raise FileNotFoundError("the built-in templates are missing from this installation")
    return path


def _parse(data: bytes) -> object:
    return parse_json_document(data, "a SprintDesk template", TemplateError)


def _validate(document: object) -> None:
    import jsonschema  # type: ignore[import-untyped]

    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TemplateError(f'not a SprintDesk template; expected "format": "{FORMAT}"')
    validator = jsonschema.Draft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise TemplateError(f"invalid template at {json_path(error.absolute_path)}: {schema_message(error)}")


def _checked(where: str, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ValidationError as error:
        message = " ".join(str(error).split()).rstrip(".")
        raise TemplateError(f"invalid template at {where}: {message}") from None


def _build(document: dict[str, Any]) -> Template:
    boards: list[str] = []
    structures: list[tuple[str, BoardStructure]] = []
    for index, board in enumerate(document["boards"]):
        name = _checked(f"boards[{index}].name", check_board_name, board["name"])
        if name.casefold() in {b.casefold() for b in boards}:
            raise TemplateError(f"invalid template at boards[{index}]: the board “{name}” is listed twice")
        boards.append(name)
        if board.get("structure") is not None:
            structures.append(
                (name, _checked(f"boards[{index}].structure", structure_from_dict, board["structure"]))
            )
    known = {b.casefold(): b for b in boards}
    days = []
    for d, day in enumerate(document["days"]):
        hours, minutes = day["start_time"].split(":")
        items = []
        for i, raw in enumerate(day["items"]):
            where = f"days[{d}].items[{i}]"
            item = _checked(
                where,
                check_item,
                AgendaItem(
                    raw["title"],
                    raw["duration_minutes"],
                    ItemKind(raw["kind"]),
                    raw["instructions"],
                    raw["notes"],
                ),
            )
            board = raw["board"]
            if board is not None:
                found = known.get(" ".join(board.split()).casefold())
                if found is None:
                    raise TemplateError(
                        f"invalid template at {where}.board: there is no board “{board}” in boards"
                    )
                board = found
            items.append(
                TemplateItem(
                    item.title, item.duration_minutes, item.kind, item.instructions, item.notes, board
                )
            )
        days.append(TemplateDay(day["title"].strip(), dt.time(int(hours), int(minutes)), tuple(items)))
    return Template(
        slug=document["slug"],
        title=_checked("title", check_title, document["title"]),
        source=document["source"].strip(),
        description=document["description"].strip(),
        days=tuple(days),
        boards=tuple(boards),
        structures=tuple(structures),
    )


def load_template(source: Path | str | bytes) -> Template:
    """A template from a file path or the file's bytes, fully checked."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise TemplateError(f"cannot read {path}: {error.strerror or error}") from None
    document = _parse(data)
    _validate(document)
    assert isinstance(document, dict)
    return _build(document)


def builtin_templates() -> list[Template]:
    """The templates shipped in resources/templates: the blank one first, then by title."""
    found = []
    for path in sorted(templates_folder().glob("*.json")):
        try:
            found.append(load_template(path))
        except TemplateError as error:
            raise TemplateError(f"{path.name}: {error}") from None
    return sorted(found, key=lambda t: (t.slug != "blank", t.title.casefold()))
