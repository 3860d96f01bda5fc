"""Reading a JSON file a person handed us (a template, a workshop file): every way it can be
wrong becomes one line naming what it should have been."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json_document(
    data: bytes,
    kind: str,
    error: type[Exception],
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> object:
    """The JSON value in ``data``, or ``error`` with one line: "not <kind>: ..." for text that
    is not UTF-8 or empty, "not valid JSON: ..." for the rest (NaN and Infinity included)."""
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
