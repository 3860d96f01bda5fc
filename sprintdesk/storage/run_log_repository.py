"""The run log of a workshop, persisted one event per transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.storage.models import RunEventRow


def append_event(session: Session, workshop_id: int, run_event: RunEvent) -> None:
    session.add(
        RunEventRow(
            workshop_id=workshop_id,
            action=run_event.action.value,
            item_id=run_event.item_id,
            target_id=run_event.target_id,
            at=run_event.at,
            elapsed=run_event.elapsed,
            amount=run_event.amount,
            running=run_event.running,
        )
    )


def append_events(session: Session, workshop_id: int, events: Sequence[RunEvent]) -> None:
    """Many events in one executemany (a workshop file's run log), in their order."""
    if not events:
        return
    session.connection().execute(
        RunEventRow.__table__.insert(),  # type: ignore[attr-defined]
        [
            {
                "workshop_id": workshop_id,
                "action": e.action.value,
                "item_id": e.item_id,
                "target_id": e.target_id,
                "at": e.at,
                "elapsed": e.elapsed,
                "amount": e.amount,
                "running": e.running,
            }
            for e in events
        ],
    )


def list_events(session: Session, workshop_id: int) -> list[RunEvent]:
    rows = session.scalars(
        select(RunEventRow).where(RunEventRow.workshop_id == workshop_id).order_by(RunEventRow.id)
    )
    return [
        RunEvent(
            action=RunAction(row.action),
            item_id=row.item_id,
            at=row.at,
            elapsed=row.elapsed,
            running=row.running,
            amount=row.amount,
            target_id=row.target_id,
        )
        for row in rows
    ]


def clear_events(session: Session, workshop_id: int) -> None:
    session.execute(delete(RunEventRow).where(RunEventRow.workshop_id == workshop_id))
