"""ParticipationService, joining and notes (issue 13): the rules phones are held to, on real
SQLite files. Votes are in test_services_participation_votes.py."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from sprintdesk.domain.board_geometry import overlaps
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import ROOM_CODE_ALPHABET, JoinPolicy
from sprintdesk.services.bundle import Services
from sprintdesk.services.participation import ParticipationService
from sprintdesk.services.participation_errors import (
    ClosedError,
    ForbiddenError,
    MissingError,
    NotAllowedError,
)
from sprintdesk.services.run import LiveRun
from sprintdesk.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import Room, dump, make_room


@pytest.fixture
def room(services: Services) -> Room:
    return make_room(services)


@pytest.fixture
def phones(services: Services, room: Room) -> ParticipationService:
    services.participation.open_joining(room.workshop_id, "127.0.0.1", 8765)
    return services.participation


def _join(phones: ParticipationService, room: Room, **who: object) -> tuple[str, int]:
    secret = phones.resume_address(room.workshop_id)
    assert secret is not None
    joined, changes = phones.join(secret.secret, **who)
    assert changes.room
    person = joined["participant"]
    assert isinstance(person, dict)
    return str(joined["token"]), int(person["id"])


# -- joining ----------------------------------------------------------------------------------
def test_opening_again_keeps_the_secret_and_code_and_only_a_crash_leaves_it_on(
    services: Services, room: Room
) -> None:
    phones = services.participation
    assert phones.resume_address(room.workshop_id) is None
    first, changes = phones.open_joining(room.workshop_id, "192.0.2.5", 8765)
    assert changes.room
    assert len(first.secret) >= 22  # 24 random bytes: 192 bits
    assert len(first.room_code) == 6 and set(first.room_code) <= set(ROOM_CODE_ALPHABET)
    assert phones.resume_address(room.workshop_id) == first
    phones.close_joining(room.workshop_id)
    assert phones.resume_address(room.workshop_id) is None
    again, _ = phones.open_joining(room.workshop_id, "192.0.2.5", 8766)
    assert (again.secret, again.room_code, again.port) == (first.secret, first.room_code, 8766)


def test_a_room_code_finds_the_secret_only_while_joining_is_on(
    phones: ParticipationService, room: Room
) -> None:
    joining = phones.resume_address(room.workshop_id)
    assert joining is not None
    typed = f" {joining.room_code[:3].lower()}-{joining.room_code[3:]} "
    assert phones.secret_for_code(typed) == joining.secret
    with pytest.raises(MissingError):
        phones.secret_for_code("222222" if joining.room_code != "222222" else "333333")
    phones.close_joining(room.workshop_id)
    with pytest.raises(MissingError):
        phones.secret_for_code(joining.room_code)
    with pytest.raises(MissingError):
        phones.join_info(joining.secret)


def test_join_by_name_from_the_list_new_name_or_forbidden(
    phones: ParticipationService, room: Room, db_path: Path
) -> None:
    joining = phones.resume_address(room.workshop_id)
    assert joining is not None
    info = phones.join_info(joining.secret)
    assert [p["name"] for p in info["participants"]] == list(room.people)  # type: ignore[union-attr]
    assert "Decider" not in info["roles"]  # type: ignore[operator]
    token, ben = _join(phones, room, participant_id=room.people["Ben Okafor"])
    assert ben == room.people["Ben Okafor"]
    assert phones.identify(token, room.workshop_id) == ben
    # The token is stored only as its hash.
    assert token not in repr(dump(db_path))
    _token, same = _join(phones, room, name="  ben   OKAFOR ")
    assert same == ben
    _token, zoe = _join(phones, room, name="Zoe", role="UX")
    assert zoe not in room.people.values()
    with pytest.raises(ValidationError):
        _join(phones, room, name="Yan", role="Decider")  # supervotes are the facilitator's to give
    phones.set_policy(room.workshop_id, JoinPolicy(allow_new_names=False))
    with pytest.raises(ForbiddenError):
        _join(phones, room, name="Xavier")
    with pytest.raises(MissingError):
        _join(phones, room, participant_id=999)


def test_anonymous_phones_are_numbered_and_their_notes_have_no_author(
    phones: ParticipationService, room: Room, db: Database
) -> None:
    phones.set_policy(room.workshop_id, JoinPolicy(anonymous=True))
    joining = phones.resume_address(room.workshop_id)
    assert joining is not None
    assert phones.join_info(joining.secret)["participants"] == []
    _first_token, first = _join(phones, room, participant_id=room.people["Ana Costa"], name="Ana")
    _second_token, second = _join(phones, room)
    me = phones.me(room.workshop_id, first)
    assert me["participant"] == {"id": first, "name": "Anonymous 1", "role": "Other"}
    assert phones.me(room.workshop_id, second)["participant"]["name"] == "Anonymous 2"  # type: ignore[index]
    note, _created, _changes = phones.write_note(room.workshop_id, first, "anon-key-1", "Secret idea")
    with db.session() as session:
        from sprintdesk.storage import board_repository

        (stored,) = board_repository.load_notes(session, room.board_id, [int(str(note["id"]))])
    assert stored.author_id is None
    assert phones.phone_authors([stored.id or 0]) == {stored.id: first}  # the facilitator knows


def test_removing_someone_revokes_their_phones_and_keeps_their_notes(
    phones: ParticipationService, room: Room
) -> None:
    token, chen = _join(phones, room, participant_id=room.people["Chen Wei"])
    other_token, _ = _join(phones, room, participant_id=room.people["Chen Wei"])
    phones.write_note(room.workshop_id, chen, "chen-note-1", "Keep me")
    changes = phones.remove_participant(room.workshop_id, chen)
    assert changes.room
    for gone in (token, other_token):
        with pytest.raises(NotAllowedError):
            phones.identify(gone, room.workshop_id)
    (row,) = [r for r in phones.roster(room.workshop_id) if r.participant_id == chen]
    assert (row.notes, row.devices) == (1, 0)
    with pytest.raises(NotAllowedError):
        phones.identify("not-a-token-at-all-but-long-enough", room.workshop_id)


def test_a_token_of_another_workshop_does_not_open_this_one(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    other = make_room(services)
    services.participation.open_joining(other.workshop_id, "127.0.0.1", 8766)
    token, _ = _join(phones, other, name="Visitor")
    with pytest.raises(NotAllowedError):
        phones.identify(token, room.workshop_id)


# -- notes ------------------------------------------------------------------------------------
def test_phone_notes_land_on_the_open_board_without_overlap_and_a_retry_is_not_a_second_note(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    _token, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    made = []
    for index in range(30):
        note, created, changes = phones.write_note(
            room.workshop_id, ana, f"ana-key-{index:03}", f"Idea {index}"
        )
        assert created and changes.board_id == room.board_id and changes.note_ids == {note["id"]}
        made.append(note)
    again, created, changes = phones.write_note(room.workshop_id, ana, "ana-key-000", "Different text")
    assert (again, created, changes.empty) == (made[0], False, True)
    content = services.boards.load(room.board_id)
    assert len(content.notes) == 3 + 30
    assert overlaps(content.notes, content.clusters) == []
    phone_notes = [n for n in content.notes if n.text.startswith("Idea ")]
    assert {n.author_id for n in phone_notes} == {ana}
    assert [n["status"] for n in phones.me(room.workshop_id, ana)["notes"]] == ["on board"] * 30  # type: ignore[union-attr]


def test_the_open_board_follows_the_run_or_the_facilitators_choice(
    services: Services, phones: ParticipationService, room: Room, db: Database, clock: FakeClock
) -> None:
    _token, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    run = LiveRun(db, room.workshop_id, clock)
    run.start()
    run.next()  # the second item has no board
    with pytest.raises(ClosedError):
        phones.write_note(room.workshop_id, ana, "ana-key-xyz", "Nowhere to go")
    assert phones.room_state(room.workshop_id)["board"] is None
    other, _ = services.boards.create(room.workshop_id, "Parking lot")
    phones.set_policy(room.workshop_id, JoinPolicy(board_id=other))
    _note, _, changes = phones.write_note(room.workshop_id, ana, "ana-key-xyz", "Parked")
    assert changes.board_id == other
    room_state = phones.room_state(room.workshop_id)
    assert room_state["board"]["id"] == other  # type: ignore[index]
    assert room_state["item"]["title"] == services.workshops.get(room.workshop_id).items()[1].title  # type: ignore[index]
    assert room_state["timer"]["running"] is True  # type: ignore[index]


def test_private_writing_covers_phone_notes(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    services.boards.set_private_writing(room.board_id, True)
    _token, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    note, _, _ = phones.write_note(room.workshop_id, ana, "ana-key-001", "Hidden for now")
    assert note["status"] == "covered"
    stored = {n.id: n for n in services.boards.load(room.board_id).notes}[int(str(note["id"]))]
    assert stored.covered
    services.boards.reveal_covered(room.board_id)
    assert phones.me(room.workshop_id, ana)["notes"][0]["status"] == "on board"  # type: ignore[index]


def test_moderation_holds_notes_until_approved(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    phones.set_policy(room.workshop_id, JoinPolicy(moderation=True))
    _token, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    note, created, changes = phones.write_note(room.workshop_id, ana, "ana-key-001", "Please approve")
    assert (note["id"], note["status"], created, changes.room) == (None, "waiting", True, True)
    assert phones.write_note(room.workshop_id, ana, "ana-key-001", "again")[0] == note
    rejected, _, _ = phones.write_note(room.workshop_id, ana, "ana-key-002", "Not this one")
    held = phones.held_notes(room.workshop_id)
    assert [h.text for h in held] == ["Please approve", "Not this one"]
    assert len(services.boards.load(room.board_id).notes) == 3
    note_id, changes = phones.approve(held[0].id)
    assert changes.note_ids == {note_id} and changes.board_id == room.board_id
    phones.reject(held[1].id)
    assert phones.held_notes(room.workshop_id) == []
    content = services.boards.load(room.board_id)
    assert [n.text for n in content.notes][-1] == "Please approve"
    assert overlaps(content.notes, content.clusters) == []
    mine = phones.me(room.workshop_id, ana)["notes"]
    assert mine == [{"key": "ana-key-001", "id": note_id, "text": "Please approve", "status": "on board"}]
    assert rejected["status"] == "waiting"


def test_own_notes_can_be_edited_and_deleted_until_the_board_is_locked(
    services: Services, phones: ParticipationService, room: Room
) -> None:
    _t, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    _t, ben = _join(phones, room, participant_id=room.people["Ben Okafor"])
    note, _, _ = phones.write_note(room.workshop_id, ana, "ana-key-001", "First")
    phones.write_note(room.workshop_id, ana, "ana-key-002", "Second")
    edited, changes = phones.edit_note(room.workshop_id, ana, "ana-key-001", "First, better")
    assert edited["text"] == "First, better" and changes.note_ids == {note["id"]}
    with pytest.raises(MissingError):  # Ben cannot reach Ana's note by her key
        phones.edit_note(room.workshop_id, ben, "ana-key-001", "Ben was here")
    with pytest.raises(MissingError):
        phones.delete_note(room.workshop_id, ben, "ana-key-002")
    phones.set_locked(room.workshop_id, True)
    assert phones.room_state(room.workshop_id)["board"]["locked"] is True  # type: ignore[index]
    with pytest.raises(ClosedError):
        phones.edit_note(room.workshop_id, ana, "ana-key-001", "Too late")
    with pytest.raises(ClosedError):
        phones.delete_note(room.workshop_id, ana, "ana-key-002")
    with pytest.raises(ClosedError):
        phones.write_note(room.workshop_id, ana, "ana-key-003", "Too late")
    phones.set_locked(room.workshop_id, False)
    phones.delete_note(room.workshop_id, ana, "ana-key-002")
    texts = [n.text for n in services.boards.load(room.board_id).notes]
    assert "First, better" in texts and "Second" not in texts and "Ben was here" not in texts


def test_note_text_and_key_limits(phones: ParticipationService, room: Room) -> None:
    _t, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    markup = "<script>alert('x')</script> & <b>bold"
    note, _, _ = phones.write_note(room.workshop_id, ana, "ana-key-001", markup)
    assert note["text"] == markup  # stored verbatim; every view escapes it
    phones.write_note(room.workshop_id, ana, "ana-key-002", "x" * 500)
    for key, text in (
        ("ana-key-003", "x" * 501),
        ("ana-key-003", "   "),
        ("ana-key-003", 42),
        ("short", "fine"),
        ("../../etc/passwd", "fine"),
        ("k" * 65, "fine"),
        (None, "fine"),
    ):
        with pytest.raises(ValidationError):
            phones.write_note(room.workshop_id, ana, key, text)


def test_roster_counts_notes_dots_and_devices(
    phones: ParticipationService, room: Room, db_path: Path
) -> None:
    _t, ana = _join(phones, room, participant_id=room.people["Ana Costa"])
    _join(phones, room, participant_id=room.people["Ana Costa"])
    phones.write_note(room.workshop_id, ana, "ana-key-001", "One")
    phones.write_note(room.workshop_id, ana, "ana-key-002", "Two")
    (row,) = phones.roster(room.workshop_id)
    assert (row.participant_id, row.name, row.notes, row.dots, row.devices) == (ana, "Ana Costa", 2, 0, 2)
    assert row.last_seen is not None
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


def test_changes_say_when_the_room_changed() -> None:
    from sprintdesk.services.changes import Changes

    assert Changes(room=True).merge(Changes(board_id=3)) == Changes(room=True, board_id=3)
    assert Changes().merge(Changes(room=True)).room
    assert not Changes(room=True).empty
