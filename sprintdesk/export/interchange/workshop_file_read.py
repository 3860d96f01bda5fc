"""Reading a workshop file: parse, check the format and version, validate against the
shipped JSON Schema, then check every reference and rule (``workshop_file_records``) and
return the dataclasses of ``workshop_file``. Anything wrong raises WorkshopFileError with
one line for the user; nothing here touches a database, so a refused file never leaves a
trace."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from sprintdesk.domain.file_limits import WORKSHOP_FILE_BYTES, too_large
from sprintdesk.export.interchange.reader import json_path, parse_json_document, schema_message, short
from sprintdesk.export.interchange.workshop_file import (
    FORMAT,
    SCHEMA_NAME,
    VERSION,
    WorkshopFile,
    WorkshopFileError,
)
from sprintdesk.export.interchange.workshop_file_check import Report, Steps, counting_validator, inline_refs
from sprintdesk.export.interchange.workshop_file_records import build_workshop, utc
from sprintdesk.export.resource_files import find_resource, load_schema

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


@cache
def _flat_schema() -> dict[str, Any]:
    return inline_refs(schema())


def _validate(document: object, steps: Steps | None = None) -> None:
    import jsonschema  # type: ignore[import-untyped]  # (no stubs; validation needs only this call)

    if steps is None:
        validator = jsonschema.Draft202012Validator(_flat_schema())
    else:
        validator = counting_validator(_flat_schema(), steps)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise WorkshopFileError(
            f"invalid workshop file at {json_path(error.absolute_path)}: {schema_message(error)}"
        )


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"the field {short(name)} appears twice in one object")
        result[name] = value
    return result


def _parse(data: bytes) -> object:
    return parse_json_document(data, "a SprintDesk workshop file", WorkshopFileError, _no_repeats)


def _check_header(document: object) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        said = f" (its format is {short(found)})" if found is not None else ""
        raise WorkshopFileError(f'not a SprintDesk workshop file{said}; expected "format": "{FORMAT}"')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorkshopFileError(f"invalid workshop file: the version is {short(version)}, not a whole number")
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
    utc(document["exported_at"], "exported_at")
    steps.phase(*_PHASES["records"])
    content = build_workshop(document["workshop"], steps)
    steps.at(1.0)
    return content
