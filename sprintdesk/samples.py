"""The sample workshop: one realistic design sprint built through the services, so it is
valid by construction. The tests of every package, ``docs/make_screenshots.py`` and (later)
the app's "Open a sample workshop" use it instead of each making its own.

What it holds (a checkout redesign sprint, starting Monday 7 December 2026):

- four participants in four roles (PM, UX, Engineering, the Decider) and a facilitator;
- a two-day agenda (Map: six items of every kind; Sketch: three exercises);
- a "How might we" board: nine notes by all four people, seven of them in three clusters
  (Speed, Trust, Payment options), two loose; a vote of three dots each plus the Decider's
  supervote, revealed;
- outcomes: three decisions (one made from the Speed cluster, one from a note) and five
  action items with owners and due dates (one made from a note, one done, one without an
  owner or date);
- a follow-up a week later (``add_follow_up``): the same people, a one-hour agenda to go
  through the test's findings, and the four action items still open, carried over.

``build_sample`` makes the first workshop through the services; ``add_workshop``,
``add_board`` and ``add_outcomes`` make it step by step (the screenshots are taken in
between). ``sample_files`` is the same sample, follow-up included, as data: two workshop
files (places on the board from the note import's own layout). ``create_sample`` is the
library's "Open a sample workshop": it stores those files in one transaction through the
workshop-file import, so all of it is made or nothing (tests/test_samples.py checks that it
is exactly what the services make step by step). Nothing here imports Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.board_geometry import import_layout
from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status, follow_up_title
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Participant, Role, Workshop, name_key
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileCluster,
    FileDay,
    FileItem,
    FileNote,
    FileOutcome,
    FileParticipant,
    FileVote,
    FileVoteSession,
    WorkshopFile,
)
from sprintdesk.services.bundle import Services
from sprintdesk.services.changes import Changes

TITLE = "Checkout redesign — design sprint"
START = dt.date(2026, 12, 7)
FACILITATOR = "Zoë Martin"
PEOPLE = (
    Participant("Ana Costa", Role.PM),
    Participant("Ben Okafor", Role.UX),
    Participant("Chen Wei", Role.ENGINEERING),
    Participant("Dana Ruiz", Role.DECIDER),
)
DECIDER = "Dana Ruiz"

BOARD = "How might we"
# text, colour, author, cluster ("" = a loose note), as a note file would bring them.
NOTES = (
    ("HMW make checkout feel instant?", "yellow", "Ana Costa", "Speed"),
    ("HMW skip the address form for returning customers?", "yellow", "Ben Okafor", "Speed"),
    ("HMW show delivery dates before payment?", "blue", "Chen Wei", "Trust"),
    ("HMW reassure people their card is safe?", "blue", "Dana Ruiz", "Trust"),
    ("HMW let people pay with what they already use?", "green", "Ana Costa", "Payment options"),
    ("HMW support paying in instalments?", "green", "Ben Okafor", "Payment options"),
    ("HMW explain fees up front?", "pink", "Chen Wei", "Trust"),
    ("HMW make errors helpful instead of scary?", "orange", "Ben Okafor", ""),
    ("HMW help people on slow connections?", "purple", "Dana Ruiz", ""),
)
CLUSTERS = ("Speed", "Trust", "Payment options")
VOTE_RULES = VoteRules(3, 1)  # three dots each, one supervote for the Decider
# Who put a dot on which note (indexes into NOTES); the Decider's supervote goes on the first.
VOTES: Mapping[str, tuple[int, ...]] = {
    "Ana Costa": (0, 1, 4),
    "Ben Okafor": (0, 2, 3),
    "Chen Wei": (0, 1, 2),
    "Dana Ruiz": (3, 0, 1),
}
SUPERVOTE = (DECIDER, 0)

DECISIONS = (
    "Prototype the one-page checkout with saved addresses",  # from the Speed cluster
    "Test with five returning customers on Friday",
    "Instalments are out of scope for this sprint",  # from the instalments note
)
# text, owner (or ""), due date (or None)
ACTIONS: tuple[tuple[str, str, dt.date | None], ...] = (
    ("Recruit five returning customers for the test", "Ana Costa", dt.date(2026, 12, 9)),  # done
    ("Ask legal which card logos we may show", "Dana Ruiz", dt.date(2026, 12, 11)),
    ("Measure checkout load time on a slow 3G profile", "Chen Wei", dt.date(2026, 12, 18)),  # from a note
    ("Rewrite the card error messages", "Ben Okafor", dt.date(2026, 12, 21)),
    ("Share the test recordings with support", "", None),
)

FOLLOW_UP_START = dt.date(2026, 12, 14)
FOLLOW_UP_AGENDA = (
    AgendaItem("What we learned from Friday's test", 20, ItemKind.PRESENTATION),
    AgendaItem(
        "Open items from last time",
        25,
        ItemKind.DISCUSSION,
        "Close what is done, give every open item an owner and a date.",
    ),
    AgendaItem("Decide what goes into the next sprint", 15, ItemKind.DISCUSSION),
)


def sample_workshop() -> Workshop:
    """The workshop itself (details, people, agenda), not stored: a plain value."""
    return Workshop(
        title=TITLE,
        goal="Decide which checkout concept we prototype and test on Friday",
        start_date=START,
        facilitator=FACILITATOR,
        participants=PEOPLE,
        days=(
            AgendaDay(
                start_time=dt.time(9, 30),
                title="Map",
                items=(
                    AgendaItem("Welcome and how the week works", 15, ItemKind.PRESENTATION),
                    AgendaItem(
                        "Long-term goal and sprint questions",
                        45,
                        ItemKind.DISCUSSION,
                        "Be optimistic: where could checkout be in two years?\n"
                        "Then pessimistic: what could stop us getting there?",
                        "Push Dana for a single goal sentence before the break.",
                    ),
                    AgendaItem("Coffee", 15, ItemKind.BREAK),
                    AgendaItem(
                        "Ask the experts — How Might We notes",
                        90,
                        ItemKind.EXERCISE,
                        "Write one How Might We per sticky note while the experts talk.",
                    ),
                    AgendaItem("Lunch", 60, ItemKind.BREAK),
                    AgendaItem("Pick a target on the map", 30, ItemKind.DISCUSSION),
                ),
            ),
            AgendaDay(
                start_time=dt.time(9, 30),
                title="Sketch",
                items=(
                    AgendaItem("Lightning demos", 60, ItemKind.EXERCISE),
                    AgendaItem("Four-step sketch: notes and ideas", 40, ItemKind.EXERCISE),
                    AgendaItem(
                        "Crazy 8s",
                        8,
                        ItemKind.EXERCISE,
                        "Eight variations of your best idea in eight minutes.",
                    ),
                ),
            ),
        ),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class SampleBoard:
    board_id: int
    notes: Mapping[str, int]  # text -> note id
    clusters: Mapping[str, int]  # title -> cluster id


@dataclasses.dataclass(frozen=True, slots=True)
class Sample:
    workshop_id: int
    people: Mapping[str, int]  # name -> participant id
    board: SampleBoard
    decisions: Mapping[str, int]  # text -> outcome id
    actions: Mapping[str, int]


def notes_csv() -> str:
    """The board's notes as the note file (CSV) a facilitator would import."""
    lines = ["text,color,author,cluster"]
    lines += [",".join(row) for row in NOTES]
    return "\n".join(lines) + "\n"


