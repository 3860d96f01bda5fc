"""Boards, notes, clusters and votes against a real SQLite file; migration 0002 -> 0003."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from sprintdesk.domain.board import Board, Cluster, Note, NoteColor
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.voting import Vote, VoteRules
from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import run_log_repository as log
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    alembic_config,
    current_revision,
    upgrade_to,
)
from sprintdesk.storage.models import Base

UTC = dt.UTC
BOARD_TABLES = ("boards", "clusters", "notes", "vote_sessions", "votes")


def count(db: Database, table: str, where: str = "1", **params: object) -> int:
    with db.engine.connect() as connection:
        return int(
            connection.execute(text(f"SELECT COUNT(*) FROM {table} WHERE {where}"), params).scalar_one()
        )


@pytest.fixture
def workshop_id(db: Database, make_workshop: Callable[..., Workshop]) -> int:
    with db.session() as session:
        return workshops.add_workshop(session, make_workshop())


@pytest.fixture
def people(db: Database, workshop_id: int) -> dict[str, int]:
    with db.session() as session:
        # First names: Ana (PM), Ben (UX), Chen (Engineering), Dana (the Decider).
        return {
            p.name.split()[0]: p.id or 0 for p in workshops.get_workshop(session, workshop_id).participants
        }


@pytest.fixture
def board_id(db: Database, workshop_id: int) -> int:
    with db.session() as session:
        return boards.add_board(session, Board("How might we", workshop_id))


def add_notes(db: Database, board_id: int, notes: list[Note]) -> list[int]:
    with db.session() as session:
        return boards.add_notes(session, board_id, notes)


def content_of(db: Database, board_id: int) -> tuple[list[Note], list[Cluster]]:
    with db.session() as session:
        content = boards.load_content(session, board_id)
    return list(content.notes), list(content.clusters)


# -- migration 0002 -> 0003 -----------------------------------------------------------------


def _build_revision_0002(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            upgrade_to(connection, "0002")
            assert current_revision(connection) == "0002"
            assert "boards" not in inspect(connection).get_table_names()
            for statement in (
                "INSERT INTO workshops (id, title, goal, start_date, facilitator, created_at, updated_at)"
                " VALUES (4, 'Retro', 'Learn', '2026-11-02', 'Ana', '2026-11-01 10:00:00.000000',"
                " '2026-11-01 11:00:00.000000')",
                "INSERT INTO participants (id, workshop_id, position, name, role)"
                " VALUES (8, 4, 0, 'Dee', 'Decider'), (9, 4, 1, 'Uma', 'UX')",
                "INSERT INTO agenda_days (id, workshop_id, position, title, start_minute)"
                " VALUES (2, 4, 0, 'Day', 540)",
                "INSERT INTO agenda_items"
                " (id, day_id, position, title, duration_minutes, kind, instructions, notes)"
                " VALUES (21, 2, 0, 'Affinity map', 30, 'exercise', 'Group the notes', 'markers'),"
                " (22, 2, 1, 'Lunch', 45, 'break', '', '')",
                "INSERT INTO run_events"
                " (workshop_id, action, item_id, target_id, at, elapsed, amount, running)"
                " VALUES (4, 'start', 21, NULL, '2026-11-02 09:00:00.000000', 0.0, 0.0, 1),"
                " (4, 'extend', 21, NULL, '2026-11-02 09:10:00.500000', 600.5, 120.0, 1),"
                " (4, 'next', 21, 22, '2026-11-02 09:32:00.000000', 1920.0, 0.0, 1)",
            ):
                connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "old.sqlite3"
    _build_revision_0002(path)
    database = open_database(path)
    yield database
    database.close()


def test_upgrading_0002_keeps_the_workshop_agenda_and_run_log(upgraded: Database) -> None:
    with upgraded.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION == KNOWN_REVISIONS[-1]
        tables = set(inspect(connection).get_table_names())
        columns = {c["name"]: c for c in inspect(connection).get_columns("agenda_items")}
        item_rows = connection.execute(
            text("SELECT id, title, instructions, notes, board_id FROM agenda_items ORDER BY id")
        ).all()
    assert set(BOARD_TABLES) <= tables
    assert columns["board_id"]["nullable"]
    assert [tuple(r) for r in item_rows] == [
        (21, "Affinity map", "Group the notes", "markers", None),
        (22, "Lunch", "", "", None),
    ]
    with upgraded.session() as session:
        workshop = workshops.get_workshop(session, 4)
        events = log.list_events(session, 4)
    assert [(p.id, p.name, p.role) for p in workshop.participants] == [
        (8, "Dee", Role.DECIDER),
        (9, "Uma", Role.UX),
    ]
    assert [(i.id, i.title, i.duration_minutes) for i in workshop.items()] == [
        (21, "Affinity map", 30),
        (22, "Lunch", 45),
    ]
    assert events == [
        RunEvent(RunAction.START, 21, dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC), 0.0, True),
        RunEvent(
            RunAction.EXTEND, 21, dt.datetime(2026, 11, 2, 9, 10, 0, 500000, tzinfo=UTC), 600.5, True, 120.0
        ),
        RunEvent(RunAction.NEXT, 21, dt.datetime(2026, 11, 2, 9, 32, tzinfo=UTC), 1920.0, True, 0.0, 22),
    ]


def test_an_upgraded_database_takes_boards_and_links_items(upgraded: Database) -> None:
    with upgraded.session() as session:
        board_id = boards.add_board(session, Board("Wall", 4))
        boards.add_notes(session, board_id, [Note("idea", author_id=8)])
        boards.link_item(session, 21, board_id)
    with upgraded.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT board_id FROM agenda_items WHERE id = 21")).scalar_one()
            == board_id
        )
        foreign_keys = inspect(connection).get_foreign_keys("agenda_items")
    assert any(
        fk["referred_table"] == "boards" and fk["options"].get("ondelete") == "SET NULL"
        for fk in foreign_keys
    )
    with upgraded.session() as session:
        boards.delete_board(session, board_id)
    with upgraded.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT board_id FROM agenda_items WHERE id = 21")).scalar_one() is None
        )
    assert count(upgraded, "agenda_items") == 2


def _differences(db: Database) -> list[object]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_models_match_a_schema_upgraded_from_0002(upgraded: Database) -> None:
    assert _differences(upgraded) == []


def test_the_models_match_a_new_database(db: Database) -> None:
    assert _differences(db) == []


def test_downgrading_0003_keeps_the_agenda(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    _build_revision_0002(path)
    open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0002")  # type: ignore[arg-type]
        with engine.connect() as connection:
            assert current_revision(connection) == "0002"
            assert not set(BOARD_TABLES) & set(inspect(connection).get_table_names())
            assert "board_id" not in {c["name"] for c in inspect(connection).get_columns("agenda_items")}
            assert connection.execute(text("SELECT COUNT(*) FROM agenda_items")).scalar_one() == 2
            assert connection.execute(text("SELECT COUNT(*) FROM run_events")).scalar_one() == 3
    finally:
        engine.dispose()


# -- boards ---------------------------------------------------------------------------------


def test_boards_round_trip_in_order(db: Database, workshop_id: int) -> None:
    with db.session() as session:
        first = boards.add_board(session, Board("How might we", workshop_id))
        second = boards.add_board(session, Board("Sprint questions", workshop_id, private_writing=True))
    with db.session() as session:
        listed = boards.list_boards(session, workshop_id)
        assert boards.get_board(session, second) == Board("Sprint questions", workshop_id, True, id=second)
    assert [(b.id, b.name, b.private_writing) for b in listed] == [
        (first, "How might we", False),
        (second, "Sprint questions", True),
    ]
    with db.session() as session:
        boards.rename_board(session, first, "HMW")
        boards.set_private_writing(session, first, True)
    with db.session() as session:
        assert boards.get_board(session, first) == Board("HMW", workshop_id, True, id=first)
        assert boards.list_boards(session, workshop_id + 1000) == []


def test_adding_a_board_touches_the_workshop(
    fake_now: Callable[[], dt.datetime], db: Database, workshop_id: int
) -> None:
    with db.session() as session:
        before = workshops.list_workshops(session)[0].updated_at
        boards.add_board(session, Board("Wall", workshop_id))
    with db.session() as session:
        assert workshops.list_workshops(session)[0].updated_at > before


def test_boards_of_a_missing_workshop_or_missing_boards(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFoundError, match="no workshop with id 99"):
        boards.add_board(session, Board("Wall", 99))
    for action in (
        lambda s: boards.get_board(s, 404),
        lambda s: boards.rename_board(s, 404, "x"),
        lambda s: boards.set_private_writing(s, 404, True),
        lambda s: boards.delete_board(s, 404),
        lambda s: boards.load_content(s, 404),
        lambda s: boards.add_notes(s, 404, [Note("x")]),
        lambda s: boards.add_cluster(s, 404, Cluster("x")),
    ):
        with db.session() as session, pytest.raises(NotFoundError, match="no board with id 404"):
            action(session)


def test_find_board_ignores_case_including_non_ascii_letters(db: Database, workshop_id: int) -> None:
    with db.session() as session:
        hmw = boards.add_board(session, Board("How might we", workshop_id))
        uber = boards.add_board(session, Board("Über Ärger", workshop_id))
    with db.session() as session:
        assert boards.find_board(session, workshop_id, "HOW MIGHT WE") == Board(
            "How might we", workshop_id, id=hmw
        )
        assert boards.find_board(session, workshop_id, "Über Ärger") is not None
        found = boards.find_board(session, workshop_id, "über ärger")
        assert found is not None and found.id == uber
        assert boards.find_board(session, workshop_id, "ÜBER ÄRGER") is not None
        assert boards.find_board(session, workshop_id, "How might") is None
        assert boards.find_board(session, workshop_id + 1, "How might we") is None


def test_note_counts_per_board(db: Database, workshop_id: int, board_id: int) -> None:
    with db.session() as session:
        other = boards.add_board(session, Board("Other", workshop_id))
        empty = boards.add_board(session, Board("Empty", workshop_id))
    add_notes(db, board_id, [Note("a"), Note("b"), Note("c")])
    add_notes(db, other, [Note("d")])
    with db.session() as session:
        assert boards.note_counts(session, workshop_id) == {board_id: 3, other: 1}
        assert empty not in boards.note_counts(session, workshop_id)


# -- notes ----------------------------------------------------------------------------------


def test_notes_round_trip_every_field(db: Database, board_id: int, people: dict[str, int]) -> None:
    with db.session() as session:
        cluster_id = boards.add_cluster(
            session, board_id, Cluster("Speed", x=-5.5, y=7.25, color=NoteColor.TEAL)
        )
    written = [
        Note("Faster login\nplease", x=12.5, y=-40.25, color=NoteColor.BLUE, author_id=people["Ben"]),
        Note("Ærøskøbing ☕ 日本", x=1e6, y=0.0, color=NoteColor.GREY, cluster_id=cluster_id, covered=True),
        Note("Dots from paper", imported_votes=7, color=NoteColor.PINK),
    ]
    ids = add_notes(db, board_id, written)
    assert len(ids) == 3 and ids == sorted(ids)
    notes, clusters = content_of(db, board_id)
    assert notes == [
        dataclasses.replace(note, id=note_id) for note, note_id in zip(written, ids, strict=True)
    ]
    assert clusters == [Cluster("Speed", x=-5.5, y=7.25, color=NoteColor.TEAL, id=cluster_id)]


def test_add_notes_returns_ids_in_order_for_a_bulk_insert(db: Database, board_id: int) -> None:
    written = [Note(f"note {i}", x=float(i), y=float(-i)) for i in range(2500)]
    ids = add_notes(db, board_id, written)
    assert len(set(ids)) == 2500
    notes, _ = content_of(db, board_id)
    by_id = {note.id: note for note in notes}
    for note_id, original in zip(ids, written, strict=True):
        assert (by_id[note_id].text, by_id[note_id].x, by_id[note_id].y) == (
            original.text,
            original.x,
            original.y,
        )


def test_add_notes_keeps_ids_given(db: Database, board_id: int) -> None:
    first = add_notes(db, board_id, [Note("a"), Note("b"), Note("c")])
    with db.session() as session:
        boards.delete_notes(session, board_id, [first[0], first[2]])
    again = add_notes(db, board_id, [Note("c back", id=first[2]), Note("new"), Note("a back", id=first[0])])
    assert again[0] == first[2] and again[2] == first[0]
    assert again[1] not in first
    notes, _ = content_of(db, board_id)
    assert {n.id: n.text for n in notes} == {
        first[0]: "a back",
        first[1]: "b",
        first[2]: "c back",
        again[1]: "new",
    }


def test_add_no_notes(db: Database, board_id: int) -> None:
    assert add_notes(db, board_id, []) == []
    with db.session() as session:
        assert boards.add_notes(session, 404, []) == []  # nothing to do, nothing checked


def test_update_note(db: Database, board_id: int, workshop_id: int, people: dict[str, int]) -> None:
    (note_id,) = add_notes(db, board_id, [Note("draft")])
    changed = Note(
        "final", x=3.0, y=4.0, color=NoteColor.GREEN, author_id=people["Dana"], covered=True, id=note_id
    )
    with db.session() as session:
        boards.update_note(session, board_id, changed)
    assert content_of(db, board_id)[0] == [changed]
    with db.session() as session:
        other = boards.add_board(session, Board("Other", workshop_id))
    with db.session() as session, pytest.raises(NotFoundError, match="no note with id"):
        boards.update_note(session, other, changed)  # not on that board
    with db.session() as session, pytest.raises(NotFoundError):
        boards.update_note(session, board_id, Note("no id"))
    with db.session() as session, pytest.raises(NotFoundError):
        boards.update_note(session, board_id, Note("gone", id=note_id + 100))


def test_move_notes_moves_only_those_on_the_board(db: Database, board_id: int, workshop_id: int) -> None:
    with db.session() as session:
        other = boards.add_board(session, Board("Other", workshop_id))
    a, b, c = add_notes(db, board_id, [Note("a"), Note("b"), Note("c")])
    (foreign,) = add_notes(db, other, [Note("elsewhere", x=1.0, y=2.0)])
    with db.session() as session:
        boards.move_notes(session, board_id, [(a, 100.0, 200.5), (c, -3.0, -4.0), (foreign, 9.0, 9.0)])
        boards.move_notes(session, board_id, [])
    notes, _ = content_of(db, board_id)
    assert [(n.id, n.x, n.y) for n in notes] == [(a, 100.0, 200.5), (b, 0.0, 0.0), (c, -3.0, -4.0)]
    assert [(n.x, n.y) for n in content_of(db, other)[0]] == [(1.0, 2.0)]


def test_move_many_notes_in_one_statement(db: Database, board_id: int) -> None:
    ids = add_notes(db, board_id, [Note(f"n{i}") for i in range(3000)])
    with db.session() as session:
        boards.move_notes(session, board_id, [(note_id, float(i), 2.0 * i) for i, note_id in enumerate(ids)])
    notes, _ = content_of(db, board_id)
    assert all(n.x == i and n.y == 2 * i for i, n in enumerate(notes))


def test_delete_notes_only_on_that_board(db: Database, board_id: int, workshop_id: int) -> None:
    with db.session() as session:
        other = boards.add_board(session, Board("Other", workshop_id))
    a, b = add_notes(db, board_id, [Note("a"), Note("b")])
    (foreign,) = add_notes(db, other, [Note("elsewhere")])
    with db.session() as session:
        boards.delete_notes(session, board_id, [a, foreign])
        boards.delete_notes(session, board_id, [])
    assert [n.id for n in content_of(db, board_id)[0]] == [b]
    assert [n.id for n in content_of(db, other)[0]] == [foreign]


# -- clusters -------------------------------------------------------------------------------


def test_clusters_round_trip_update_and_delete(db: Database, board_id: int, workshop_id: int) -> None:
    with db.session() as session:
        first = boards.add_cluster(session, board_id, Cluster("Speed", 1.0, 2.0))
        second = boards.add_cluster(
            session, board_id, Cluster("Trust", 3.0, 4.0, NoteColor.ORANGE, collapsed=True)
        )
    assert content_of(db, board_id)[1] == [
        Cluster("Speed", 1.0, 2.0, id=first),
        Cluster("Trust", 3.0, 4.0, NoteColor.ORANGE, True, id=second),
    ]
    renamed = Cluster("Speed & latency", 10.0, 20.0, NoteColor.PURPLE, collapsed=True, id=first)
    with db.session() as session:
        boards.update_cluster(session, board_id, renamed)
    assert content_of(db, board_id)[1][0] == renamed
    with db.session() as session:
        other = boards.add_board(session, Board("Other", workshop_id))
    with db.session() as session, pytest.raises(NotFoundError, match="no cluster"):
        boards.update_cluster(session, other, renamed)
    with db.session() as session, pytest.raises(NotFoundError, match="no cluster"):
        boards.update_cluster(session, board_id, Cluster("x", id=9999))
    with db.session() as session:
        boards.delete_cluster(session, other, first)  # the wrong board: nothing happens
    assert len(content_of(db, board_id)[1]) == 2
    with db.session() as session:
        boards.delete_cluster(session, board_id, first)
    assert [c.id for c in content_of(db, board_id)[1]] == [second]


def test_a_cluster_keeps_its_id_when_restored(db: Database, board_id: int) -> None:
    with db.session() as session:
        cluster_id = boards.add_cluster(session, board_id, Cluster("Speed"))
    with db.session() as session:
        boards.delete_cluster(session, board_id, cluster_id)
    with db.session() as session:
        assert boards.add_cluster(session, board_id, Cluster("Speed", id=cluster_id)) == cluster_id


def test_deleting_a_cluster_frees_its_notes(db: Database, board_id: int) -> None:
    with db.session() as session:
        cluster_id = boards.add_cluster(session, board_id, Cluster("Speed"))
    inside, outside = add_notes(db, board_id, [Note("in", x=5.0, cluster_id=cluster_id), Note("out")])
    with db.session() as session:
        boards.delete_cluster(session, board_id, cluster_id)
    notes, clusters = content_of(db, board_id)
    assert clusters == []
    assert [(n.id, n.cluster_id, n.x) for n in notes] == [(inside, None, 5.0), (outside, None, 0.0)]


# -- cascades -------------------------------------------------------------------------------


def _fill_board(db: Database, board_id: int, people: dict[str, int]) -> tuple[list[int], int]:
    with db.session() as session:
        cluster_id = boards.add_cluster(session, board_id, Cluster("Theme"))
        note_ids = boards.add_notes(
            session,
            board_id,
            [Note("a", cluster_id=cluster_id, author_id=people["Ben"]), Note("b", author_id=people["Dana"])],
        )
        session_id = votes.start_session(
            session, board_id, VoteRules(), dt.datetime(2026, 12, 1, 10, tzinfo=UTC)
        )
        for person in ("Dana", "Ben"):
            votes.add_vote(session, session_id, Vote(people[person], note_ids[0]))
        votes.add_vote(session, session_id, Vote(people["Dana"], note_ids[1]))
    return note_ids, session_id


def test_deleting_a_board_removes_its_content_only(
    db: Database, workshop_id: int, board_id: int, people: dict[str, int]
) -> None:
    with db.session() as session:
        other = boards.add_board(session, Board("Other", workshop_id))
    _fill_board(db, board_id, people)
    _fill_board(db, other, people)
    before = {table: count(db, table) for table in BOARD_TABLES}
    assert before == {"boards": 2, "clusters": 2, "notes": 4, "vote_sessions": 2, "votes": 6}
    with db.session() as session:
        boards.delete_board(session, board_id)
    assert {table: count(db, table) for table in BOARD_TABLES} == {
        "boards": 1,
        "clusters": 1,
        "notes": 2,
        "vote_sessions": 1,
        "votes": 3,
    }
    assert count(db, "notes", "board_id = :b", b=other) == 2
    assert count(db, "participants") == 4


def test_deleting_a_workshop_removes_its_boards(
    db: Database, workshop_id: int, board_id: int, people: dict[str, int]
) -> None:
    _fill_board(db, board_id, people)
    with db.session() as session:
        workshops.delete_workshop(session, workshop_id)
    assert {table: count(db, table) for table in BOARD_TABLES} == dict.fromkeys(BOARD_TABLES, 0)


def test_deleting_a_participant_keeps_their_notes_without_author(
    db: Database, board_id: int, people: dict[str, int]
) -> None:
    note_ids, session_id = _fill_board(db, board_id, people)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM participants WHERE id = :p"), {"p": people["Ben"]})
    notes, _ = content_of(db, board_id)
    assert [(n.id, n.author_id) for n in notes] == [(note_ids[0], None), (note_ids[1], people["Dana"])]
    with db.session() as session:
        assert {v.participant_id for v in votes.list_votes(session, session_id)} == {people["Dana"]}


def test_deleting_a_note_removes_its_votes(db: Database, board_id: int, people: dict[str, int]) -> None:
    note_ids, session_id = _fill_board(db, board_id, people)
    with db.session() as session:
        boards.delete_notes(session, board_id, [note_ids[0]])
    with db.session() as session:
        assert [v.note_id for v in votes.list_votes(session, session_id)] == [note_ids[1]]


# -- votes ----------------------------------------------------------------------------------


def test_vote_sessions_round_trip(db: Database, board_id: int) -> None:
    now = dt.datetime(2026, 12, 1, 10, tzinfo=UTC)
    with db.session() as session:
        assert votes.current_session(session, board_id) is None
        first = votes.start_session(session, board_id, VoteRules(), now)
        rules = VoteRules(budget=5, supervote_budget=2, allow_stacking=True)
        second = votes.start_session(session, board_id, rules, now + dt.timedelta(hours=1))
    with db.session() as session:
        current = votes.current_session(session, board_id)
        assert current is not None
        assert (current.id, current.board_id, current.rules, current.revealed) == (
            second,
            board_id,
            rules,
            False,
        )
        votes.set_revealed(session, second, True)
    with db.session() as session:
        current = votes.current_session(session, board_id)
        assert current is not None and current.revealed
        votes.set_revealed(session, second, False)
    with db.session() as session:
        current = votes.current_session(session, board_id)
        assert current is not None and not current.revealed
        assert first != second
    with db.session() as session, pytest.raises(NotFoundError):
        votes.set_revealed(session, 999, True)


def test_votes_round_trip(db: Database, board_id: int, people: dict[str, int]) -> None:
    a, b = add_notes(db, board_id, [Note("a"), Note("b")])
    dana, ben = people["Dana"], people["Ben"]
    with db.session() as session:
        session_id = votes.start_session(
            session, board_id, VoteRules(supervote_budget=1), dt.datetime.now(UTC)
        )
        first = votes.add_vote(session, session_id, Vote(dana, a))
        second = votes.add_vote(session, session_id, Vote(dana, b, supervote=True))
        third = votes.add_vote(session, session_id, Vote(ben, a))
    with db.session() as session:
        assert votes.list_votes(session, session_id) == [
            Vote(dana, a, id=first),
            Vote(dana, b, True, id=second),
            Vote(ben, a, id=third),
        ]
        votes.remove_vote(session, second)
    with db.session() as session:
        assert [v.id for v in votes.list_votes(session, session_id)] == [first, third]
        assert (
            votes.add_vote(session, session_id, Vote(dana, b, True, id=second)) == second
        )  # undo keeps the id
    with db.session() as session:
        assert [v.id for v in votes.list_votes(session, session_id)] == [first, second, third]
        assert votes.list_votes(session, session_id + 1) == []
    with db.session() as session, pytest.raises(NotFoundError, match="no vote"):
        votes.remove_vote(session, 12345)


# -- participants keep their rows when the details are saved --------------------------------


def _participants(db: Database, workshop_id: int) -> list[tuple[int | None, str, Role]]:
    with db.session() as session:
        return [(p.id, p.name, p.role) for p in workshops.get_workshop(session, workshop_id).participants]


def _save(db: Database, workshop_id: int, people: tuple[Participant, ...]) -> None:
    with db.session() as session:
        workshops.update_details(
            session, workshop_id, title="T", goal="", start_date=None, facilitator="", participants=people
        )


def test_saving_details_reuses_participant_rows(
    db: Database, workshop_id: int, people: dict[str, int]
) -> None:
    dana, ben, chen = people["Dana"], people["Ben"], people["Chen"]
    # Reordered, one renamed by id, one matched by name in another case, one new, Ana gone.
    _save(
        db,
        workshop_id,
        (
            Participant("chen wei", Role.PM),
            Participant("Dana R.", Role.DECIDER, id=dana),
            Participant("Newcomer"),
            Participant("Ben Okafor", Role.UX, id=ben),
        ),
    )
    after = _participants(db, workshop_id)
    assert after[:2] == [(chen, "chen wei", Role.PM), (dana, "Dana R.", Role.DECIDER)]
    assert after[2][1:] == ("Newcomer", Role.OTHER) and after[2][0] not in (dana, ben, chen)
    assert after[3] == (ben, "Ben Okafor", Role.UX)
    assert len(after) == 4 and people["Ana"] not in {pid for pid, _, _ in after}
    with db.engine.connect() as connection:
        positions = connection.execute(
            text("SELECT name, position FROM participants WHERE workshop_id = :w ORDER BY position"),
            {"w": workshop_id},
        ).all()
    assert [tuple(p) for p in positions] == [
        ("chen wei", 0),
        ("Dana R.", 1),
        ("Newcomer", 2),
        ("Ben Okafor", 3),
    ]


def test_saving_details_with_the_same_id_twice_or_the_same_name_twice(
    db: Database, workshop_id: int, people: dict[str, int]
) -> None:
    ben = people["Ben"]
    _save(db, workshop_id, (Participant("Ben", id=ben), Participant("Ben again", id=ben), Participant("Ben")))
    after = _participants(db, workshop_id)
    assert [name for _, name, _ in after] == ["Ben", "Ben again", "Ben"]
    assert after[0][0] == ben
    assert len({pid for pid, _, _ in after}) == 3
    assert count(db, "participants") == 3
