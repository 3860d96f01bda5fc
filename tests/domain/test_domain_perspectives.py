"""Perspectives: notes and votes per role, per cluster, and the shared / one-sided verdict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.board import Board, BoardContent, Cluster, Note
from sprintdesk.domain.perspectives import (
    MIN_NOTES,
    ROLE_COLORS,
    ROLE_ORDER,
    Assessment,
    RoleCounts,
    Verdict,
    VoteStatus,
    assess,
    perspectives_of,
    role_label,
    text_color_on,
)
from sprintdesk.domain.voting import Vote
from sprintdesk.domain.workshop import Participant, Role

PEOPLE = (
    Participant("Pia", Role.PM, id=1),
    Participant("Uma", Role.UX, id=2),
    Participant("Eli", Role.ENGINEERING, id=3),
    Participant("Dee", Role.DECIDER, id=4),
)
BOARD = Board("Wall", workshop_id=1, id=1)


def _content(notes: list[tuple[int | None, int | None]], clusters: int = 2) -> BoardContent:
    """Notes as (author id, cluster id); clusters 10, 11, ... titled Theme A, B, ..."""
    return BoardContent(
        board=BOARD,
        notes=tuple(
            Note(f"n{i}", author_id=author, cluster_id=cluster, id=100 + i)
            for i, (author, cluster) in enumerate(notes)
        ),
        clusters=tuple(Cluster(f"Theme {chr(65 + i)}", id=10 + i) for i in range(clusters)),
    )


def _counts(**by_role: int) -> RoleCounts:
    names = {"pm": Role.PM, "ux": Role.UX, "eng": Role.ENGINEERING, "dec": Role.DECIDER, "none": None}
    return RoleCounts.of(role for key, count in by_role.items() for role in [names[key]] * count)


def test_counts_per_cluster_loose_and_board() -> None:
    content = _content([(1, 10), (1, 10), (2, 10), (None, 10), (3, 11), (2, None)])
    result = perspectives_of(content, PEOPLE)
    first, second = result.clusters
    assert first.title == "Theme A" and first.cluster_id == 10
    assert first.notes.counts == ((Role.PM, 2), (Role.UX, 1), (None, 1))
    assert first.notes.text() == "PM 2 · UX 1 · No author 1"
    assert second.notes.counts == ((Role.ENGINEERING, 1),)
    assert result.loose is not None and result.loose.notes.counts == ((Role.UX, 1),)
    assert result.board.notes.total == 6 and result.board.notes.get(Role.PM) == 2
    assert [p.title for p in result.rows()] == ["Theme A", "Theme B", "Not in a cluster", "Whole board"]
    assert result.for_cluster(11) is second and result.for_cluster(99) is None


def test_an_author_who_left_the_workshop_counts_as_no_author() -> None:
    result = perspectives_of(_content([(42, 10)]), PEOPLE)
    assert result.clusters[0].notes.counts == ((None, 1),)
    assert role_label(None) == "No author"


def test_hidden_votes_are_not_counted_until_revealed() -> None:
    content = _content([(1, 10), (2, 10), (3, None)])
    votes = [Vote(1, 100), Vote(2, 100), Vote(4, 101, supervote=True), Vote(3, 102)]
    hidden = perspectives_of(content, PEOPLE, votes, VoteStatus.HIDDEN)
    assert hidden.board.votes.total == 0 and hidden.clusters[0].votes.total == 0
    assert not hidden.votes_shown and hidden.vote_status is VoteStatus.HIDDEN
    shown = perspectives_of(content, PEOPLE, votes, VoteStatus.REVEALED)
    assert shown.clusters[0].votes.counts == ((Role.PM, 1), (Role.UX, 1), (Role.DECIDER, 1))
    assert shown.loose is not None and shown.loose.votes.counts == ((Role.ENGINEERING, 1),)
    assert shown.board.votes.total == 4 and shown.votes_shown


def test_imported_dots_have_no_voter_and_stay_hidden_with_a_hidden_vote() -> None:
    content = BoardContent(
        board=BOARD,
        notes=(Note("wall", cluster_id=10, imported_votes=3, id=1),),
        clusters=(Cluster("Theme", id=10),),
    )
    assert perspectives_of(content, PEOPLE).clusters[0].votes.counts == ((None, 3),)
    assert perspectives_of(content, PEOPLE, status=VoteStatus.HIDDEN).board.votes.total == 0


def test_votes_on_notes_no_longer_on_the_board_are_ignored() -> None:
    result = perspectives_of(_content([(1, 10)]), PEOPLE, [Vote(1, 999)], VoteStatus.REVEALED)
    assert result.board.votes.total == 0


def test_every_note_in_a_cluster_means_no_loose_row() -> None:
    result = perspectives_of(_content([(1, 10)]), PEOPLE)
    assert result.loose is None and [p.title for p in result.rows()] == ["Theme A", "Theme B", "Whole board"]


@pytest.mark.parametrize(
    ("counts", "verdict", "text"),
    [
        (_counts(), Verdict.TOO_FEW, "Too few notes to tell"),
        (_counts(pm=2), Verdict.TOO_FEW, "Too few notes to tell"),
        (_counts(pm=1, ux=1), Verdict.TOO_FEW, "Too few notes to tell"),
        (_counts(pm=3), Verdict.ONE_SIDED, "One-sided: 100 % PM"),
        (_counts(ux=3, pm=1), Verdict.ONE_SIDED, "One-sided: 75 % UX"),
        (_counts(ux=7, pm=1, eng=1, dec=1), Verdict.ONE_SIDED, "One-sided: 70 % UX"),
        (_counts(pm=2, ux=1), Verdict.SHARED, "Shared: PM, UX"),
        (_counts(pm=2, ux=2, eng=2), Verdict.SHARED, "Shared: PM, UX, Engineering"),
        (_counts(none=5, pm=1), Verdict.UNKNOWN, "Authors mostly unknown"),
        (_counts(none=2, pm=1, ux=1), Verdict.UNKNOWN, "Authors mostly unknown"),
        (_counts(none=3, pm=2, ux=2), Verdict.SHARED, "Shared: PM, UX"),
    ],
)
def test_verdicts(counts: RoleCounts, verdict: Verdict, text: str) -> None:
    assessment = assess(counts)
    assert assessment.verdict is verdict
    assert assessment.text() == text


def test_short_labels_and_votes_wording() -> None:
    assert assess(_counts(ux=4)).short == "One-sided (UX)"
    assert assess(_counts(pm=2, ux=2)).short == "Shared"
    assert assess(_counts(pm=1)).short == "Too few to tell"
    assert assess(_counts(pm=1)).text("votes") == "Too few votes to tell"
    assert Assessment(Verdict.UNKNOWN).text("votes") == "Voters mostly unknown"


def test_role_colours_are_distinct_and_text_on_them_contrasts() -> None:
    assert set(ROLE_COLORS) == set(ROLE_ORDER)
    assert len(set(ROLE_COLORS.values())) == len(ROLE_COLORS)
    assert text_color_on("#0072B2") == "#ffffff"
    assert text_color_on("#E69F00") == "#000000"
    assert text_color_on("#000000") == "#ffffff" and text_color_on("#ffffff") == "#000000"


# -- properties ------------------------------------------------------------------------------
authors = st.one_of(st.none(), st.sampled_from([1, 2, 3, 4, 42]))
clusters = st.one_of(st.none(), st.sampled_from([10, 11, 12, 77]))  # 77: a cluster that is gone
boards = st.lists(st.tuples(authors, clusters), max_size=60)
roles = st.lists(st.one_of(st.none(), st.sampled_from(list(Role))), max_size=40)


@given(boards, st.lists(st.tuples(st.sampled_from([1, 2, 3, 4]), st.integers(0, 70)), max_size=80))
def test_counts_add_up_to_the_totals(
    notes: list[tuple[int | None, int | None]], dots: list[tuple[int, int]]
) -> None:
    content = _content(notes, clusters=3)
    votes = [Vote(person, 100 + index) for person, index in dots]
    result = perspectives_of(content, PEOPLE, votes, VoteStatus.REVEALED)
    rows = [*result.clusters, *([result.loose] if result.loose else [])]
    assert sum(p.notes.total for p in rows) == result.board.notes.total == len(notes)
    on_board = sum(1 for _person, index in dots if index < len(notes))
    assert sum(p.votes.total for p in rows) == result.board.votes.total == on_board
    for perspective in result.rows():
        assert perspective.notes.total == sum(perspective.notes.get(role) for role in ROLE_ORDER)
        assert all(count > 0 for _role, count in perspective.notes.counts)
    for role in ROLE_ORDER:
        assert sum(p.notes.get(role) for p in rows) == result.board.notes.get(role)
    hidden = perspectives_of(content, PEOPLE, votes, VoteStatus.HIDDEN)
    assert all(p.votes.total == 0 for p in hidden.rows())
    assert [p.notes for p in hidden.rows()] == [p.notes for p in result.rows()]


@given(roles)
def test_the_verdict_follows_its_rules(items: list[Role | None]) -> None:
    counts = RoleCounts.of(items)
    assessment = assess(counts)
    if len(items) < MIN_NOTES:
        assert assessment.verdict is Verdict.TOO_FEW
    elif assessment.verdict is Verdict.ONE_SIDED:
        assert 0 < assessment.share <= 1 and len(assessment.roles) == 1
        assert counts.get(assessment.roles[0]) == max(counts.get(r) for r in Role)
    elif assessment.verdict is Verdict.SHARED:
        assert len(assessment.roles) >= 2
        assert max(counts.get(r) for r in Role) < 0.75 * counts.known
    else:
        assert assessment.verdict is Verdict.UNKNOWN and counts.known < max(MIN_NOTES, counts.total / 2)
    if len({r for r in items if r is not None}) == 1 and None not in items and len(items) >= MIN_NOTES:
        assert assessment.verdict is Verdict.ONE_SIDED  # only one role present


@given(roles)
def test_the_order_of_the_notes_does_not_change_anything(items: list[Role | None]) -> None:
    assert RoleCounts.of(items) == RoleCounts.of(reversed(items))
    assert assess(RoleCounts.of(items)) == assess(RoleCounts.of(sorted(items, key=str)))


def test_without_ids_keeps_the_numbers_and_drops_the_cluster_ids() -> None:
    result = perspectives_of(_content([(1, 10), (2, 11), (3, None)]), PEOPLE)
    plain = result.without_ids()
    assert [p.cluster_id for p in plain.clusters] == [None, None]
    assert [(p.title, p.notes) for p in plain.rows()] == [(p.title, p.notes) for p in result.rows()]
    assert plain.loose == result.loose and plain.board == result.board


def test_a_board_without_clusters_has_just_the_whole_board_row() -> None:
    result = perspectives_of(_content([(1, None), (2, None)], clusters=0), PEOPLE)
    assert result.loose is not None and result.loose.notes == result.board.notes
    assert [p.title for p in result.rows()] == ["Whole board"]