def people_of(services: Services, workshop_id: int) -> dict[str, int]:
    """The workshop's participants by name."""
    return {p.name: p.id for p in services.workshops.get(workshop_id).participants if p.id is not None}


def add_workshop(services: Services) -> int:
    """Store the sample workshop; returns its id."""
    workshop_id, _ = services.workshops.add(sample_workshop())
    return workshop_id


def add_board(services: Services, workshop_id: int) -> SampleBoard:
    """The "How might we" board: notes imported from a file (authors, colours, clusters),
    then the vote cast and revealed."""
    result = services.note_import.import_file(workshop_id, f"{BOARD}.csv", notes_csv().encode("utf-8"))
    board_id = result.board_id
    content = services.boards.load(board_id)
    notes = {n.text: n.id for n in content.notes if n.id is not None}
    clusters = {c.title: c.id for c in content.clusters if c.id is not None}
    people = people_of(services, workshop_id)
    services.voting.start(board_id, VOTE_RULES)
    for who, picks in VOTES.items():
        for index in picks:
            services.voting.cast(board_id, people[who], notes[NOTES[index][0]])
    who, index = SUPERVOTE
    services.voting.cast(board_id, people[who], notes[NOTES[index][0]], True)
    services.voting.reveal(board_id)
    return SampleBoard(board_id, notes, clusters)


