"""Checking a big workshop file against its schema in reasonable time, with progress: the
schema's ``$ref``s are resolved once beforehand (half the time of a check), and the check
and the building of the records report how far they are through a callback that may also
raise to stop the work (the interface's Cancel: nothing has been stored at this point)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Report = Callable[[float], None]  # 0..1; may raise to cancel


class Steps:
    """Counts small steps (one per record) and reports every ``every`` of them as a share of
    ``total``, mapped into the current phase's part of the whole (``phase(0.1, 0.7)``)."""

    def __init__(self, report: Report | None, total: int, every: int = 256) -> None:
        self._report = report
        self._total = max(1, total)
        self._every = every
        self._count = 0
        self._start, self._end = 0.0, 1.0

    def at(self, fraction: float) -> None:
        if self._report is not None:
            self._report(min(1.0, max(0.0, fraction)))

    def phase(self, start: float, end: float, total: int | None = None) -> None:
        """The following steps move the report from ``start`` to ``end``."""
        self._start, self._end, self._count = start, end, 0
        if total is not None:
            self._total = max(1, total)
        self.at(start)

    def tick(self) -> None:
        self._count += 1
        if self._report is not None and self._count % self._every == 0:
            done = min(1.0, self._count / self._total)
            self._report(self._start + (self._end - self._start) * done)


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every ``{"$ref": "#/$defs/NAME", ...}`` replaced by that definition
    (its other keys kept), and without ``$defs``. The workshop schema has no recursive
    definitions; a recursive one raises ValueError instead of looping."""
    definitions = schema.get("$defs", {})

    def resolve(node: Any, trail: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [resolve(item, trail) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            name = reference.removeprefix("#/$defs/")
            if name in trail:
                raise ValueError(f"the schema's definition {name!r} refers to itself")
            rest = {key: resolve(value, trail) for key, value in node.items() if key != "$ref"}
            return {**resolve(definitions[name], (*trail, name)), **rest}
        return {key: resolve(value, trail) for key, value in node.items() if key != "$defs"}

    flat: dict[str, Any] = resolve(schema, ())
    return flat


def counting_validator(schema: dict[str, Any], steps: Steps) -> Any:
    """A Draft 2020-12 validator for ``schema`` that ticks ``steps`` once for each array item
    it checks (every record of the file is one), so a check of 200,000 dots reports progress
    and can be cancelled. Errors are exactly those of the plain validator."""
    import jsonschema  # type: ignore[import-untyped]  # (no stubs)

    base = jsonschema.Draft202012Validator
    plain_items = base.VALIDATORS["items"]

    def items(validator: Any, items: Any, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
        if items is False or "prefixItems" in schema or not validator.is_type(instance, "array"):
            yield from plain_items(validator, items, instance, schema)
            return
        for index, item in enumerate(instance):
            yield from validator.descend(instance=item, schema=items, path=index)
            steps.tick()

    counting = jsonschema.validators.extend(base, {"items": items})
    return counting(schema)
