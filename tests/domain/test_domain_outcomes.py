"""Outcome rules: clean text, owners among the participants, closing and reopening, order,
series chains and follow-up titles."""

from __future__ import annotations

import datetime as dt

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import (
    MAX_OUTCOME_LENGTH,
    Outcome,
    OutcomeKind,
    Status,
    check_outcome,
    follow_up_title,
    reordered,
    series_chain,
    with_status,
)

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def action(**fields: object) -> Outcome:
    return Outcome(OutcomeKind.ACTION, str(fields.pop("text", "Ship it")), 1, **fields)  # type: ignore[arg-type]


def test_text_is_cleaned_and_empty_text_refused() -> None:
    checked = check_outcome(action(text="  Call   the\nbank "), [])
    assert checked.text == "Call the bank"
    with pytest.raises(ValidationError, match="An action item needs some text"):
        check_outcome(action(text=" \n "), [])
    with pytest.raises(ValidationError, match="A decision needs some text"):
        check_outcome(Outcome(OutcomeKind.DECISION, "", 1), [])
    with pytest.raises(ValidationError, match="at most 2,000"):
        check_outcome(action(text="x" * (MAX_OUTCOME_LENGTH + 1)), [])


def test_owner_must_be_a_participant_of_the_workshop() -> None:
    assert check_outcome(action(owner_id=7), [6, 7]).owner_id == 7
    assert check_outcome(action(owner_id=None), [6]).owner_id is None
    with pytest.raises(ValidationError, match="owner must be one of this workshop's participants"):
        check_outcome(action(owner_id=9), [6, 7])


def test_decisions_have_no_owner_due_date_or_status() -> None:
    decision = Outcome(OutcomeKind.DECISION, "Go with concept B", 1, decided_by="  the   Decider ")
    assert check_outcome(decision, []).decided_by == "the Decider"
    with pytest.raises(ValidationError, match="no owner or due date"):
        check_outcome(Outcome(OutcomeKind.DECISION, "x", 1, owner_id=1), [1])
    with pytest.raises(ValidationError, match="Only action items"):
        check_outcome(Outcome(OutcomeKind.DECISION, "x", 1, status=Status.DONE), [])
    with pytest.raises(ValidationError, match="not a “decided by”"):
        check_outcome(action(decided_by="Dee"), [])
    with pytest.raises(ValidationError, match="one note or one cluster"):
        check_outcome(action(source_note_id=1, source_cluster_id=2), [])


def test_closing_records_when_and_where_and_reopening_forgets() -> None:
    item = action(id=3)
    done = with_status(item, Status.DONE, NOW, in_workshop=5)
    assert (done.status, done.closed_at, done.closed_in_id) == (Status.DONE, NOW, 5)
    assert not done.is_open
    again = with_status(done, Status.OPEN, NOW, in_workshop=5)
    assert (again.status, again.closed_at, again.closed_in_id) == (Status.OPEN, None, None)
    assert with_status(done, Status.DONE, NOW, 9) is done  # no change, no new stamp
    with pytest.raises(ValidationError):
        with_status(Outcome(OutcomeKind.DECISION, "x", 1), Status.DONE, NOW, 1)


def test_overdue_only_for_open_items_past_their_date() -> None:
    today = dt.date(2026, 12, 10)
    assert action(due_date=dt.date(2026, 12, 9)).overdue(today)
    assert not action(due_date=today).overdue(today)
    assert not action(due_date=None).overdue(today)
    assert not action(due_date=dt.date(2026, 12, 1), status=Status.DONE).overdue(today)


def test_status_parse() -> None:
    assert Status.parse(" Done ") is Status.DONE
    with pytest.raises(ValidationError, match="open, done, dropped"):
        Status.parse("finished")


def test_reordered_clamps_at_the_ends() -> None:
    assert reordered([1, 2, 3], 3, -1) == [1, 3, 2]
    assert reordered([1, 2, 3], 1, -5) == [1, 2, 3]
    assert reordered([1, 2, 3], 1, 9) == [2, 3, 1]
    with pytest.raises(ValidationError):
        reordered([1, 2], 4, 1)


def test_series_chain_earliest_first_from_any_member() -> None:
    follows = {2: 1, 3: 2, 9: 8}
    assert series_chain(2, follows) == [1, 2, 3]
    assert series_chain(1, follows) == [1, 2, 3]
    assert series_chain(3, follows) == [1, 2, 3]
    assert series_chain(5, follows) == [5]
    assert series_chain(1, {1: 2, 2: 1}) == [2, 1]  # a loop is cut, never endless


def test_follow_up_titles_number_the_series() -> None:
    assert follow_up_title("Retro", 1) == "Retro — follow-up"
    assert follow_up_title("Retro — follow-up", 2) == "Retro — follow-up 2"
    assert follow_up_title("Retro — follow-up 2", 3) == "Retro — follow-up 3"
    assert len(follow_up_title("x" * 200, 1)) == 200


def test_due_dates_as_typed() -> None:
    from sprintdesk.domain.outcomes import parse_due

    today = dt.date(2026, 12, 1)
    assert parse_due("  ", today) is None
    assert parse_due("2026-12-24", today) == dt.date(2026, 12, 24)
    assert parse_due("Tomorrow", today) == dt.date(2026, 12, 2)
    assert parse_due("today", today) == today
    assert parse_due("+3", today) == dt.date(2026, 12, 4) == parse_due("+3d", today)
    assert parse_due("+2w", today) == dt.date(2026, 12, 15)
    with pytest.raises(ValidationError, match="not a due date"):
        parse_due("next friday", today)