def add_outcomes(
    services: Services, workshop_id: int, board: SampleBoard
) -> tuple[dict[str, int], dict[str, int]]:
    """The decisions and action items (two of them made from the board); the first action
    is done. Returns the decisions' and the actions' ids by text."""
    people = people_of(services, workshop_id)
    outcomes = services.outcomes
    speed, instalments, slow = DECISIONS[0], DECISIONS[2], ACTIONS[2]
    decisions: dict[str, int] = {}
    decisions[speed], _ = outcomes.from_cluster(
        Outcome(OutcomeKind.DECISION, speed, workshop_id, decided_by=DECIDER), board.clusters["Speed"]
    )
    decisions[DECISIONS[1]], _ = outcomes.add_decision(workshop_id, DECISIONS[1], "The team")
    decisions[instalments], _ = outcomes.from_note(
        Outcome(OutcomeKind.DECISION, instalments, workshop_id, decided_by=DECIDER),
        board.notes["HMW support paying in instalments?"],
    )
    actions: dict[str, int] = {}
    for text, owner, due in ACTIONS:
        owner_id = people[owner] if owner else None
        if text == slow[0]:
            action = Outcome(OutcomeKind.ACTION, text, workshop_id, owner_id=owner_id, due_date=due)
            actions[text], _ = outcomes.from_note(action, board.notes["HMW help people on slow connections?"])
        else:
            actions[text], _ = outcomes.add_action(workshop_id, text, owner_id, due)
    outcomes.set_status(actions[ACTIONS[0][0]], Status.DONE, workshop_id)
    return decisions, actions


def build_sample(services: Services) -> Sample:
    """The whole sample: workshop, board with clusters and votes, outcomes."""
    workshop_id = add_workshop(services)
    board = add_board(services, workshop_id)
    decisions, actions = add_outcomes(services, workshop_id, board)
    return Sample(workshop_id, people_of(services, workshop_id), board, decisions, actions)


def add_follow_up(services: Services, workshop_id: int) -> int:
    """The follow-up a week later, with its own short agenda; the action items still open
    carry over to it (the series does that). Returns its id."""
    follow_id, _ = services.series.create_follow_up(workshop_id, start_date=FOLLOW_UP_START)
    day = services.workshops.get(follow_id).days[0]
    assert day.id is not None
    for position, item in enumerate(FOLLOW_UP_AGENDA):
        services.agenda.add_item(day.id, position, item)
    return follow_id


# -- the sample as workshop files, stored in one transaction ------------------------------------
def _file_days(days: tuple[AgendaDay, ...]) -> tuple[FileDay, ...]:
    numbered = iter(range(1, 1 + sum(len(day.items) for day in days)))
    return tuple(
        FileDay(
            title=day.title,
            start_time=day.start_time,
            items=tuple(
                FileItem(f"i{next(numbered)}", i.title, i.duration_minutes, i.kind, i.instructions, i.notes)
                for i in day.items
            ),
        )
        for day in days
    )


