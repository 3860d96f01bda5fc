"""Perspectives: which roles a theme came from. Per cluster, for the notes in no cluster and
for the whole board: how many notes and how many votes each role gave, and whether the theme
is shared by several roles or one-sided.

The verdict reads the notes (who raised the theme); the votes get the same reading on their
own. The rules, in order (shares are of the notes whose author's role is known):

* fewer than ``MIN_NOTES`` notes: too few to tell (one or two notes say nothing about a theme);
* fewer than ``MIN_NOTES`` notes with a known author, or less than ``MIN_KNOWN_SHARE`` of them:
  the authors are mostly unknown, so no verdict;
* one role gives ``ONE_SIDED_SHARE`` (75 %) or more, or fewer than two roles give at least
  ``SUBSTANTIAL_SHARE`` (20 %) each: one-sided, naming the leading role;
* otherwise shared, naming the roles that gave at least ``SUBSTANTIAL_SHARE`` each.

Votes are counted only once the vote is revealed (hidden dots must not leak through the
breakdown); dots imported from a paper wall have no voter and count as "no author".
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.voting import Vote
from sprintdesk.domain.workshop import Participant, Role

MIN_NOTES = 3
MIN_KNOWN_SHARE = 0.5
ONE_SIDED_SHARE = 0.75
SUBSTANTIAL_SHARE = 0.2

# Every bucket in the order bars and tables show them; None: no author (or an imported dot).
ROLE_ORDER: tuple[Role | None, ...] = (*Role, None)
NO_AUTHOR = "No author"
SHORT_NAMES: dict[Role | None, str] = {
    Role.PM: "PM",
    Role.UX: "UX",
    Role.ENGINEERING: "Eng",
    Role.STAKEHOLDER: "Stakeh.",
    Role.DECIDER: "Decider",
    Role.OTHER: "Other",
    None: "None",
}
# Okabe & Ito's colour-blind-safe palette (2008), with a neutral grey for "no author"; the
# bars also carry the role's name, so colour is never the only cue.
ROLE_COLORS: dict[Role | None, str] = {
    Role.PM: "#0072B2",  # blue
    Role.UX: "#E69F00",  # orange
    Role.ENGINEERING: "#009E73",  # bluish green
    Role.STAKEHOLDER: "#CC79A7",  # reddish purple
    Role.DECIDER: "#D55E00",  # vermillion
    Role.OTHER: "#56B4E9",  # sky blue
    None: "#BBBBBB",  # grey
}


def role_label(role: Role | None) -> str:
    return NO_AUTHOR if role is None else role.value


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def text_color_on(color: str) -> str:
    """Black or white, whichever contrasts more with ``color`` (a #rrggbb shade)."""
    lum = _luminance(color)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


class Verdict(StrEnum):
    SHARED = "shared"
    ONE_SIDED = "one-sided"
    TOO_FEW = "too few"
    UNKNOWN = "authors unknown"


@dataclass(frozen=True, slots=True)
class RoleCounts:
    """How many (notes or votes) each role gave; roles with none are left out."""

    counts: tuple[tuple[Role | None, int], ...] = ()

    @classmethod
    def of(cls, roles: Iterable[Role | None]) -> RoleCounts:
        counter = Counter(roles)
        return cls(tuple((role, counter[role]) for role in ROLE_ORDER if counter[role]))

    @property
    def total(self) -> int:
        return sum(count for _role, count in self.counts)

    @property
    def known(self) -> int:
        """The ones whose author's role is known."""
        return sum(count for role, count in self.counts if role is not None)

    def get(self, role: Role | None) -> int:
        return dict(self.counts).get(role, 0)

    def text(self) -> str:
        """``PM 3 · UX 1 · No author 2``, or an en dash for none."""
        return " · ".join(f"{role_label(role)} {count}" for role, count in self.counts) or "–"


@dataclass(frozen=True, slots=True)
class Assessment:
    verdict: Verdict
    roles: tuple[Role, ...] = ()  # one-sided: the leading role; shared: the substantial ones
    share: float = 0.0  # one-sided: the leading role's share of the known notes

    def text(self, things: str = "notes") -> str:
        if self.verdict is Verdict.TOO_FEW:
            return f"Too few {things} to tell"
        if self.verdict is Verdict.UNKNOWN:
            return "Authors mostly unknown" if things == "notes" else "Voters mostly unknown"
        if self.verdict is Verdict.ONE_SIDED:
            return f"One-sided: {round(self.share * 100)} % {self.roles[0].value}"
        return "Shared: " + ", ".join(role.value for role in self.roles)

    @property
    def short(self) -> str:
        """For a narrow label on the board: Shared / One-sided (UX) / Too few / Unknown."""
        if self.verdict is Verdict.ONE_SIDED:
            return f"One-sided ({SHORT_NAMES[self.roles[0]]})"
        return {
            Verdict.SHARED: "Shared",
            Verdict.TOO_FEW: "Too few to tell",
            Verdict.UNKNOWN: "Authors unknown",
        }[self.verdict]


def assess(counts: RoleCounts) -> Assessment:
    """The verdict on one breakdown, by the rules in the module docstring."""
    if counts.total < MIN_NOTES:
        return Assessment(Verdict.TOO_FEW)
    known = counts.known
    if known < MIN_NOTES or known < MIN_KNOWN_SHARE * counts.total:
        return Assessment(Verdict.UNKNOWN)
    ranked = sorted(
        ((role, count) for role, count in counts.counts if role is not None),
        key=lambda pair: (-pair[1], ROLE_ORDER.index(pair[0])),
    )
    leader, most = ranked[0]
    assert leader is not None
    substantial = tuple(
        role for role, count in ranked if role is not None and count >= SUBSTANTIAL_SHARE * known
    )
    if most >= ONE_SIDED_SHARE * known or len(substantial) < 2:
        return Assessment(Verdict.ONE_SIDED, (leader,), most / known)
    return Assessment(Verdict.SHARED, substantial)


class VoteStatus(StrEnum):
    NONE = "none"  # no vote was started on the board
    HIDDEN = "hidden"  # a vote runs (or ran) and is not revealed: its dots stay out
    REVEALED = "revealed"


@dataclass(frozen=True, slots=True)
class Perspective:
    """One cluster's (or the loose notes', or the board's) breakdown."""

    title: str
    notes: RoleCounts
    votes: RoleCounts
    cluster_id: int | None = None  # None: not a cluster (the loose notes or the whole board)

    @property
    def assessment(self) -> Assessment:
        return assess(self.notes)


LOOSE_TITLE = "Not in a cluster"
BOARD_TITLE = "Whole board"


@dataclass(frozen=True, slots=True)
class BoardPerspectives:
    clusters: tuple[Perspective, ...]
    loose: Perspective | None  # None when every note is in a cluster
    board: Perspective
    vote_status: VoteStatus = VoteStatus.NONE

    @property
    def votes_shown(self) -> bool:
        """Votes are part of the breakdown (revealed, or dots imported without a vote)."""
        return self.board.votes.total > 0

    def rows(self) -> list[Perspective]:
        """Every breakdown in table order: the clusters, the loose notes, the whole board (a
        board with no clusters has the last row only: its loose notes are the whole board)."""
        loose = [self.loose] if self.loose is not None and self.clusters else []
        return [*self.clusters, *loose, self.board]

    def for_cluster(self, cluster_id: int) -> Perspective | None:
        return next((p for p in self.clusters if p.cluster_id == cluster_id), None)

    def without_ids(self) -> BoardPerspectives:
        """The same breakdown with no database ids in it (the exports' plain data: a workshop
        imported from a file summarises the same)."""
        clusters = tuple(dataclasses.replace(row, cluster_id=None) for row in self.clusters)
        return dataclasses.replace(self, clusters=clusters)


def perspectives_of(
    content: BoardContent,
    people: Sequence[Participant] | Mapping[int, Participant],
    votes: Iterable[Vote] = (),
    status: VoteStatus = VoteStatus.NONE,
) -> BoardPerspectives:
    """The breakdown of a board. ``votes`` are the current vote's dots; they count only when
    ``status`` is REVEALED. Imported dots count unless a vote is hidden."""
    by_id = dict(people) if isinstance(people, Mapping) else {p.id: p for p in people if p.id is not None}

    def role_of(person_id: int | None) -> Role | None:
        person = by_id.get(person_id) if person_id is not None else None
        return person.role if person is not None else None

    cluster_of = {note.id: note.cluster_id for note in content.notes if note.id is not None}
    known_clusters = {c.id for c in content.clusters if c.id is not None}
    note_roles: dict[int | None, list[Role | None]] = {}
    vote_roles: dict[int | None, list[Role | None]] = {}
    for note in content.notes:
        key = note.cluster_id if note.cluster_id in known_clusters else None
        note_roles.setdefault(key, []).append(role_of(note.author_id))
        if note.imported_votes > 0 and status is not VoteStatus.HIDDEN:
            vote_roles.setdefault(key, []).extend([None] * note.imported_votes)
    if status is VoteStatus.REVEALED:
        for vote in votes:
            if vote.note_id not in cluster_of:
                continue  # a dot on a note no longer on the board
            cluster_id = cluster_of[vote.note_id]
            key = cluster_id if cluster_id in known_clusters else None
            vote_roles.setdefault(key, []).append(role_of(vote.participant_id))

    def part(key: int | None, title: str) -> Perspective:
        return Perspective(
            title, RoleCounts.of(note_roles.get(key, ())), RoleCounts.of(vote_roles.get(key, ())), key
        )

    clusters = tuple(part(c.id, c.title) for c in content.clusters if c.id is not None)
    loose = part(None, LOOSE_TITLE) if note_roles.get(None) else None
    every_note = [role for roles in note_roles.values() for role in roles]
    every_vote = [role for roles in vote_roles.values() for role in roles]
    board = Perspective(BOARD_TITLE, RoleCounts.of(every_note), RoleCounts.of(every_vote))
    return BoardPerspectives(clusters, loose, board, status)
