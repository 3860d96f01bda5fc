"""Dot voting rules: budgets, the Decider's supervote, stacking, tallies and the ranking."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.voting import (
    DEFAULT_BUDGET,
    MAX_BUDGET,
    Tally,
    Vote,
    VoteRules,
    VoteSession,
    check_vote,
    ranking,
    remaining,
    tally_clusters,
    tally_notes,
)

DEE, UMA, ELI = 1, 2, 3  # participant ids; Dee is the Decider


def test_default_rules() -> None:
    rules = VoteRules()
    assert (rules.budget, rules.supervote_budget, rules.allow_stacking) == (DEFAULT_BUDGET, 0, False)
    assert DEFAULT_BUDGET == 3
    session = VoteSession(board_id=4)
    assert session.rules == VoteRules() and not session.revealed and session.id is None


@pytest.mark.parametrize("budget", [1, 3, MAX_BUDGET])
def test_budgets_in_range(budget: int) -> None:
    assert VoteRules(budget=budget, supervote_budget=budget).budget == budget


@pytest.mark.parametrize("budget", [0, -1, MAX_BUDGET + 1])
def test_dot_budget_out_of_range(budget: int) -> None:
    with pytest.raises(ValidationError, match="budget is between 1"):
        VoteRules(budget=budget)


@pytest.mark.parametrize("budget", [-1, MAX_BUDGET + 1])
def test_supervote_budget_out_of_range(budget: int) -> None:
    with pytest.raises(ValidationError, match="supervote budget is between 0"):
        VoteRules(supervote_budget=budget)


def test_remaining_counts_only_that_person_and_that_kind() -> None:
    rules = VoteRules(budget=3, supervote_budget=2)
    votes = [Vote(DEE, 10), Vote(DEE, 11), Vote(UMA, 10), Vote(DEE, 12, supervote=True)]
    assert remaining(votes, DEE, rules) == 1
    assert remaining(votes, DEE, rules, supervote=True) == 1
    assert remaining(votes, UMA, rules) == 2
    assert remaining(votes, ELI, rules) == 3
    assert remaining([], ELI, rules, supervote=True) == 2


def test_a_budget_runs_out() -> None:
    rules = VoteRules(budget=2)
    votes: list[Vote] = []
    for note_id in (10, 11):
        vote = Vote(UMA, note_id)
        check_vote(votes, vote, rules, is_decider=False)
        votes.append(vote)
    with pytest.raises(ValidationError, match="Uma has used all 2 dots"):
        check_vote(votes, Vote(UMA, 12), rules, is_decider=False, participant_name="Uma")
    # Someone else still has all of theirs.
    check_vote(votes, Vote(ELI, 12), rules, is_decider=False)


def test_the_default_name_in_messages() -> None:
    with pytest.raises(ValidationError, match="This participant has used all 1 dots"):
        check_vote([Vote(UMA, 1)], Vote(UMA, 2), VoteRules(budget=1), is_decider=False)


def test_no_supervote_when_its_budget_is_zero_even_for_the_decider() -> None:
    with pytest.raises(ValidationError, match="no supervote"):
        check_vote([], Vote(DEE, 10, supervote=True), VoteRules(supervote_budget=0), is_decider=True)


def test_only_deciders_supervote() -> None:
    rules = VoteRules(supervote_budget=1)
    with pytest.raises(ValidationError, match="Uma is not a Decider"):
        check_vote([], Vote(UMA, 10, supervote=True), rules, is_decider=False, participant_name="Uma")
    check_vote([], Vote(DEE, 10, supervote=True), rules, is_decider=True)


def test_supervotes_have_their_own_budget() -> None:
    rules = VoteRules(budget=1, supervote_budget=2)
    votes = [Vote(DEE, 10)]  # the one ordinary dot is used
    with pytest.raises(ValidationError, match="used all 1 dots"):
        check_vote(votes, Vote(DEE, 11), rules, is_decider=True)
    check_vote(votes, Vote(DEE, 11, supervote=True), rules, is_decider=True)
    votes += [Vote(DEE, 11, supervote=True), Vote(DEE, 12, supervote=True)]
    with pytest.raises(ValidationError, match="used all 2 supervotes"):
        check_vote(votes, Vote(DEE, 13, supervote=True), rules, is_decider=True, participant_name="Dee")


def test_without_stacking_one_dot_per_note_and_person() -> None:
    rules = VoteRules(budget=5, supervote_budget=1, allow_stacking=False)
    votes = [Vote(DEE, 10)]
    with pytest.raises(ValidationError, match="already put a dot on this note"):
        check_vote(votes, Vote(DEE, 10), rules, is_decider=True)
    check_vote(votes, Vote(UMA, 10), rules, is_decider=False)  # another person may
    check_vote(votes, Vote(DEE, 11), rules, is_decider=True)  # another note is fine
    check_vote(votes, Vote(DEE, 10, supervote=True), rules, is_decider=True)  # a supervote is separate


def test_with_stacking_dots_pile_up_until_the_budget() -> None:
    rules = VoteRules(budget=3, allow_stacking=True)
    votes: list[Vote] = []
    for _ in range(3):
        check_vote(votes, Vote(UMA, 10), rules, is_decider=False)
        votes.append(Vote(UMA, 10))
    with pytest.raises(ValidationError, match="used all 3 dots"):
        check_vote(votes, Vote(UMA, 10), rules, is_decider=False)


def test_the_budget_message_wins_over_the_stacking_message() -> None:
    rules = VoteRules(budget=1)
    with pytest.raises(ValidationError, match="used all"):
        check_vote([Vote(UMA, 10)], Vote(UMA, 10), rules, is_decider=False)


@given(
    budget=st.integers(1, 6),
    stacking=st.booleans(),
    attempts=st.lists(st.tuples(st.sampled_from([DEE, UMA]), st.integers(1, 4)), max_size=40),
)
def test_accepted_votes_never_break_the_rules(
    budget: int, stacking: bool, attempts: list[tuple[int, int]]
) -> None:
    rules = VoteRules(budget=budget, allow_stacking=stacking)
    votes: list[Vote] = []
    for participant, note in attempts:
        vote = Vote(participant, note)
        try:
            check_vote(votes, vote, rules, is_decider=participant == DEE)
        except ValidationError:
            continue
        votes.append(vote)
    for person in (DEE, UMA):
        mine = [v.note_id for v in votes if v.participant_id == person]
        assert len(mine) <= budget
        if not stacking:
            assert len(mine) == len(set(mine))


# -- tallies and ranking --------------------------------------------------------------------


def test_tally_notes_counts_dots_and_supervotes_apart() -> None:
    votes = [Vote(DEE, 10), Vote(UMA, 10), Vote(DEE, 11, supervote=True), Vote(ELI, 12), Vote(UMA, 12)]
    assert tally_notes(votes) == {
        10: Tally(dots=2),
        11: Tally(supervotes=1),
        12: Tally(dots=2),
    }


def test_tally_adds_imported_votes_and_drops_notes_without_any() -> None:
    votes = [Vote(UMA, 10), Vote(DEE, 11, supervote=True)]
    imported = {10: 4, 11: 0, 12: 7, 13: 0}
    assert tally_notes(votes, imported) == {
        10: Tally(dots=5),
        11: Tally(supervotes=1),
        12: Tally(dots=7),
    }
    assert imported == {10: 4, 11: 0, 12: 7, 13: 0}  # the caller's mapping is not changed


def test_no_votes_no_tallies() -> None:
    assert tally_notes([]) == {}
    assert tally_notes([], {}) == {}
    assert tally_clusters({}, {1: 2}) == {}


def test_cluster_totals() -> None:
    tallies = {10: Tally(2, 1), 11: Tally(3, 0), 12: Tally(5, 0), 13: Tally(1, 1)}
    cluster_of: dict[int, int | None] = {10: 100, 11: 100, 12: None, 13: 200}
    assert tally_clusters(tallies, cluster_of) == {100: Tally(5, 1), 200: Tally(1, 1)}
    # A note the mapping does not know (deleted meanwhile) counts for no cluster.
    assert tally_clusters({99: Tally(4)}, cluster_of) == {}


def test_ranking_supervotes_first_then_dots_then_oldest_first() -> None:
    tallies = {
        5: Tally(dots=1),
        3: Tally(dots=4),
        9: Tally(dots=0, supervotes=1),
        7: Tally(dots=4),
        1: Tally(dots=2, supervotes=1),
        2: Tally(dots=1),
    }
    assert [note_id for note_id, _ in ranking(tallies)] == [1, 9, 3, 7, 2, 5]
    assert ranking(tallies)[0] == (1, Tally(2, 1))
    assert Tally(3, 2).key == (2, 3)


def test_ranking_of_nothing() -> None:
    assert ranking({}) == []


@given(st.dictionaries(st.integers(1, 10_000), st.builds(Tally, st.integers(0, 50), st.integers(0, 5))))
def test_ranking_is_a_sorted_permutation(tallies: dict[int, Tally]) -> None:
    ranked = ranking(tallies)
    assert sorted(ranked) == sorted(tallies.items())
    for (id_a, a), (id_b, b) in itertools.pairwise(ranked):
        assert a.key > b.key or (a.key == b.key and id_a < id_b)
