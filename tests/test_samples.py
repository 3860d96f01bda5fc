"""The sample workshop (sprintdesk/samples.py) holds what its docstring promises, built
through the services on a real SQLite file, and survives a round trip through a workshop
file into another database."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from sprintdesk import samples
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.outcomes import Status
from sprintdesk.domain.voting import Tally
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.export.interchange.workshop_file import dump_workshop_file
from sprintdesk.samples import Sample
from sprintdesk.services.bundle import Services
from sprintdesk.services.workshop_file import WorkshopFileService
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.errors import DatabaseBusyError


def test_people_in_four_roles_and_a_two_day_agenda(services: Services, sample: Sample) -> None:
    workshop, expected = services.workshops.get(sample.workshop_id), samples.sample_workshop()
    assert (workshop.title, workshop.goal, workshop.start_date, workshop.facilitator) == (
        expected.title,
        expected.goal,
        expected.start_date,
        expected.facilitator,
    )
    assert [(p.name, p.role) for p in workshop.participants] == [
        ("Ana Costa", Role.PM),
        ("Ben Okafor", Role.UX),
        ("Chen Wei", Role.ENGINEERING),
        ("Dana Ruiz", Role.DECIDER),
    ]
    assert sample.people == {p.name: p.id for p in workshop.participants}
    assert [day.title for day in workshop.days] == ["Map", "Sketch"]
    assert [dataclasses.replace(item, id=None) for item in workshop.items()] == list(expected.items())
    assert {item.kind for item in workshop.items()} == set(ItemKind)
    assert sum(item.duration_minutes for item in workshop.items()) == 363


def test_a_board_with_three_clusters_by_everybody(services: Services, sample: Sample) -> None:
    content = services.boards.load(sample.board.board_id)
    assert content.board.name == "How might we"
    notes = {n.text: n for n in content.notes}
    assert list(notes) == [text for text, *_ in samples.NOTES]
    titles = {c.id: c.title for c in content.clusters}
    assert sorted(titles.values()) == sorted(samples.CLUSTERS)
    names = {person_id: name for name, person_id in sample.people.items()}
    for text, color, author, cluster in samples.NOTES:
        note = notes[text]
        assert (note.color.value, names[note.author_id or 0]) == (color, author)
        assert titles.get(note.cluster_id or 0, "") == cluster
    assert sample.board.notes == {n.text: n.id for n in content.notes}
    assert {names[n.author_id or 0] for n in content.notes} == set(sample.people)


def test_a_revealed_vote_led_by_the_speed_cluster(services: Services, sample: Sample) -> None:
    state = services.voting.state(sample.board.board_id)
    assert state.revealed and state.session is not None and state.session.rules == samples.VOTE_RULES
    assert len(state.votes) == 4 * 3 + 1  # three dots each and the Decider's supervote
    text = {note_id: t for t, note_id in sample.board.notes.items()}
    assert [(text[note_id], tally) for note_id, tally in state.ranked_notes()] == [
        ("HMW make checkout feel instant?", Tally(4, 1)),
        ("HMW skip the address form for returning customers?", Tally(3, 0)),
        ("HMW show delivery dates before payment?", Tally(2, 0)),
        ("HMW reassure people their card is safe?", Tally(2, 0)),
        ("HMW let people pay with what they already use?", Tally(1, 0)),
    ]
    clusters = sample.board.clusters
    assert state.cluster_tallies == {
        clusters["Speed"]: Tally(7, 1),
        clusters["Trust"]: Tally(4, 0),
        clusters["Payment options"]: Tally(1, 0),
    }


def test_decisions_and_action_items(services: Services, sample: Sample) -> None:
    got = services.outcomes.outcomes_of(sample.workshop_id)
    assert [d.text for d in got.decisions] == list(samples.DECISIONS) == list(sample.decisions)
    assert [a.text for a in got.actions] == [text for text, *_ in samples.ACTIONS] == list(sample.actions)
    names = dict(got.owners)
    assert [(names.get(a.owner_id or 0, ""), a.due_date) for a in got.actions] == [
        (owner, due) for _text, owner, due in samples.ACTIONS
    ]
    assert [a.status for a in got.actions] == [Status.DONE] + [Status.OPEN] * 4
    speed, _typed, instalments = got.decisions
    assert (speed.source_cluster_id, speed.source_text) == (sample.board.clusters["Speed"], "Speed")
    assert speed.decided_by == instalments.decided_by == "Dana Ruiz"
    assert instalments.source_note_id == sample.board.notes["HMW support paying in instalments?"]
    assert got.actions[2].source_note_id == sample.board.notes["HMW help people on slow connections?"]


def test_the_sample_goes_through_a_workshop_file_whole(
    services: Services, sample: Sample, clock: FakeClock, tmp_path: Path
) -> None:
    """Valid by construction: the file passes the import's checks and brings back the same."""
    target = tmp_path / "sample.json"
    services.workshop_files.export(sample.workshop_id, target)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        files = Services.of(other, clock).workshop_files
        again = files.import_file(target)
        assert files.snapshot(again.workshop_id) == services.workshop_files.snapshot(sample.workshop_id)
    finally:
        other.close()


def test_create_sample_adds_a_follow_up_with_the_open_items(services: Services) -> None:
    """The library's "Open a sample workshop": the sample and a follow-up a week later whose
    agenda is set and which carries the four action items still open."""
    workshop_id, changes = samples.create_sample(services)
    assert changes.workshop_list and changes.workshop_id == workshop_id
    assert services.workshops.get(workshop_id).title == samples.TITLE
    follow_id = services.series.follower(workshop_id)
    assert follow_id is not None
    follow = services.workshops.get(follow_id)
    assert follow.start_date == samples.FOLLOW_UP_START
    assert [p.name for p in follow.participants] == [p.name for p in samples.PEOPLE]
    assert [item.title for item in follow.items()] == [item.title for item in samples.FOLLOW_UP_AGENDA]
    carried = services.series.open_from_last_time(follow_id)
    assert sorted(c.outcome.text for c in carried) == sorted(text for text, *_ in samples.ACTIONS[1:])
    assert {w.id for w in services.workshops.list()} == {workshop_id, follow_id}


