"""BoardService against a real database: boards, notes, private writing, clusters, undo data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from sprintdesk.domain.board import (
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Cluster,
    Note,
    NoteColor,
)
from sprintdesk.domain.board_geometry import cluster_size
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.voting import Vote, VoteRules
from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.services.boards import BoardService, ListedBoard
from sprintdesk.services.changes import Changes
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import vote_repository
from sprintdesk.storage.database import Database
from sprintdesk.storage.errors import NotFoundError

Snapshot = Callable[[], dict[str, list[tuple[object, ...]]]]
STEP_X = NOTE_WIDTH + GAP
STEP_Y = NOTE_HEIGHT + GAP


@pytest.fixture
def snapshot(db_path: Path) -> Snapshot:
    """Every committed row of every table, through a separate sqlite3 connection."""

    def read() -> dict[str, list[tuple[object, ...]]]:
        connection = sqlite3.connect(db_path)
        try:
            names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall() for name in names}
        finally:
            connection.close()

    return read


@pytest.fixture
def service(db: Database) -> BoardService:
    return BoardService(db)


@pytest.fixture
def board(service: BoardService, sprint: Workshop) -> int:
    assert sprint.id is not None
    board_id, _ = service.create(sprint.id, "How might we")
    return board_id


def overlaps(notes: Sequence[Note]) -> list[tuple[str, str]]:
    return [
        (a.text, b.text)
        for a, b in itertools.combinations(notes, 2)
        if abs(a.x - b.x) < NOTE_WIDTH and abs(a.y - b.y) < NOTE_HEIGHT
    ]


def by_text(service: BoardService, board_id: int) -> dict[str, Note]:
    return {note.text: note for note in service.load(board_id).notes}


# -- boards ---------------------------------------------------------------------------------


def test_create_list_rename_delete(service: BoardService, sprint: Workshop) -> None:
    assert sprint.id is not None
    first, changes = service.create(sprint.id, "  How   might we ")
    assert changes == Changes(workshop_id=sprint.id, boards=True, board_id=first)
    second, _ = service.create(sprint.id, "Sprint questions", private_writing=True)
    service.add_notes(first, ["a\nb"])
    assert [(s.board.name, s.board.private_writing, s.note_count) for s in service.boards_of(sprint.id)] == [
        ("How might we", False, 2),
        ("Sprint questions", True, 0),
    ]
    assert isinstance(service.boards_of(sprint.id)[0], ListedBoard)
    assert service.rename(second, " Questions ") == Changes(
        workshop_id=sprint.id, boards=True, board_id=second
    )
    assert service.load(second).board.name == "Questions"
    assert service.delete(first) == Changes(workshop_id=sprint.id, boards=True, board_id=first)
    assert [s.board.id for s in service.boards_of(sprint.id)] == [second]
    with pytest.raises(NotFoundError):
        service.load(first)


@pytest.mark.parametrize("name", ["How might we", "HOW MIGHT WE", " how  might   we "])
def test_a_duplicate_name_is_refused_in_any_case(
    service: BoardService, sprint: Workshop, board: int, snapshot: Snapshot, name: str
) -> None:
    assert sprint.id is not None
    before = snapshot()
    with pytest.raises(ValidationError, match="already has a board called “How might we”"):
        service.create(sprint.id, name)
    assert snapshot() == before


def test_duplicate_names_with_non_ascii_letters(service: BoardService, sprint: Workshop) -> None:
    assert sprint.id is not None
    service.create(sprint.id, "Ärger")
    for name in ("Ärger", "ärger", "ÄRGER"):
        with pytest.raises(ValidationError, match="already has a board"):
            service.create(sprint.id, name)


def test_the_same_name_in_another_workshop_is_fine(
    service: BoardService, workshops: WorkshopService, sprint: Workshop, board: int
) -> None:
    other, _ = workshops.create("Retro")
    board_id, _ = service.create(other, "How might we")
    assert board_id != board


def test_rename(service: BoardService, sprint: Workshop, board: int, snapshot: Snapshot) -> None:
    assert sprint.id is not None
    other, _ = service.create(sprint.id, "Sprint questions")
    service.rename(board, "how MIGHT we")  # a board may change the case of its own name
    assert service.load(board).board.name == "how MIGHT we"
    before = snapshot()
    with pytest.raises(ValidationError, match="already has a board called “Sprint questions”"):
        service.rename(board, "SPRINT QUESTIONS")
    for bad in ("", "  ", "x" * 121):
        with pytest.raises(ValidationError):
            service.rename(other, bad)
    with pytest.raises(NotFoundError):
        service.rename(9999, "Ghost")
    assert snapshot() == before


@pytest.mark.parametrize("name", ["", " \t ", "n" * 121])
def test_create_refuses_bad_names(
    service: BoardService, sprint: Workshop, snapshot: Snapshot, name: str
) -> None:
    assert sprint.id is not None
    before = snapshot()
    with pytest.raises(ValidationError):
        service.create(sprint.id, name)
    assert snapshot() == before


def test_create_in_a_missing_workshop(service: BoardService, snapshot: Snapshot) -> None:
    before = snapshot()
    with pytest.raises(NotFoundError):
        service.create(404, "Wall")
    assert snapshot() == before


def test_delete_a_missing_board(service: BoardService) -> None:
    with pytest.raises(NotFoundError):
        service.delete(404)


def test_link_an_agenda_item_to_a_board(
    service: BoardService, sprint: Workshop, board: int, db_path: Path
) -> None:
    item = sprint.items()[1]
    assert item.id is not None
    assert service.link_item(item.id, board) == Changes(item_ids=frozenset({item.id}), agenda=True)

    def linked() -> object:
        with sqlite3.connect(db_path) as connection:
            return connection.execute(
                "SELECT board_id FROM agenda_items WHERE id = ?", (item.id,)
            ).fetchone()[0]

    assert linked() == board
    service.link_item(item.id, None)
    assert linked() is None
    service.link_item(item.id, board)
    service.delete(board)
    assert linked() is None
    with pytest.raises(NotFoundError):
        service.link_item(99999, None)


# -- notes ----------------------------------------------------------------------------------


def test_pasted_lines_become_notes_in_a_row(service: BoardService, board: int) -> None:
    ids, changes = service.add_notes(board, ["First\r\n\n   \nSecond  \n  Third"])
    assert changes == Changes(board_id=board, note_ids=frozenset(ids))
    notes = service.load(board).notes
    assert [n.id for n in notes] == ids
    assert [(n.text, n.x, n.y) for n in notes] == [
        ("First", 0.0, 0.0),
        ("Second", STEP_X, 0.0),
        ("Third", 2 * STEP_X, 0.0),
    ]
    assert all(n.color is NoteColor.YELLOW and not n.covered and n.author_id is None for n in notes)


def test_quick_entry_continues_and_wraps_rows(service: BoardService, board: int) -> None:
    for index in range(11):
        service.add_notes(board, [f"n{index}"])
    notes = by_text(service, board)
    assert (notes["n7"].x, notes["n7"].y) == (7 * STEP_X, 0.0)
    assert (notes["n8"].x, notes["n8"].y) == (0.0, STEP_Y)
    assert (notes["n10"].x, notes["n10"].y) == (2 * STEP_X, STEP_Y)
    assert overlaps(list(notes.values())) == []


def test_many_pasted_lines_wrap_without_overlap(service: BoardService, board: int) -> None:
    service.add_notes(board, ["\n".join(f"line {i}" for i in range(30))])
    notes = service.load(board).notes
    assert len(notes) == 30 and overlaps(notes) == []
    assert len({n.x for n in notes}) == 8


def test_several_texts_with_colour_and_author(service: BoardService, board: int, sprint: Workshop) -> None:
    uma = sprint.participants[1].id
    ids, _ = service.add_notes(board, ["one", "two\nthree"], color=NoteColor.GREEN, author_id=uma)
    notes = service.load(board).notes
    assert [n.text for n in notes] == ["one", "two", "three"]
    assert {(n.color, n.author_id) for n in notes} == {(NoteColor.GREEN, uma)}
    assert len(ids) == 3


def test_notes_placed_at_a_point_follow_it_along_the_row(service: BoardService, board: int) -> None:
    service.add_notes(board, ["\n".join(f"old {i}" for i in range(3))])  # a row at y = 0
    service.add_notes(board, ["p1\np2\np3"], at=(400.0, -800.0))
    notes = by_text(service, board)
    assert [(notes[t].x, notes[t].y) for t in ("p1", "p2", "p3")] == [
        (400.0, -800.0),
        (400.0 + STEP_X, -800.0),
        (400.0 + 2 * STEP_X, -800.0),
    ]
    assert overlaps(list(notes.values())) == []


def test_new_notes_never_land_on_a_cluster(service: BoardService, board: int) -> None:
    ids, _ = service.add_notes(board, ["\n".join(f"n{i}" for i in range(8))])
    service.group(board, ids[:3], "Theme")
    service.add_notes(board, ["\n".join(f"m{i}" for i in range(12))])
    assert overlaps(service.load(board).notes) == []


@pytest.mark.parametrize("texts", [[], [""], ["  \n \r\n"], ["", "\n"]])
def test_notes_need_text(service: BoardService, board: int, snapshot: Snapshot, texts: list[str]) -> None:
    before = snapshot()
    with pytest.raises(ValidationError, match="needs some text"):
        service.add_notes(board, texts)
    assert snapshot() == before


def test_a_too_long_line_adds_none_of_the_lines(
    service: BoardService, board: int, snapshot: Snapshot
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError, match="at most"):
        service.add_notes(board, ["fine\n" + "x" * 100_001 + "\nalso fine"])
    assert snapshot() == before


def test_add_notes_to_a_missing_board(service: BoardService, snapshot: Snapshot) -> None:
    before = snapshot()
    with pytest.raises(NotFoundError):
        service.add_notes(404, ["x"])
    assert snapshot() == before


def test_private_writing_covers_new_notes_until_revealed(service: BoardService, board: int) -> None:
    service.add_notes(board, ["before"])
    assert service.set_private_writing(board, True) == Changes(board_id=board)
    assert service.load(board).board.private_writing
    hidden, _ = service.add_notes(board, ["secret 1\nsecret 2"])
    notes = by_text(service, board)
    assert [notes[t].covered for t in ("before", "secret 1", "secret 2")] == [False, True, True]
    changes = service.reveal_covered(board)
    assert changes == Changes(board_id=board, note_ids=frozenset(hidden))
    assert not any(n.covered for n in service.load(board).notes)
    assert [(n.text, n.x, n.y) for n in service.load(board).notes] == [
        (t, notes[t].x, notes[t].y) for t in ("before", "secret 1", "secret 2")
    ]
    assert service.reveal_covered(board) == Changes(board_id=board)  # nothing left to reveal
    service.set_private_writing(board, False)
    service.add_notes(board, ["open again"])
    assert not by_text(service, board)["open again"].covered


def test_a_board_created_with_private_writing(service: BoardService, sprint: Workshop) -> None:
    assert sprint.id is not None
    board_id, _ = service.create(sprint.id, "Silent", private_writing=True)
    service.add_notes(board_id, ["quiet"])
    assert service.load(board_id).notes[0].covered


def test_update_and_move_notes(service: BoardService, board: int) -> None:
    (a, b), _ = service.add_notes(board, ["a\nb"])
    note = service.load(board).notes[0]
    changes = service.update_note(board, dataclasses.replace(note, text="  edited  ", color=NoteColor.PINK))
    assert changes == Changes(board_id=board, note_ids=frozenset({a}))
    assert (service.load(board).notes[0].text, service.load(board).notes[0].color) == (
        "edited",
        NoteColor.PINK,
    )
    with pytest.raises(ValidationError):
        service.update_note(board, dataclasses.replace(note, text=" "))
    assert service.move_notes(board, [(a, 500.0, 600.0), (b, -1.0, -2.0)]) == Changes(
        board_id=board, note_ids=frozenset({a, b})
    )
    assert [(n.x, n.y) for n in service.load(board).notes] == [(500.0, 600.0), (-1.0, -2.0)]


def test_delete_and_restore_bring_back_the_same_notes(
    service: BoardService, board: int, sprint: Workshop
) -> None:
    ids, _ = service.add_notes(board, ["keep\ngo 1\ngo 2"], author_id=sprint.participants[0].id)
    cluster_id, _ = service.group(board, ids[1:], "Theme")
    service.move_notes(board, [(ids[0], 33.5, 44.5)])
    before = service.load(board).notes
    removed, changes = service.delete_notes(board, [ids[2], ids[1], 987654])
    assert changes == Changes(board_id=board, note_ids=frozenset({ids[1], ids[2], 987654}))
    assert [n.id for n in removed] == ids[1:]
    assert [n.id for n in service.load(board).notes] == [ids[0]]
    assert service.restore_notes(board, removed) == Changes(board_id=board, note_ids=frozenset(ids[1:]))
    after = service.load(board).notes
    assert after == before
    assert all(n.cluster_id == cluster_id for n in after[1:])


# -- clusters -------------------------------------------------------------------------------


def test_group_arranges_the_notes_neatly_in_a_titled_cluster(service: BoardService, board: int) -> None:
    ids, _ = service.add_notes(board, ["\n".join(f"n{i}" for i in range(8))])
    service.move_notes(board, [(ids[0], 1000.0, 1000.0), (ids[3], 1500.0, 900.0), (ids[5], 1200.0, 1300.0)])
    chosen = [ids[0], ids[3], ids[5]]
    cluster_id, changes = service.group(board, chosen, "  Speed   matters ")
    assert changes == Changes(board_id=board, note_ids=frozenset(chosen), cluster_ids=frozenset({cluster_id}))
    content = service.load(board)
    (cluster,) = content.clusters
    assert (cluster.id, cluster.title, cluster.collapsed) == (cluster_id, "Speed matters", False)
    members = content.notes_in(cluster_id)
    assert sorted(n.id for n in members if n.id) == sorted(chosen)
    assert overlaps(members) == []
    width, height = cluster_size(len(members))
    for note in members:
        assert cluster.x + CLUSTER_PADDING <= note.x <= cluster.x + width - CLUSTER_PADDING - NOTE_WIDTH
        y_min = cluster.y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING
        assert y_min <= note.y <= cluster.y + height - CLUSTER_PADDING - NOTE_HEIGHT
    # The arrangement starts at the top-left corner of the selection.
    assert (min(n.x for n in members), min(n.y for n in members)) == (1000.0, 900.0)
    assert len(content.notes_in(None)) == 5


def test_group_needs_notes_and_a_title(service: BoardService, board: int, snapshot: Snapshot) -> None:
    ids, _ = service.add_notes(board, ["a\nb"])
    before = snapshot()
    with pytest.raises(ValidationError, match="Select the notes"):
        service.group(board, [], "Theme")
    with pytest.raises(ValidationError, match="Select the notes"):
        service.group(board, [99999], "Theme")
    with pytest.raises(ValidationError, match="cannot be empty"):
        service.group(board, ids, "   ")
    with pytest.raises(ValidationError, match="longer than"):
        service.group(board, ids, "t" * 201)
    assert snapshot() == before


def test_update_cluster(service: BoardService, board: int, snapshot: Snapshot) -> None:
    ids, _ = service.add_notes(board, ["a\nb"])
    cluster_id, _ = service.group(board, ids, "Theme")
    (cluster,) = service.load(board).clusters
    changed = dataclasses.replace(
        cluster, title=" New   title ", color=NoteColor.BLUE, collapsed=True, x=-10.0
    )
    assert service.update_cluster(board, changed) == Changes(
        board_id=board, cluster_ids=frozenset({cluster_id})
    )
    assert service.load(board).clusters == (dataclasses.replace(changed, title="New title"),)
    before = snapshot()
    with pytest.raises(ValidationError):
        service.update_cluster(board, dataclasses.replace(changed, title=""))
    with pytest.raises(NotFoundError):
        service.update_cluster(board, Cluster("Ghost", id=4242))
    assert snapshot() == before


def test_ungroup_leaves_the_notes_where_they_are(service: BoardService, board: int) -> None:
    ids, _ = service.add_notes(board, ["a\nb\nc"])
    cluster_id, _ = service.group(board, ids[:2], "Theme")
    placed = {n.id: (n.x, n.y) for n in service.load(board).notes}
    changes = service.ungroup(board, cluster_id)
    assert changes == Changes(
        board_id=board, note_ids=frozenset(ids[:2]), cluster_ids=frozenset({cluster_id})
    )
    content = service.load(board)
    assert content.clusters == ()
    assert {n.id: (n.x, n.y) for n in content.notes} == placed
    assert all(n.cluster_id is None for n in content.notes)


# -- participants who wrote notes and gave dots ---------------------------------------------


def test_editing_workshop_details_keeps_note_authors_and_votes(
    service: BoardService, workshops: WorkshopService, sprint: Workshop, board: int, db: Database
) -> None:
    assert sprint.id is not None
    ana, ben = sprint.participants[:2]  # the PM and the UX designer; Chen and Dana follow
    (anas,), _ = service.add_notes(board, ["Ana's idea"], author_id=ana.id)
    (bens,), _ = service.add_notes(board, ["Ben's idea"], author_id=ben.id)
    with db.session() as session:
        vote_session = vote_repository.start_session(session, board, VoteRules(), dt.datetime.now(dt.UTC))
        vote_repository.add_vote(session, vote_session, Vote(ben.id or 0, anas))
    # The details panel sends participants as typed, without ids.
    workshops.update_details(
        dataclasses.replace(
            sprint,
            title="Renamed sprint",
            participants=(
                Participant("Ana Costa", Role.DECIDER),
                Participant("Ben Okafor", Role.PM),
                Participant("New"),
            ),
        )
    )
    after = workshops.get(sprint.id)
    assert [(p.name, p.role) for p in after.participants] == [
        ("Ana Costa", Role.DECIDER),
        ("Ben Okafor", Role.PM),
        ("New", Role.OTHER),
    ]
    assert [p.id for p in after.participants[:2]] == [ana.id, ben.id]
    notes = {n.id: n.author_id for n in service.load(board).notes}
    assert notes == {anas: ana.id, bens: ben.id}
    with db.session() as session:
        assert [v.participant_id for v in vote_repository.list_votes(session, vote_session)] == [ben.id]
    # Taking someone off the list leaves their notes without an author.
    workshops.update_details(dataclasses.replace(after, participants=(after.participants[0],)))
    assert {n.id: n.author_id for n in service.load(board).notes} == {anas: ana.id, bens: None}
    with db.session() as session:
        assert vote_repository.list_votes(session, vote_session) == []


def test_renaming_a_participant_by_id_keeps_their_notes(
    service: BoardService, workshops: WorkshopService, sprint: Workshop, board: int
) -> None:
    ana, ben = sprint.participants[:2]
    service.add_notes(board, ["idea"], author_id=ben.id)
    workshops.update_details(
        dataclasses.replace(sprint, participants=(dataclasses.replace(ben, name="Ben Lee"), ana))
    )
    assert sprint.id is not None
    after = workshops.get(sprint.id)
    assert [(p.name, p.id) for p in after.participants] == [("Ben Lee", ben.id), ("Ana Costa", ana.id)]
    assert service.load(board).notes[0].author_id == ben.id
