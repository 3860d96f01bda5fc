"""Outcome and series use cases on a real SQLite file: typed in and made from the board,
edited, reordered, closed, removed and put back; follow-ups carry open action items over a
series of two and three workshops, and closing one in a follow-up closes it everywhere."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sprintdesk import samples
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status
from sprintdesk.services.boards import BoardService
from sprintdesk.services.errors import NotFoundError
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.series import SeriesService
from sprintdesk.services.workshops import WorkshopService

TITLE = samples.TITLE  # the sample workshop, with Ana (PM), Ben (UX), Chen (Engineering), Dana (Decider)
FOLLOW_UP = f"{TITLE} — follow-up"


@pytest.fixture
def outcomes(db, clock) -> OutcomeService:  # type: ignore[no-untyped-def]
    return OutcomeService(db, clock)


@pytest.fixture
def series(db) -> SeriesService:  # type: ignore[no-untyped-def]
    return SeriesService(db)


def test_typed_in_decisions_and_actions(outcomes, sprint) -> None:  # type: ignore[no-untyped-def]
    _ana, ben, _chen, dana = (p.id for p in sprint.participants)
    d_id, changes = outcomes.add_decision(sprint.id, " Go with  concept B ", "the Decider")
    assert changes.outcomes and changes.workshop_id == sprint.id
    outcomes.add_action(sprint.id, "Book five users", ben, dt.date(2026, 12, 5))
    outcomes.add_action(sprint.id, "Write the script")
    got = outcomes.outcomes_of(sprint.id)
    assert [(o.id, o.text, o.decided_by) for o in got.decisions] == [
        (d_id, "Go with concept B", "the Decider")
    ]
    assert [o.text for o in got.actions] == ["Book five users", "Write the script"]
    assert (
        got.actions[0].owner_id == ben and got.owners[ben] == "Ben Okafor" and got.owners[dana] == "Dana Ruiz"
    )
    assert got.carried == () and got.follows is None
    with pytest.raises(ValidationError, match="needs some text"):
        outcomes.add_action(sprint.id, "   ")
    with pytest.raises(ValidationError, match="participants"):
        outcomes.add_action(sprint.id, "x", owner_id=9999)
    with pytest.raises(NotFoundError):
        outcomes.add_action(9999, "x")
    assert len(outcomes.outcomes_of(sprint.id).actions) == 2, "refused input stores nothing"


def test_made_from_a_note_or_cluster_keeps_link_and_text(db, outcomes, sprint) -> None:  # type: ignore[no-untyped-def]
    boards = BoardService(db)
    board_id, _ = boards.create(sprint.id, "HMW")
    (note_id, other), _ = boards.add_notes(board_id, ["HMW make sign-up shorter?", "Trust badges"])
    cluster_id, _ = boards.group(board_id, [other], "Trust")
    made, _ = outcomes.from_note(Outcome(OutcomeKind.DECISION, "Shorter sign-up", sprint.id), note_id)
    from_cluster, _ = outcomes.from_cluster(Outcome(OutcomeKind.ACTION, "Test badges", sprint.id), cluster_id)
    decision = outcomes.get(made)
    assert (decision.source_note_id, decision.source_text) == (note_id, "HMW make sign-up shorter?")
    action = outcomes.get(from_cluster)
    assert (action.source_cluster_id, action.source_text) == (cluster_id, "Trust")
    boards.ungroup(board_id, cluster_id)
    boards.delete_notes(board_id, [note_id])
    assert outcomes.get(made).source_text == "HMW make sign-up shorter?", "the text outlives the note"
    assert outcomes.get(from_cluster).source_cluster_id is None
    other_id, _ = WorkshopService(db).create("Other")
    with pytest.raises(ValidationError, match="another workshop"):
        outcomes.from_note(Outcome(OutcomeKind.ACTION, "x", other_id), other)


def test_edit_reorder_status_remove_and_restore(outcomes, sprint, clock) -> None:  # type: ignore[no-untyped-def]
    ids = [outcomes.add_action(sprint.id, text)[0] for text in ("one", "two", "three")]
    item = outcomes.get(ids[0])
    outcomes.update(dataclasses.replace(item, text="one, edited", due_date=dt.date(2026, 12, 24)))
    assert outcomes.get(ids[0]).text == "one, edited"
    with pytest.raises(ValidationError):
        outcomes.update(dataclasses.replace(item, kind=OutcomeKind.DECISION))
    outcomes.move(ids[2], -2)
    assert [o.id for o in outcomes.outcomes_of(sprint.id).actions] == [ids[2], ids[0], ids[1]]
    before, changes = outcomes.set_status(ids[1], Status.DONE, sprint.id)
    assert before.status is Status.OPEN and changes.outcomes
    done = outcomes.get(ids[1])
    assert done.status is Status.DONE and done.closed_in_id == sprint.id and done.closed_at == clock.utc_now()
    outcomes.replace(before)  # undo
    assert outcomes.get(ids[1]).status is Status.OPEN and outcomes.get(ids[1]).closed_at is None
    removed, _ = outcomes.remove(ids[0])
    assert [o.id for o in outcomes.outcomes_of(sprint.id).actions] == [ids[2], ids[1]]
    outcomes.restore(removed)
    restored = outcomes.outcomes_of(sprint.id).actions
    assert [o.id for o in restored] == [ids[2], ids[0], ids[1]] and restored[1].text == "one, edited"


def test_follow_up_copies_people_and_carries_open_items(outcomes, series, workshops, sprint) -> None:  # type: ignore[no-untyped-def]
    ben, dana = (p.id for p in sprint.participants[1:4:2])
    open_id, _ = outcomes.add_action(sprint.id, "Book five users", ben)
    done_id, _ = outcomes.add_action(sprint.id, "Send the invite", dana)
    outcomes.set_status(done_id, Status.DONE, sprint.id)
    outcomes.add_decision(sprint.id, "Concept B")
    follow_id, changes = series.create_follow_up(sprint.id)
    assert changes.series and changes.workshop_list and changes.workshop_id == follow_id
    follow = workshops.get(follow_id)
    assert follow.title == FOLLOW_UP
    assert [(p.name, p.role) for p in follow.participants] == [(p.name, p.role) for p in sprint.participants]
    assert follow.facilitator == samples.FACILITATOR and follow.goal == sprint.goal and not follow.items()
    assert {p.id for p in follow.participants}.isdisjoint({p.id for p in sprint.participants}), "new rows"
    seen = outcomes.outcomes_of(follow_id)
    assert seen.follows == (sprint.id, TITLE) and seen.decisions == seen.actions == ()
    assert [(c.outcome.id, c.owner, c.from_title) for c in seen.carried] == [(open_id, "Ben Okafor", TITLE)]
    assert outcomes.outcomes_of(sprint.id).follower == (follow_id, FOLLOW_UP)
    with pytest.raises(ValidationError, match="already has a follow-up"):
        series.create_follow_up(sprint.id)

    # closing in the follow-up closes the single row, for the whole series
    _before, closing = outcomes.set_status(open_id, Status.DONE, follow_id)
    assert closing.series and closing.workshop_id == follow_id
    closed = outcomes.get(open_id)
    assert closed.workshop_id == sprint.id and closed.closed_in_id == follow_id
    assert [o.status for o in outcomes.outcomes_of(sprint.id).actions if o.id == open_id] == [Status.DONE]
    still = outcomes.outcomes_of(follow_id).carried
    assert [(c.outcome.id, c.outcome.status) for c in still] == [(open_id, Status.DONE)], "closed here: shown"


def test_three_workshops_carry_everything_still_open(outcomes, series, sprint) -> None:  # type: ignore[no-untyped-def]
    first_open, _ = outcomes.add_action(sprint.id, "From the first")
    closed_second, _ = outcomes.add_action(sprint.id, "Closed in the second")
    second, _ = series.create_follow_up(sprint.id, start_date=dt.date(2026, 12, 8))
    own_second, _ = outcomes.add_action(second, "From the second")
    outcomes.set_status(closed_second, Status.DONE, second)
    third, _ = series.create_follow_up(second, title="Sprint review")
    carried = outcomes.outcomes_of(third).carried
    assert [(c.outcome.text, c.from_title) for c in carried] == [
        ("From the first", TITLE),
        ("From the second", FOLLOW_UP),
    ]
    assert series.follows(third) == second and series.follower(second) == third
    assert series.open_from_last_time(third) == list(carried)
    entries = series.series_of(second)
    assert [e.title for e in entries] == [TITLE, FOLLOW_UP, "Sprint review"]
    assert [e.start_date for e in entries] == [samples.START, dt.date(2026, 12, 8), None]
    assert [o.id for o in entries[0].actions] == [first_open, closed_second]
    assert [o.id for o in entries[1].actions] == [own_second]
    # closed in the third: gone from the second (closed elsewhere), shown as closed in the third
    outcomes.set_status(first_open, Status.DROPPED, third)
    assert [c.outcome.id for c in outcomes.outcomes_of(second).carried] == [closed_second]
    assert outcomes.get(first_open).closed_in_id == third
    third_view = outcomes.outcomes_of(third).carried
    assert [(c.outcome.id, c.outcome.status) for c in third_view] == [
        (first_open, Status.DROPPED),
        (own_second, Status.OPEN),
    ]


def test_follow_up_title_date_and_default_numbering(series, sprint, workshops) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="cannot start before"):
        series.create_follow_up(sprint.id, start_date=dt.date(2026, 11, 30))
    with pytest.raises(ValidationError, match="cannot be empty"):
        series.create_follow_up(sprint.id, title="  ")
    second, _ = series.create_follow_up(sprint.id)
    third, _ = series.create_follow_up(second)
    assert workshops.get(third).title == f"{FOLLOW_UP} 2"
    with pytest.raises(NotFoundError):
        series.create_follow_up(99999)


def test_closing_from_an_unrelated_workshop_is_refused(outcomes, series, workshops, sprint) -> None:  # type: ignore[no-untyped-def]
    item, _ = outcomes.add_action(sprint.id, "Mine")
    other, _ = workshops.create("Unrelated")
    with pytest.raises(ValidationError, match="another series"):
        outcomes.set_status(item, Status.DONE, other)
    later, _ = series.create_follow_up(sprint.id)
    own_later, _ = outcomes.add_action(later, "Made later")
    with pytest.raises(ValidationError, match="its own workshop or a later one"):
        outcomes.set_status(own_later, Status.DONE, sprint.id)
    assert outcomes.get(item).status is Status.OPEN


def test_deleting_the_middle_workshop_relinks_and_keeps_open_items(
    outcomes, series, workshops, sprint
) -> None:  # type: ignore[no-untyped-def]
    second, _ = series.create_follow_up(sprint.id)
    ben = workshops.get(second).participants[1].id
    kept, _ = outcomes.add_action(second, "Still to do", ben)
    gone, _ = outcomes.add_action(second, "Done already")
    outcomes.set_status(gone, Status.DONE, second)
    third, _ = series.create_follow_up(second)
    changes = workshops.delete(second)
    assert changes.removed and changes.series and changes.outcomes
    assert series.follows(third) == sprint.id
    view = outcomes.outcomes_of(third)
    assert [o.id for o in view.actions] == [kept]
    assert view.owners[view.actions[0].owner_id] == "Ben Okafor"
    assert [e.workshop_id for e in series.series_of(third)] == [sprint.id, third]
    with pytest.raises(NotFoundError):
        outcomes.get(gone)


def test_a_follow_ups_exports_list_what_it_carried(db, outcomes, series, sprint, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from sprintdesk.services.exports import ExportService

    ben = sprint.participants[1].id
    outcomes.add_action(sprint.id, "Book five users", ben, dt.date(2026, 11, 20))
    closed, _ = outcomes.add_action(sprint.id, "Send the invite")
    follow, _ = series.create_follow_up(sprint.id)
    outcomes.set_status(closed, Status.DONE, follow)
    outcomes.add_decision(follow, "Keep the short form")
    exports = ExportService(db)
    summary = exports.summary(follow)
    carried = summary.outcomes.carried
    assert [(c.text, c.owner, c.from_workshop, c.closed_here, c.overdue) for c in carried] == [
        ("Book five users", "Ben Okafor", TITLE, False, dt.date.today() > dt.date(2026, 11, 20)),
        ("Send the invite", "", TITLE, True, False),
    ]
    assert summary.outcomes.follows == TITLE and summary.outcomes.actions == ()
    written = exports.pdf("summary", summary, tmp_path / "follow.pdf")
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(written.path).pages).split())
    assert "Open from last time" in text and "Book five users" in text and "Done here" in text
    assert "Keep the short form" in text
    first = exports.summary(sprint.id).outcomes
    assert first.carried == () and [a.status for a in first.actions] == [Status.OPEN, Status.DONE]
    assert [a.closed_in for a in first.actions] == ["", FOLLOW_UP]
    exports.markdown(exports.summary(sprint.id), tmp_path / "first.md")
    assert f"| Done in {TITLE} — follow\\-up |" in (tmp_path / "first.md").read_text(encoding="utf-8")
    written = exports.pdf("handout", exports.summary(sprint.id), tmp_path / "first.pdf")
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(written.path).pages).split())
    assert f"Done in “{FOLLOW_UP}”" in text
