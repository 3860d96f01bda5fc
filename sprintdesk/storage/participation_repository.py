"""Joining, phones' tokens, phone notes and the moderation inbox in and out of the database,
as domain dataclasses (domain/participation.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from sprintdesk.domain.participation import Device, HeldNote, Joining, JoinPolicy
from sprintdesk.domain.workshop import Participant, Role
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import (
    DayRow,
    DeviceRow,
    HeldNoteRow,
    ItemRow,
    JoiningRow,
    NoteRow,
    ParticipantRow,
    PhoneNoteRow,
    RunEventRow,
    VoteRow,
    WorkshopRow,
)


# -- joining ----------------------------------------------------------------------------------
def _joining(row: JoiningRow) -> Joining:
    return Joining(
        workshop_id=row.workshop_id,
        secret=row.secret,
        room_code=row.room_code,
        host=row.host,
        port=row.port,
        is_on=row.is_on,
        policy=JoinPolicy(
            anonymous=row.anonymous,
            allow_new_names=row.allow_new_names,
            moderation=row.moderation,
            board_id=row.board_id,
        ),
        locked=row.locked,
    )


def get_joining(session: Session, workshop_id: int) -> Joining | None:
    row = session.get(JoiningRow, workshop_id)
    return _joining(row) if row is not None else None


def joining_by_secret(session: Session, secret: str) -> Joining | None:
    row = session.scalars(select(JoiningRow).where(JoiningRow.secret == secret)).first()
    return _joining(row) if row is not None else None


def joining_by_code(session: Session, code: str) -> Joining | None:
    row = session.scalars(select(JoiningRow).where(JoiningRow.room_code == code)).first()
    return _joining(row) if row is not None else None


def code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(func.count()).where(JoiningRow.room_code == code)) != 0


def save_joining(session: Session, joining: Joining) -> None:
    """Insert or update the workshop's joining row."""
    row = session.get(JoiningRow, joining.workshop_id)
    if row is None:
        row = JoiningRow(workshop_id=joining.workshop_id)
        session.add(row)
    row.secret, row.room_code = joining.secret, joining.room_code
    row.host, row.port, row.is_on = joining.host, joining.port, joining.is_on
    row.anonymous = joining.policy.anonymous
    row.allow_new_names = joining.policy.allow_new_names
    row.moderation = joining.policy.moderation
    row.board_id = joining.policy.board_id
    row.locked = joining.locked
    session.flush()


# -- devices ----------------------------------------------------------------------------------
def _device(row: DeviceRow) -> Device:
    return Device(row.id, row.workshop_id, row.participant_id, row.token_hash, row.revoked)


def add_device(
    session: Session, workshop_id: int, participant_id: int, token_hash: str, now: dt.datetime
) -> int:
    row = DeviceRow(
        workshop_id=workshop_id,
        participant_id=participant_id,
        token_hash=token_hash,
        created_at=now,
        last_seen=now,
        revoked=False,
    )
    session.add(row)
    session.flush()
    return row.id


def device_by_hash(session: Session, token_hash: str) -> Device | None:
    row = session.scalars(select(DeviceRow).where(DeviceRow.token_hash == token_hash)).first()
    return _device(row) if row is not None else None


def touch_device(session: Session, device_id: int, now: dt.datetime) -> None:
    session.execute(update(DeviceRow).where(DeviceRow.id == device_id).values(last_seen=now))


