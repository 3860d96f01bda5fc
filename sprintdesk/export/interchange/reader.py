"""What reading the interchange files (a workshop file, a template, a method) shares: every
way a JSON file a person handed us can be wrong becomes one line naming what it should have
been, schema errors included. Nesting deeper than ``JSON_DEPTH`` and more than
``JSON_VALUES`` values are refused before ``json.loads`` builds anything: those, not the
size in bytes, are what make a parsed file big in memory (50 MB of ``[],`` would take
1.2 GB)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any

from sprintdesk.domain.file_limits import JSON_DEPTH, JSON_VALUES

_MARKS = bytes(range(256)).translate(None, b'"[]{},')  # all but quotes, brackets, commas
_INSIDE = re.compile(rb'"[^"]*"')  # a string, once only quotes, brackets and commas are left
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 opens a level, -1 (signed) closes one
_CHUNK = 1 << 20
SHORT = 60  # characters of a value quoted in a message


def _outside_strings(marks: bytes) -> bytes:
    """``marks`` (quotes, brackets and commas; escaped quotes gone) without what is inside
    strings, a megabyte at a time so that no step holds more than a chunk's pieces."""
    kept = []
    inside = False
    for start in range(0, len(marks), _CHUNK):
        chunk = marks[start : start + _CHUNK]
        ends_inside = inside != (chunk.count(b'"') % 2 == 1)
        if inside:
            chunk = b'"' + chunk
        if ends_inside:
            chunk = chunk[: chunk.rindex(b'"')]
        kept.append(_INSIDE.sub(b"", chunk) if b'"' in chunk else chunk)
        inside = ends_inside
    return b"".join(kept)


def json_shape(data: bytes, stop_at: int = JSON_DEPTH) -> tuple[int, int]:
    """``(depth, values)`` of JSON ``data`` without parsing it: how deep its objects and
    lists nest (``{"a": [1]}`` is 2; ``stop_at + 1`` stands for anything deeper) and about how
    many values it holds (commas plus objects and lists: each value but the last of a list or
    object is followed by a comma). Counted from the brackets and commas outside strings
    with byte operations that run in C: 0.2 s for a 12 MB workshop file, about 3 s and
    100 MB at worst for 50 MB. Text that is not JSON gets some numbers; ``json.loads`` then
    says what is wrong with it."""
    # Escapes first: an escaped backslash, then an escaped quote; every quote left is real.
    marks = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _MARKS)
    marks = marks.replace(b'""', b"")  # strings without a bracket or comma (most of them)
    if b'"' in marks:
        marks = _outside_strings(marks)
    commas = marks.count(b",")
    steps = marks.translate(_STEP, b",")
    del marks
    values = commas + len(steps) // 2 + 1
    if b"\x01" * (stop_at + 1) in steps:  # the usual shape of a nesting bomb: no need to add up
        return stop_at + 1, values
    deepest = max(accumulate(memoryview(steps).cast("b")), default=0)  # signed bytes, no copy
    return min(deepest, stop_at + 1), values


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json_document(
    data: bytes,
    kind: str,
    error: type[Exception],
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> object:
    """The JSON value in ``data``, or ``error`` with one line: "not <kind>: ..." for text that
    is not UTF-8, empty, nested more than ``JSON_DEPTH`` deep or holds more than
    ``JSON_VALUES`` values, "not valid JSON: ..." for the rest (NaN and Infinity included)."""
    depth, values = json_shape(data)  # first: a refused file is never decoded or parsed
    if depth > JSON_DEPTH:
        raise error(
            f"not {kind}: its objects and lists are nested more than {JSON_DEPTH} deep; "
            f"SprintDesk reads JSON nested at most {JSON_DEPTH} deep"
        )
    if values > JSON_VALUES:
        raise error(
            f"not {kind}: it holds about {values:,} JSON values; "
            f"SprintDesk reads JSON files of at most {JSON_VALUES:,} values"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise error(f"not {kind}: it is not UTF-8 text (byte {problem.start + 1})") from None
    if not text.strip():
        raise error(f"not {kind}: it is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError as problem:
        raise error(
            f"not valid JSON: {problem.msg} at line {problem.lineno}, column {problem.colno}"
        ) from None
    except (ValueError, RecursionError) as problem:
        raise error(f"not valid JSON: {problem}"[:200]) from None


def short(value: object) -> str:
    """``value`` for a message (text quoted, anything else as JSON), cut to ``SHORT`` characters."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def json_path(path: Iterable[Any]) -> str:
    """Where in a document a schema error is: ``workshop.boards[0].name``."""
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


def schema_message(error: Any) -> str:
    """A JSON Schema error (``jsonschema``'s) as one line saying what was expected."""
    value = error.instance
    kind = error.validator
    if kind == "type":
        return f"expected {error.validator_value}, found {_json_type(value)}"
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return f"{short(value)} is not one of {', '.join(map(str, allowed))}"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return "unknown field " + ", ".join(repr(e)[:SHORT] for e in extra)
    if kind == "required":
        return str(error.message)
    if kind in ("minLength", "maxLength", "minimum", "maximum", "minItems", "pattern"):
        return f"{short(value)} breaks the rule {kind} {error.validator_value}"
    return str(error.message)[:200]
