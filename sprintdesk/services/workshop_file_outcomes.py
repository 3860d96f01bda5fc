"""Decisions and action items between the database and the workshop file: database ids
become the file's keys on export and new ids again on import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sprintdesk.domain.outcomes import Outcome
from sprintdesk.export.interchange.workshop_file import FileOutcome


def file_outcomes(
    outcomes: Sequence[Outcome],
    workshop_id: int,
    people: Mapping[int | None, str],
    notes: Mapping[int | None, str],
    clusters: Mapping[int | None, str],
) -> tuple[FileOutcome, ...]:
    """A workshop's own outcomes with file-local keys for owners and sources."""
    return tuple(
        FileOutcome(
            kind=o.kind,
            text=o.text,
            created_at=_stamp(o),
            decided_by=o.decided_by,
            owner=people.get(o.owner_id) if o.owner_id is not None else None,
            due_date=o.due_date,
            status=o.status,
            source_note=notes.get(o.source_note_id) if o.source_note_id is not None else None,
            source_cluster=clusters.get(o.source_cluster_id) if o.source_cluster_id is not None else None,
            source_text=o.source_text,
            closed_at=o.closed_at if o.is_action and not o.is_open else None,
            closed_here=o.is_action and not o.is_open and o.closed_in_id == workshop_id,
        )
        for o in outcomes
    )


def _stamp(outcome: Outcome) -> dt.datetime:
    assert outcome.created_at is not None, "stored outcomes have a creation time"
    return outcome.created_at


def stored_outcomes(
    outcomes: Sequence[FileOutcome],
    workshop_id: int,
    people: Mapping[str, int | None],
    notes: Mapping[str, int],
    clusters: Mapping[str, int],
) -> list[Outcome]:
    """The file's outcomes as new rows of the imported workshop (ids from the import)."""
    return [
        Outcome(
            kind=o.kind,
            text=o.text,
            workshop_id=workshop_id,
            decided_by=o.decided_by,
            owner_id=people[o.owner] if o.owner is not None else None,
            due_date=o.due_date,
            status=o.status,
            source_note_id=notes[o.source_note] if o.source_note is not None else None,
            source_cluster_id=clusters[o.source_cluster] if o.source_cluster is not None else None,
            source_text=o.source_text,
            created_at=o.created_at,
            closed_at=o.closed_at,
            closed_in_id=workshop_id if o.closed_here else None,
        )
        for o in outcomes
    ]