def revoke_devices(session: Session, workshop_id: int, participant_id: int) -> int:
    """Revoke every token of a participant; how many were still valid."""
    result = session.execute(
        update(DeviceRow)
        .where(
            DeviceRow.workshop_id == workshop_id,
            DeviceRow.participant_id == participant_id,
            DeviceRow.revoked.is_(False),
        )
        .values(revoked=True)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def device_stats(session: Session, workshop_id: int) -> dict[int, tuple[int, dt.datetime | None]]:
    """Participant id -> (valid devices, last seen of any device)."""
    rows = session.execute(
        select(
            DeviceRow.participant_id,
            func.sum(func.iif(DeviceRow.revoked, 0, 1)),
            func.max(DeviceRow.last_seen),
        )
        .where(DeviceRow.workshop_id == workshop_id)
        .group_by(DeviceRow.participant_id)
    )
    stats: dict[int, tuple[int, dt.datetime | None]] = {}
    for participant_id, valid, last in rows:
        seen = last.replace(tzinfo=dt.UTC) if isinstance(last, dt.datetime) else None
        if isinstance(last, str):
            seen = dt.datetime.fromisoformat(last).replace(tzinfo=dt.UTC)
        stats[participant_id] = (int(valid or 0), seen)
    return stats


# -- the workshop, read lightly (a phone's every request asks) --------------------------------
def agenda_boards(session: Session, workshop_id: int) -> list[tuple[int, int | None]]:
    """(item id, linked board id) of every agenda item, in agenda order."""
    rows = session.execute(
        select(ItemRow.id, ItemRow.board_id)
        .join(DayRow, DayRow.id == ItemRow.day_id)
        .where(DayRow.workshop_id == workshop_id)
        .order_by(DayRow.position, ItemRow.position)
    )
    return [(item_id, board_id) for item_id, board_id in rows]


def workshop_title(session: Session, workshop_id: int) -> str:
    title = session.scalar(select(WorkshopRow.title).where(WorkshopRow.id == workshop_id))
    if title is None:
        raise NotFoundError(f"there is no workshop with id {workshop_id}")
    return title


def list_people(session: Session, workshop_id: int) -> list[Participant]:
    """The workshop's participants (plain columns, no workshop loaded), in their order."""
    rows = session.execute(
        select(ParticipantRow.id, ParticipantRow.name, ParticipantRow.role)
        .where(ParticipantRow.workshop_id == workshop_id)
        .order_by(ParticipantRow.position)
    )
    return [Participant(name, Role(role), participant_id) for participant_id, name, role in rows]


def add_person(session: Session, workshop_id: int, participant: Participant) -> int:
    """Append a participant (a phone's new name) without loading the workshop."""
    position = session.scalar(
        select(func.coalesce(func.max(ParticipantRow.position) + 1, 0)).where(
            ParticipantRow.workshop_id == workshop_id
        )
    )
    result = session.execute(
        insert(ParticipantRow)
        .values(
            workshop_id=workshop_id, position=position, name=participant.name, role=participant.role.value
        )
        .returning(ParticipantRow.id)
    )
    return int(result.scalar_one())


def get_participant(session: Session, workshop_id: int, participant_id: int) -> Participant | None:
    row = session.execute(
        select(ParticipantRow.name, ParticipantRow.role).where(
            ParticipantRow.id == participant_id, ParticipantRow.workshop_id == workshop_id
        )
    ).first()
    return Participant(row[0], Role(row[1]), participant_id) if row is not None else None


# -- participants -----------------------------------------------------------------------------
def participant_names(session: Session, workshop_id: int) -> list[str]:
    return list(session.scalars(select(ParticipantRow.name).where(ParticipantRow.workshop_id == workshop_id)))


def participant_workshop(session: Session, participant_id: int) -> int | None:
    return session.scalar(select(ParticipantRow.workshop_id).where(ParticipantRow.id == participant_id))


# -- phone notes ------------------------------------------------------------------------------
def add_phone_note(session: Session, note_id: int, participant_id: int, client_key: str) -> None:
    session.execute(
        insert(PhoneNoteRow).values(note_id=note_id, participant_id=participant_id, client_key=client_key)
    )


def phone_note_id(session: Session, participant_id: int, client_key: str) -> int | None:
    return session.scalar(
        select(PhoneNoteRow.note_id).where(
            PhoneNoteRow.participant_id == participant_id, PhoneNoteRow.client_key == client_key
        )
    )


def phone_note(session: Session, participant_id: int, client_key: str) -> tuple[int, str, bool, int] | None:
    """(note id, text, covered, board id) of the participant's phone note with this key."""
    row = session.execute(
        select(NoteRow.id, NoteRow.text, NoteRow.covered, NoteRow.board_id)
        .join(PhoneNoteRow, PhoneNoteRow.note_id == NoteRow.id)
        .where(PhoneNoteRow.participant_id == participant_id, PhoneNoteRow.client_key == client_key)
    ).first()
    if row is None:
        return None
    note_id, text, covered, board_id = row
    return note_id, text, covered, board_id


def phone_notes_of(session: Session, participant_id: int) -> list[tuple[str, int, str, bool, int]]:
    """(key, note id, text, covered, board id) of every note the participant wrote on a phone."""
    rows = session.execute(
        select(PhoneNoteRow.client_key, NoteRow.id, NoteRow.text, NoteRow.covered, NoteRow.board_id)
        .join(NoteRow, NoteRow.id == PhoneNoteRow.note_id)
        .where(PhoneNoteRow.participant_id == participant_id)
        .order_by(NoteRow.id)
    )
    return [(key, note_id, text, covered, board_id) for key, note_id, text, covered, board_id in rows]


def phone_notes_for(
    session: Session, participant_ids: Iterable[int]
) -> list[tuple[int, str, int, str, bool, int]]:
    """(participant id, key, note id, text, covered, board id) of these participants' phone notes."""
    ids = list(participant_ids)
    found: list[tuple[int, str, int, str, bool, int]] = []
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(
                PhoneNoteRow.participant_id,
                PhoneNoteRow.client_key,
                NoteRow.id,
                NoteRow.text,
                NoteRow.covered,
                NoteRow.board_id,
            )
            .join(NoteRow, NoteRow.id == PhoneNoteRow.note_id)
            .where(PhoneNoteRow.participant_id.in_(ids[start : start + 500]))
            .order_by(NoteRow.id)
        )
        found.extend((p, k, n, t, c, b) for p, k, n, t, c, b in rows)
    return found


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