def _dump(path: Path) -> list[str]:
    """The database's whole content as SQL (read through SQLite, as every reader must)."""
    reader = sqlite3.connect(path)
    try:
        return list(reader.iterdump())
    finally:
        reader.close()


def _assert_one_whole_sample(services: Services, workshop_id: int) -> None:
    """Exactly one sample in the library, complete: the counts of everything it holds."""
    follow_id = services.series.follower(workshop_id)
    assert follow_id is not None
    assert sorted(w.id for w in services.workshops.list()) == sorted([workshop_id, follow_id])
    workshop = services.workshops.get(workshop_id)
    assert (len(workshop.participants), len({p.role for p in workshop.participants})) == (4, 4)
    assert len(list(workshop.items())) == 9
    (listed,) = services.boards.boards_of(workshop_id)
    board = listed.board
    assert board.id is not None
    content = services.boards.load(board.id)
    assert (len(content.notes), len(content.clusters)) == (9, 3)
    assert sum(n.cluster_id is not None for n in content.notes) == 7
    state = services.voting.state(board.id)
    assert state.revealed and len(state.votes) == 13 and sum(v.supervote for v in state.votes) == 1
    got = services.outcomes.outcomes_of(workshop_id)
    assert (len(got.decisions), len(got.actions)) == (3, 5)
    assert [a.status for a in got.actions].count(Status.DONE) == 1
    assert len(list(services.workshops.get(follow_id).items())) == len(samples.FOLLOW_UP_AGENDA)
    assert len(services.series.open_from_last_time(follow_id)) == 4


def test_create_sample_is_exactly_the_sample_built_step_by_step(
    services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    """The sample made as data holds exactly what the services make, step by step (the
    screenshots' way): the same workshop file, follow-up included, places on the board too."""
    workshop_id, _changes = samples.create_sample(services)
    _assert_one_whole_sample(services, workshop_id)
    other = open_database(tmp_path / "step-by-step.sqlite3")
    try:
        stepwise = Services.of(other, clock)
        built = samples.build_sample(stepwise)
        follow_id = samples.add_follow_up(stepwise, built.workshop_id)
        made, follow = services.workshop_files, services.series.follower(workshop_id)
        assert follow is not None
        assert made.snapshot(workshop_id) == stepwise.workshop_files.snapshot(built.workshop_id)
        assert made.snapshot(follow) == stepwise.workshop_files.snapshot(follow_id)
    finally:
        other.close()


def test_the_sample_files_pass_the_import_checks(clock: FakeClock) -> None:
    """What create_sample stores is what a workshop file read and checked would bring."""
    for content in samples.sample_files(clock.utc_now()):
        assert WorkshopFileService.read(dump_workshop_file(content, clock.utc_now())) == content


def test_the_sample_is_one_transaction(services: Services, db: Database) -> None:
    """One button, one commit (it used to be about thirty)."""
    commits: list[object] = []

    def committed(session: object) -> None:
        commits.append(session)

    event.listen(db.sessions, "after_commit", committed)
    try:
        samples.create_sample(services)
    finally:
        event.remove(db.sessions, "after_commit", committed)
    assert len(commits) == 1


@pytest.mark.parametrize("busy_from", [1, 2, 5])
def test_a_database_turning_busy_midway_leaves_no_half_sample(
    services: Services, db: Database, db_path: Path, busy_from: int
) -> None:
    """Another program takes the lock from the ``busy_from``-th commit on: the sample is then
    made whole or not at all (never a half one, its clean-up being busy too), and the retry
    (ServiceRunner retries the whole call on a busy database) makes exactly one."""
    commits = 0

    def busy(session: object) -> None:
        nonlocal commits
        commits += 1
        if commits >= busy_from:
            raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))

    before = _dump(db_path)
    event.listen(db.sessions, "before_commit", busy)
    try:
        workshop_id, _changes = samples.create_sample(services)
    except DatabaseBusyError:
        assert _dump(db_path) == before
        event.remove(db.sessions, "before_commit", busy)
        workshop_id, _changes = samples.create_sample(services)  # the runner's retry
    else:
        event.remove(db.sessions, "before_commit", busy)
    _assert_one_whole_sample(services, workshop_id)


def test_a_lock_held_by_another_connection_changes_nothing_then_one_sample(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    """A real lock (another SQLite connection in a write transaction) and a short wait: the
    sample fails busy with the file exactly as it was; once the lock is gone, one sample."""
    db.close()
    impatient = open_database(db_path, busy_timeout_ms=50)
    try:
        services = Services.of(impatient, clock)
        services.workshops.add(samples.sample_workshop())  # something there already, kept as it is
        before = _dump(db_path)
        writer = sqlite3.connect(db_path, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseBusyError):
                samples.create_sample(services)
            writer.execute("ROLLBACK")
        finally:
            writer.close()
        assert _dump(db_path) == before
        workshop_id, _changes = samples.create_sample(services)
        assert (
            sum(w.title == samples.TITLE for w in services.workshops.list()) == 2
        )  # the old one and the new
        follow_id = services.series.follower(workshop_id)
        assert follow_id is not None and len(services.series.open_from_last_time(follow_id)) == 4
        assert len(services.workshops.list()) == 3
    finally:
        impatient.close()
