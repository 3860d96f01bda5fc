"""The method library as data files (``resources/methods/<slug>.json``): each is checked
against the shipped JSON Schema (``method-v1.schema.json``) and the domain's rules. A broken
file raises MethodError naming the file, with one line for the user."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.methods import Method, Phase, check_method
from sprintdesk.domain.workshop import ItemKind
from sprintdesk.export.interchange.reader import json_path, schema_message
from sprintdesk.export.resource_files import find_resource, load_schema

FORMAT = "sprintdesk.method"
SCHEMA_NAME = "method-v1.schema.json"


class MethodError(ValidationError):
    """A method file that cannot be used; the message is one line."""


def schema() -> dict[str, Any]:
    return load_schema(SCHEMA_NAME, "method")


def methods_folder() -> Path:
    path = find_resource("methods", folder=True)
    if path is None:
        raise FileNotFoundError("the method library is missing from this installation")
    return path


def method_from_document(document: object) -> Method:
    """A Method from a parsed method file, fully checked."""
    import jsonschema  # type: ignore[import-untyped]

    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise MethodError(f'not a SprintDesk method; expected "format": "{FORMAT}"')
    validator = jsonschema.Draft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise MethodError(f"invalid method at {json_path(error.absolute_path)}: {schema_message(error)}")
    duration, group = document["duration_minutes"], document["group_size"]
    method = Method(
        slug=document["slug"],
        title=" ".join(document["title"].split()),
        phase=Phase(document["phase"]),
        kind=ItemKind(document["kind"]),
        summary=document["summary"].strip(),
        min_minutes=duration["min"],
        typical_minutes=duration["typical"],
        max_minutes=duration["max"],
        min_people=group["min"],
        max_people=group["max"],
        steps=tuple(step.strip() for step in document["steps"]),
        source=document["source"].strip(),
        materials=tuple(document.get("materials", ())),
        tips=tuple(document.get("tips", ())),
        tags=tuple(document.get("tags", ())),
    )
    try:
        return check_method(method)
    except ValidationError as problem:
        raise MethodError(f"invalid method: {problem}") from None


def load_method(path: Path) -> Method:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise MethodError(f"{path.name}: cannot be read: {error}") from None
    try:
        method = method_from_document(document)
    except MethodError as error:
        raise MethodError(f"{path.name}: {error}") from None
    if method.slug != path.stem:
        raise MethodError(f"{path.name}: its slug “{method.slug}” does not match the file name")
    return method


@cache
def builtin_methods() -> tuple[Method, ...]:
    """Every shipped method, by title (the files do not change while the app runs)."""
    found = [load_method(path) for path in sorted(methods_folder().glob("*.json"))]
    return tuple(sorted(found, key=lambda m: m.title.casefold()))
