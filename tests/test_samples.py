"""The sample workshop (sprintdesk/samples.py) holds what its docstring promises, built
through the services on a real SQLite file, and survives a round trip through a workshop
file into another database."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sprintdesk import samples
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.outcomes import Status
from sprintdesk.domain.voting import Tally
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.samples import Sample
from sprintdesk.services.bundle import Services
from sprintdesk.storage.database import open_database


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


def test_a_failed_sample_leaves_nothing_behind(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step that fails half-way (here the outcomes) takes the workshop made so far with it."""

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(samples, "add_outcomes", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        samples.create_sample(services)
    assert services.workshops.list() == []
