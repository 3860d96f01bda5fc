"""A workshop's own decisions and action items in the workshop file (the optional key
``workshop.outcomes``): read and checked here (``FileOutcome`` and their writing are in
``workshop_file`` with the rest of the file's content); see docs/workshop-file.md.

Owners point at participant keys, sources at note and cluster keys of the same file.
Follow-up links and items carried from other workshops are not part of a single
workshop's file; an item closed in another workshop keeps its status and ``closed_at``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status, check_outcome
from sprintdesk.domain.timestamps import parse_day
from sprintdesk.export.interchange.workshop_file import FileOutcome, WorkshopFileError

Refer = Callable[[str | None, str], str | None]


def _fail(where: str, problem: str) -> Exception:
    return WorkshopFileError(f"invalid workshop file at {where}: {problem}")


def read_outcomes(
    raw: list[dict[str, Any]],
    person: Refer,
    note: Refer,
    cluster: Refer,
    utc: Callable[[str, str], dt.datetime],
) -> tuple[FileOutcome, ...]:
    """The outcomes of a schema-valid document, with every reference and rule checked.
    ``person``, ``note`` and ``cluster`` check a key and return it (or raise); ``utc`` reads a
    date and time as the rest of the file does."""

    def moment(text: str | None, where: str) -> dt.datetime | None:
        return None if text is None else utc(text, where)

    found = []
    for index, item in enumerate(raw):
        where = f"workshop.outcomes[{index}]"
        due = None
        if item["due_date"] is not None:
            try:
                due = parse_day(item["due_date"])
            except ValidationError as error:
                raise _fail(f"{where}.due_date", str(error)) from None
        outcome = FileOutcome(
            kind=OutcomeKind(item["kind"]),
            text=item["text"],
            created_at=moment(item["created_at"], f"{where}.created_at") or dt.datetime.now(dt.UTC),
            decided_by=item["decided_by"],
            owner=person(item["owner"], f"{where}.owner"),
            due_date=due,
            status=Status(item["status"]),
            source_note=note(item["source_note"], f"{where}.source_note"),
            source_cluster=cluster(item["source_cluster"], f"{where}.source_cluster"),
            source_text=item["source_text"],
            closed_at=moment(item["closed_at"], f"{where}.closed_at"),
            closed_here=item["closed_here"],
        )
        if (outcome.status is Status.OPEN) != (outcome.closed_at is None) or (
            outcome.closed_here and outcome.status is Status.OPEN
        ):
            raise _fail(where, "an open item has no closed_at or closed_here; a closed one has closed_at")
        as_domain = Outcome(
            kind=outcome.kind,
            text=outcome.text,
            decided_by=outcome.decided_by,
            owner_id=0 if outcome.owner is not None else None,
            due_date=outcome.due_date,
            status=outcome.status,
            source_note_id=0 if outcome.source_note is not None else None,
            source_cluster_id=0 if outcome.source_cluster is not None else None,
            source_text=outcome.source_text,
        )
        try:
            checked = check_outcome(as_domain, [0])
        except ValidationError as error:
            raise _fail(where, str(error).rstrip(".")) from None
        found.append(
            replace(
                outcome, text=checked.text, decided_by=checked.decided_by, source_text=checked.source_text
            )
        )
    return tuple(found)