def votes_for(
    session: Session, session_id: int, participant_ids: Iterable[int]
) -> list[tuple[int, int, int, bool]]:
    """(vote id, participant id, note id, supervote) of these participants' dots in a vote."""
    ids = list(participant_ids)
    found: list[tuple[int, int, int, bool]] = []
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(VoteRow.id, VoteRow.participant_id, VoteRow.note_id, VoteRow.supervote)
            .where(VoteRow.session_id == session_id, VoteRow.participant_id.in_(ids[start : start + 500]))
            .order_by(VoteRow.id)
        )
        found.extend((v, p, n, s) for v, p, n, s in rows)
    return found


def phone_authors(session: Session, note_ids: Iterable[int]) -> dict[int, int]:
    """Note id -> the participant who wrote it on a phone, for these notes."""
    ids = list(note_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(PhoneNoteRow.note_id, PhoneNoteRow.participant_id).where(
                PhoneNoteRow.note_id.in_(ids[start : start + 500])
            )
        )
        found.update({note_id: participant_id for note_id, participant_id in rows})
    return found


def phone_note_counts(session: Session, workshop_id: int) -> dict[int, int]:
    rows = session.execute(
        select(PhoneNoteRow.participant_id, func.count(PhoneNoteRow.note_id))
        .join(ParticipantRow, ParticipantRow.id == PhoneNoteRow.participant_id)
        .where(ParticipantRow.workshop_id == workshop_id)
        .group_by(PhoneNoteRow.participant_id)
    )
    return {participant_id: count for participant_id, count in rows}


def dot_counts(session: Session, workshop_id: int) -> dict[int, int]:
    """Participant id -> dots cast in every vote of the workshop."""
    rows = session.execute(
        select(VoteRow.participant_id, func.count(VoteRow.id))
        .join(ParticipantRow, ParticipantRow.id == VoteRow.participant_id)
        .where(ParticipantRow.workshop_id == workshop_id)
        .group_by(VoteRow.participant_id)
    )
    return {participant_id: count for participant_id, count in rows}


# -- the moderation inbox ---------------------------------------------------------------------
def _held(row: HeldNoteRow) -> HeldNote:
    return HeldNote(row.id, row.workshop_id, row.board_id, row.participant_id, row.client_key, row.text)


def add_held(session: Session, held: HeldNote, now: dt.datetime) -> int:
    row = HeldNoteRow(
        workshop_id=held.workshop_id,
        board_id=held.board_id,
        participant_id=held.participant_id,
        client_key=held.client_key,
        text=held.text,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row.id


def held_by_key(session: Session, participant_id: int, client_key: str) -> HeldNote | None:
    row = session.execute(
        select(HeldNoteRow.id, HeldNoteRow.workshop_id, HeldNoteRow.board_id, HeldNoteRow.text).where(
            HeldNoteRow.participant_id == participant_id, HeldNoteRow.client_key == client_key
        )
    ).first()
    if row is None:
        return None
    held_id, workshop_id, board_id, text = row
    return HeldNote(held_id, workshop_id, board_id, participant_id, client_key, text)


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


def change_stamp(session: Session) -> tuple[int, int]:
    """(this connection, its PRAGMA data_version): the number changes when another connection
    commits, not when this one does; with the connection it says "nobody else wrote since"."""
    known = session.info.get("sprintdesk.change_stamp")
    if isinstance(known, tuple):
        return known
    connection = session.connection()
    version = connection.exec_driver_sql("PRAGMA data_version").scalar()
    stamp = (id(connection.connection.dbapi_connection), int(version or 0))
    session.info["sprintdesk.change_stamp"] = stamp  # one reading per transaction
    return stamp


# -- the run log, just enough to know the current agenda item ---------------------------------
def run_steps(session: Session, workshop_id: int) -> list[tuple[str, int, int | None]]:
    """(action, item id, target id) of every run event of the workshop, newest first."""
    rows = session.execute(
        select(RunEventRow.action, RunEventRow.item_id, RunEventRow.target_id)
        .where(RunEventRow.workshop_id == workshop_id)
        .order_by(RunEventRow.id.desc())
    )
    return [(action, item_id, target_id) for action, item_id, target_id in rows]
