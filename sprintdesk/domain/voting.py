"""Dot voting: budgets per participant, an optional Decider supervote, hidden until revealed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sprintdesk.domain.errors import ValidationError

DEFAULT_BUDGET = 3
MAX_BUDGET = 50


@dataclass(frozen=True, slots=True)
class VoteRules:
    budget: int = DEFAULT_BUDGET  # dots per participant
    supervote_budget: int = 0  # extra dots for Deciders; 0 means no supervote
    allow_stacking: bool = False  # several dots of one person on the same note

    def __post_init__(self) -> None:
        if not 1 <= self.budget <= MAX_BUDGET:
            raise ValidationError(f"A budget is between 1 and {MAX_BUDGET} dots.")
        if not 0 <= self.supervote_budget <= MAX_BUDGET:
            raise ValidationError(f"A supervote budget is between 0 and {MAX_BUDGET} dots.")


@dataclass(frozen=True, slots=True)
class Vote:
    participant_id: int
    note_id: int
    supervote: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class VoteSession:
    board_id: int
    rules: VoteRules = VoteRules()
    revealed: bool = False
    id: int | None = None


def remaining(votes: Iterable[Vote], participant_id: int, rules: VoteRules, supervote: bool = False) -> int:
    used = sum(1 for v in votes if v.participant_id == participant_id and v.supervote == supervote)
    return (rules.supervote_budget if supervote else rules.budget) - used


def check_vote(
    votes: Sequence[Vote],
    vote: Vote,
    rules: VoteRules,
    *,
    is_decider: bool,
    participant_name: str = "This participant",
) -> None:
    """Raise ValidationError, in words for the room, if ``vote`` breaks the rules."""
    if vote.supervote:
        if rules.supervote_budget == 0:
            raise ValidationError("This vote has no supervote.")
        if not is_decider:
            raise ValidationError(f"{participant_name} is not a Decider; only Deciders supervote.")
    if remaining(votes, vote.participant_id, rules, vote.supervote) <= 0:
        kind = "supervotes" if vote.supervote else "dots"
        budget = rules.supervote_budget if vote.supervote else rules.budget
        raise ValidationError(f"{participant_name} has used all {budget} {kind}.")
    if not rules.allow_stacking and any(
        v.participant_id == vote.participant_id
        and v.note_id == vote.note_id
        and v.supervote == vote.supervote
        for v in votes
    ):
        raise ValidationError(f"{participant_name} already put a dot on this note.")


def rule_broken(
    ballots: Iterable[tuple[Hashable, Hashable, bool]], rules: VoteRules
) -> tuple[int, str] | None:
    """The first of a whole set of dots (participant, note, supervote), as a file brings
    them, that breaks the vote's rules: ``(its index, what the participant has)``, or None.
    One pass with counters, so 200,000 dots take a fraction of a second. A dot past its
    participant's budget (dots or supervotes) and a second dot of one person on one note
    without stacking are refused; who may supervote is not checked here, because a role can
    change after the vote."""
    used: Counter[tuple[Hashable, bool]] = Counter()
    placed: set[tuple[Hashable, Hashable, bool]] = set()
    for index, (participant, note, supervote) in enumerate(ballots):
        budget = rules.supervote_budget if supervote else rules.budget
        used[participant, supervote] += 1
        if used[participant, supervote] > budget:
            if budget == 0:
                return index, "a supervote, and this vote has no supervotes"
            kind = "supervotes" if supervote else "dots"
            return index, f"more {kind} than the vote's budget of {budget} a person"
        if not rules.allow_stacking:
            if (participant, note, supervote) in placed:
                return index, "a second dot on the same note, and this vote does not allow stacking"
            placed.add((participant, note, supervote))
    return None


@dataclass(frozen=True, slots=True)
class Tally:
    dots: int = 0
    supervotes: int = 0

    @property
    def key(self) -> tuple[int, int]:
        """Ranking order: supervotes decide (as in the Sprint book), then dots."""
        return (self.supervotes, self.dots)


def tally_notes(votes: Iterable[Vote], imported: Mapping[int, int] | None = None) -> dict[int, Tally]:
    dots: Counter[int] = Counter(dict(imported or {}))
    supers: Counter[int] = Counter()
    for vote in votes:
        (supers if vote.supervote else dots)[vote.note_id] += 1
    return {
        note_id: Tally(dots=dots[note_id], supervotes=supers[note_id])
        for note_id in set(dots) | set(supers)
        if dots[note_id] or supers[note_id]
    }


def tally_clusters(
    note_tallies: Mapping[int, Tally], cluster_of: Mapping[int, int | None]
) -> dict[int, Tally]:
    totals: dict[int, Tally] = {}
    for note_id, tally in note_tallies.items():
        cluster_id = cluster_of.get(note_id)
        if cluster_id is None:
            continue
        before = totals.get(cluster_id, Tally())
        totals[cluster_id] = Tally(before.dots + tally.dots, before.supervotes + tally.supervotes)
    return totals


def ranking(tallies: Mapping[int, Tally]) -> list[tuple[int, Tally]]:
    """Ids by votes, most first; equal votes keep id order (oldest first)."""
    return sorted(tallies.items(), key=lambda pair: (-pair[1].key[0], -pair[1].key[1], pair[0]))
