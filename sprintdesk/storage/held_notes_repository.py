"""The moderation inbox (revision 0006): notes from phones waiting for the facilitator's
approval, kept apart from the board until then so no board, screen or export shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sprintdesk.domain.participation import HeldNote
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import HeldNoteRow


def _held(row: HeldNoteRow) -> HeldNote:
    return HeldNote(
        row.id, row.workshop_id, row.board_id, row.participant_id, row.client_key, row.text, row.region
    )


def add_held(session: Session, held: HeldNote, now: dt.datetime) -> int:
    row = HeldNoteRow(
        workshop_id=held.workshop_id,
        board_id=held.board_id,
        participant_id=held.participant_id,
        client_key=held.client_key,
        text=held.text,
        region=held.region,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row.id


def held_by_key(session: Session, participant_id: int, client_key: str) -> HeldNote | None:
    row = session.execute(
        select(
            HeldNoteRow.id,
            HeldNoteRow.workshop_id,
            HeldNoteRow.board_id,
            HeldNoteRow.text,
            HeldNoteRow.region,
        ).where(
            HeldNoteRow.participant_id == participant_id, HeldNoteRow.client_key == client_key
        )
    ).first()
    if row is None:
        return None
    held_id, workshop_id, board_id, text, region = row
    return HeldNote(held_id, workshop_id, board_id, participant_id, client_key, text, region)


def get_held(session: Session, held_id: int) -> HeldNote:
    row = session.get(HeldNoteRow, held_id)
    if row is None:
        raise NotFoundError("that note is no longer waiting for approval")
    return _held(row)


def list_held(session: Session, workshop_id: int) -> list[HeldNote]:
    rows = session.scalars(
        select(HeldNoteRow).where(HeldNoteRow.workshop_id == workshop_id).order_by(HeldNoteRow.id)
    )
    return [_held(row) for row in rows]


def held_of(session: Session, participant_id: int) -> list[HeldNote]:
    rows = session.scalars(
        select(HeldNoteRow).where(HeldNoteRow.participant_id == participant_id).order_by(HeldNoteRow.id)
    )
    return [_held(row) for row in rows]


def update_held(session: Session, held_id: int, text: str) -> None:
    session.execute(update(HeldNoteRow).where(HeldNoteRow.id == held_id).values(text=text))


def delete_held(session: Session, held_id: int) -> None:
    session.execute(delete(HeldNoteRow).where(HeldNoteRow.id == held_id))


def held_for(session: Session, participant_ids: Iterable[int]) -> list[HeldNote]:
    ids = list(participant_ids)
    found: list[HeldNote] = []
    for start in range(0, len(ids), 500):
        rows = session.scalars(
            select(HeldNoteRow)
            .where(HeldNoteRow.participant_id.in_(ids[start : start + 500]))
            .order_by(HeldNoteRow.id)
        )
        found.extend(_held(row) for row in rows)
    return found