def _file_board(people: Mapping[str, str]) -> FileBoard:
    """The board as the note import lays it out (its own layout function, the same places),
    with the revealed vote."""
    keys = [name_key(cluster) if cluster else None for *_, cluster in NOTES]
    layout = import_layout(keys, (), {})
    titles = {name_key(cluster): cluster for *_, cluster in reversed(NOTES) if cluster}
    cluster_keys = {key: f"c{i + 1}" for i, key in enumerate(layout.new_clusters)}
    clusters = tuple(
        FileCluster(cluster_keys[key], titles[key], x, y) for key, (x, y) in layout.new_clusters.items()
    )
    notes = tuple(
        FileNote(
            f"n{i + 1}",
            text,
            x,
            y,
            NoteColor(color),
            author=people[author],
            cluster=cluster_keys[key] if key is not None else None,
        )
        for i, ((text, color, author, _), key, (x, y)) in enumerate(
            zip(NOTES, keys, layout.spots, strict=True)
        )
    )
    dots = [FileVote(people[who], notes[index].key) for who, picks in VOTES.items() for index in picks]
    dots.append(FileVote(people[SUPERVOTE[0]], notes[SUPERVOTE[1]].key, supervote=True))
    rules = VOTE_RULES
    vote = FileVoteSession(rules.budget, rules.supervote_budget, rules.allow_stacking, True, tuple(dots))
    return FileBoard("b1", BOARD, clusters=clusters, notes=notes, vote=vote)


def _file_outcomes(people: Mapping[str, str], board: FileBoard, now: dt.datetime) -> tuple[FileOutcome, ...]:
    """What ``add_outcomes`` makes, as the file records it (sources by the board's keys)."""
    speed = next(c for c in board.clusters if c.title == "Speed")
    note = {n.text: n for n in board.notes}
    instalments, slow = (
        note["HMW support paying in instalments?"],
        note["HMW help people on slow connections?"],
    )
    decision, action = OutcomeKind.DECISION, OutcomeKind.ACTION
    made = [
        FileOutcome(decision, DECISIONS[0], now, DECIDER, source_cluster=speed.key, source_text=speed.title),
        FileOutcome(decision, DECISIONS[1], now, "The team"),
        FileOutcome(
            decision, DECISIONS[2], now, DECIDER, source_note=instalments.key, source_text=instalments.text
        ),
    ]
    for index, (text, owner, due) in enumerate(ACTIONS):
        item = FileOutcome(action, text, now, owner=people[owner] if owner else None, due_date=due)
        if index == 0:  # done, in this workshop
            item = dataclasses.replace(item, status=Status.DONE, closed_at=now, closed_here=True)
        if text == ACTIONS[2][0]:
            item = dataclasses.replace(item, source_note=slow.key, source_text=slow.text)
        made.append(item)
    return tuple(made)


def sample_files(now: dt.datetime) -> tuple[WorkshopFile, WorkshopFile]:
    """The whole sample as two workshop files (the import's data shape): the workshop with
    its board, votes and outcomes (made ``now``), and its follow-up, which the import links
    to it (``WorkshopFileService.store_series``), so its open action items carry over."""
    workshop = sample_workshop()
    participants = tuple(FileParticipant(f"p{i + 1}", p.name, p.role) for i, p in enumerate(PEOPLE))
    people = {p.name: p.key for p in participants}
    board = _file_board(people)
    first = WorkshopFile(
        title=workshop.title,
        goal=workshop.goal,
        start_date=workshop.start_date,
        facilitator=workshop.facilitator,
        participants=participants,
        days=_file_days(workshop.days),
        boards=(board,),
        outcomes=_file_outcomes(people, board, now),
    )
    follow_up = dataclasses.replace(
        first,
        title=follow_up_title(workshop.title, 1),
        start_date=FOLLOW_UP_START,
        days=_file_days((AgendaDay(workshop.days[0].start_time, items=FOLLOW_UP_AGENDA),)),
        boards=(),
        outcomes=(),
    )
    return first, follow_up


def create_sample(services: Services) -> tuple[int, Changes]:
    """The library's "Open a sample workshop": the sample and its follow-up, stored in one
    transaction through the workshop-file import, so all of it is made or nothing (a busy
    database, a full disk or a kill midway leaves no half sample, and the runner's retry after
    a busy database makes exactly one). Returns the first workshop's id (the one to open)."""
    files = services.workshop_files
    now = files.clock.utc_now()
    workshop_id, _follow_id = files.store_series(sample_files(now), now)
    return workshop_id, Changes(workshop_id=workshop_id, workshop_list=True, series=True)
