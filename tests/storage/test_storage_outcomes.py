"""The outcome repository on a real SQLite file: rows in and out as they were, order per
kind, sources that outlive their note, follow-up links and deleting inside a series."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sprintdesk.domain.board import Board, Note
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import outcome_repository as repo
from sprintdesk.storage import workshop_repository as workshops

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def test_round_trip_keeps_every_field(db, make_workshop) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        wid = workshops.add_workshop(session, make_workshop())
        owner = workshops.get_workshop(session, wid).participants[1].id
        board = boards.add_board(session, Board("Ideas", wid))
        (note,) = boards.add_notes(session, board, [Note("Cut the form")])
        item = Outcome(
            OutcomeKind.ACTION,
            "Prototype the short form",
            wid,
            owner_id=owner,
            due_date=dt.date(2026, 12, 8),
            source_note_id=note,
            source_text="Cut the form",
        )
        item_id = repo.add_outcome(session, item, NOW)
        decision_id = repo.add_outcome(
            session, Outcome(OutcomeKind.DECISION, "Go", wid, decided_by="Dee"), NOW
        )
    with db.session() as session:
        got = repo.get_outcome(session, item_id)
        listed = repo.list_outcomes(session, wid)
    assert got.text == "Prototype the short form" and got.owner_id == owner
    assert got.due_date == dt.date(2026, 12, 8) and got.status is Status.OPEN
    assert (got.source_note_id, got.source_text) == (note, "Cut the form")
    assert got.created_at == NOW and got.closed_at is None and got.position == 0
    assert [o.id for o in listed] == [item_id, decision_id]  # "action" sorts before "decision"
    with db.session() as session:
        boards.delete_notes(session, board, [note])
    with db.session() as session:
        kept = repo.get_outcome(session, item_id)
    assert kept.source_note_id is None and kept.source_text == "Cut the form"


def test_positions_per_kind_and_put_back_in_place(db, make_workshop) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        wid = workshops.add_workshop(session, make_workshop())
        ids = [repo.add_outcome(session, Outcome(OutcomeKind.ACTION, t, wid), NOW) for t in "abc"]
        repo.add_outcome(session, Outcome(OutcomeKind.DECISION, "d", wid), NOW)
        repo.set_order(session, wid, OutcomeKind.ACTION, [ids[2], ids[0], ids[1]])
    with db.session() as session:
        middle = repo.get_outcome(session, ids[0])
        repo.delete_outcome(session, ids[0])
    with db.session() as session:
        repo.add_outcome(session, middle, NOW)
        actions = [o.text for o in repo.list_outcomes(session, wid) if o.is_action]
    assert actions == ["c", "a", "b"]


def test_deleting_the_middle_of_a_series_keeps_the_chain_and_its_open_items(  # type: ignore[no-untyped-def]
    db, db_path, make_workshop
) -> None:
    with db.session() as session:
        first, middle, last = (workshops.add_workshop(session, make_workshop(t)) for t in ("A", "B", "C"))
        repo.link(session, middle, first)
        repo.link(session, last, middle)
        ben_middle = workshops.get_workshop(session, middle).participants[1].id
        open_id = repo.add_outcome(
            session, Outcome(OutcomeKind.ACTION, "open", middle, owner_id=ben_middle), NOW
        )
        repo.add_outcome(session, Outcome(OutcomeKind.ACTION, "done", middle, status=Status.DONE), NOW)
        repo.add_outcome(session, Outcome(OutcomeKind.ACTION, "C's own", last), NOW)
    with db.session() as session:
        assert repo.chain_of(session, last) == [first, middle, last]
        repo.detach(session, middle)
        workshops.delete_workshop(session, middle)
    with db.session() as session:
        assert repo.chain_of(session, last) == [first, last]
        moved = repo.get_outcome(session, open_id)
        ben_last = workshops.get_workshop(session, last).participants[1]
        texts = [o.text for o in repo.list_outcomes(session, last)]
    assert moved.workshop_id == last and moved.owner_id == ben_last.id and ben_last.name == "Ben Okafor"
    assert texts == ["C's own", "open"]
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT count(*) FROM outcomes").fetchone() == (2,)
    finally:
        connection.close()


def test_deleting_the_first_workshop_makes_its_follow_up_the_start(db, make_workshop) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        first, second = (workshops.add_workshop(session, make_workshop(t)) for t in ("A", "B"))
        repo.link(session, second, first)
        repo.detach(session, first)
        workshops.delete_workshop(session, first)
    with db.session() as session:
        assert repo.follows(session, second) is None
        assert repo.chain_of(session, second) == [second]
