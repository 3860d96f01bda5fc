"""Kill-test driver (issue 6): a child process making real edits until it is SIGKILLed.

Run as ``python tests/crash_child.py DB_PATH SEED [--others]``. Not a test module (pytest does not
collect it); ``tests/test_crash_kill.py`` and ``benchmarks/kill_test.py`` start it and use the
parent-side helpers at the end of this file.

The child opens the database with ``open_database`` and applies a randomised sequence of edits
through the services only (workshops, agenda days and items, the live run with the real
``SystemClock``, boards, notes, clusters, votes). For each edit it prints two JSON lines on
stdout, each flushed:

* before the call: ``{"begin": seq, "op": ..., "may": [keys]}``: the objects this edit may
  change (an edit that is committed but not yet acknowledged may or may not be on disk);
* after the call returned, i.e. after its transaction committed:
  ``{"ack": seq, "op": ..., "set": {key: state or null}}``: the state of every object the edit
  changed, read back through the services (``null``: the object is gone).

The child checks each edit itself before acknowledging it: the read-back shows what was
intended (the text typed, the place moved to, the item deleted ...), and nothing outside the
declared ``may`` keys changed (new objects aside). The parent then only has to check that the
reopened database holds the last acknowledged state of every object.

Objects are small on purpose, so a kill in the middle of one edit leaves every other object
checkable: ``W:id`` workshop details, ``WD:id`` its day order, ``D:id`` a day (title, start,
item order), ``I:id`` an item, ``R:id`` a workshop's run log, ``B:id`` a board, ``N:id`` a note,
``C:id`` a cluster, ``VS:board`` a board's current vote, ``V:id`` a dot of the current vote.
No Qt is imported here.

With ``--others`` (issue 10: other programs on the same file) the child also takes backups and
imports notes as the app does (on open, while editing, before imports), and the parent runs
other processes on the file meanwhile (``tests/crash_others.py``). Workshops whose title starts
with ``EXTERNAL`` belong to those processes: the child neither sees nor touches them. SIGTERM
makes the child finish its edit, close the database cleanly and exit 0 (the clean-close case).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.clock import SystemClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import AgendaItem, ItemKind, Participant, Role
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.boards import BoardService
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.run import LiveRun
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import run_log_repository
from sprintdesk.storage.database import Database, open_database

State = dict[str, Any]
EXTERNAL = "EXTERNAL"  # title prefix of the workshops other processes write to

# -- reading the database into objects ------------------------------------------------------


def snapshot_workshop(db: Database, workshop_id: int) -> State:
    """Every object of one workshop, as JSON-ready values (read through the services)."""
    workshops, boards, voting = WorkshopService(db), BoardService(db), VotingService(db)
    workshop = workshops.get(workshop_id)
    out: State = {
        f"W:{workshop_id}": {
            "title": workshop.title,
            "goal": workshop.goal,
            "facilitator": workshop.facilitator,
            "start_date": workshop.start_date.isoformat() if workshop.start_date else None,
            "participants": [[p.id, p.name, p.role.value] for p in workshop.participants],
        },
        f"WD:{workshop_id}": [day.id for day in workshop.days],
    }
    for day in workshop.days:
        out[f"D:{day.id}"] = {
            "workshop": workshop_id,
            "title": day.title,
            "start": day.start_time.strftime("%H:%M"),
            "items": [item.id for item in day.items],
        }
        for item in day.items:
            out[f"I:{item.id}"] = {
                "title": item.title,
                "minutes": item.duration_minutes,
                "kind": item.kind.value,
                "instructions": item.instructions,
            }
    with db.session() as session:
        events = run_log_repository.list_events(session, workshop_id)
    out[f"R:{workshop_id}"] = [
        [e.action.value, e.item_id, e.target_id, e.running, e.elapsed, e.amount] for e in events
    ]
    for summary in boards.boards_of(workshop_id):
        board = summary.board
        assert board.id is not None
        out[f"B:{board.id}"] = {"workshop": workshop_id, "name": board.name}
        content = boards.load(board.id)
        for note in content.notes:
            out[f"N:{note.id}"] = {
                "board": board.id,
                "text": note.text,
                "x": note.x,
                "y": note.y,
                "color": note.color.value,
                "cluster": note.cluster_id,
            }
        for cluster in content.clusters:
            out[f"C:{cluster.id}"] = {
                "board": board.id,
                "title": cluster.title,
                "x": cluster.x,
                "y": cluster.y,
            }
        vote_state = voting.state(board.id)
        current = vote_state.session
        out[f"VS:{board.id}"] = {
            "session": current.id if current else None,
            "budget": current.rules.budget if current else None,
            "revealed": current.revealed if current else None,
        }
        for vote in vote_state.votes:
            out[f"V:{vote.id}"] = {
                "board": board.id,
                "session": current.id if current else None,
                "participant": vote.participant_id,
                "note": vote.note_id,
                "supervote": vote.supervote,
            }
    return json.loads(json.dumps(out))  # the same types the parent gets from a line


def snapshot_all(db: Database) -> State:
    out: State = {}
    for summary in WorkshopService(db).list():
        if not summary.title.startswith(EXTERNAL):
            out.update(snapshot_workshop(db, summary.id))
    return out


# -- the child --------------------------------------------------------------------------------

WORDS = ["idea", "Über", "漢字", "café", "“quoted”", "it's", "🚀", "<b>", "a&b", "long-ish", "why?", "—"]
MAX_WORKSHOPS = 4


@dataclasses.dataclass
class Plan:
    """One edit: what it may change, the service call, and the check of its read-back."""

    op: str
    workshop_id: int | None  # None: the call returns the id (a new workshop)
    may: set[str]
    call: Callable[[], Any]
    check: Callable[[State, Any], None] = lambda _after, _result: None
    args: dict[str, Any] = dataclasses.field(default_factory=dict)


class Child:
    def __init__(self, db: Database, rng: random.Random, others: bool = False) -> None:
        self.db = db
        self.rng = rng
        self.others = others  # also back up and import, as the app does beside other programs
        self.workshops = WorkshopService(db)
        self.agenda = AgendaService(db)
        self.boards = BoardService(db)
        self.voting = VotingService(db)
        self.runs: dict[int, LiveRun] = {}
        self.state: State = snapshot_all(db)

    # -- what the cache knows ----------------------------------------------------------------
    def keys(self, prefix: str) -> list[str]:
        return sorted(k for k in self.state if k.startswith(prefix + ":"))

    def ids(self, prefix: str, **where: Any) -> list[int]:
        return [
            int(k.split(":")[1])
            for k in self.keys(prefix)
            if all(self.state[k].get(f) == v for f, v in where.items())
        ]

    def workshop_ids(self) -> list[int]:
        return [int(k.split(":")[1]) for k in self.keys("W")]

    def workshop_of_board(self, board_id: int) -> int:
        return int(self.state[f"B:{board_id}"]["workshop"])

    def keys_of_workshop(self, workshop_id: int) -> set[str]:
        days = self.state[f"WD:{workshop_id}"]
        boards = self.ids("B", workshop=workshop_id)
        keys = {f"W:{workshop_id}", f"WD:{workshop_id}", f"R:{workshop_id}"}
        for day_id in days:
            keys.add(f"D:{day_id}")
            keys |= {f"I:{i}" for i in self.state[f"D:{day_id}"]["items"]}
        for board_id in boards:
            keys |= {f"B:{board_id}", f"VS:{board_id}"} | self.keys_of_board(board_id)
        return keys

    def keys_of_board(self, board_id: int) -> set[str]:
        return {
            k for k in self.state if k[0] in "NCV" and k[:2] != "VS" and self.state[k]["board"] == board_id
        }

    def votes_on(self, note_ids: set[int]) -> set[str]:
        return {k for k in self.keys("V") if self.state[k]["note"] in note_ids}

    def words(self, low: int = 1, high: int = 4) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def live(self, workshop_id: int) -> LiveRun:
        if workshop_id not in self.runs:
            self.runs[workshop_id] = LiveRun(self.db, workshop_id, SystemClock())
        return self.runs[workshop_id]

    # -- the edits -----------------------------------------------------------------------------
    def plans(self) -> list[tuple[float, Callable[[], Plan]]]:
        state = self.state
        wids = self.workshop_ids()
        out: list[tuple[float, Callable[[], Plan]]] = []
        if len(wids) < MAX_WORKSHOPS:
            out.append((3 if wids else 100, self.create_workshop))
        if not wids:
            return out
        if len(wids) > 2:
            out.append((1, self.delete_workshop))
        out += [(4, self.edit_details), (2, self.add_day), (2, self.edit_day), (6, self.add_item)]
        if any(len(state[f"WD:{w}"]) > 1 for w in wids):
            out.append((1, self.delete_day))
        if self.keys("I"):
            out += [(3, self.edit_item), (4, self.move_item), (2, self.delete_item), (8, self.run_step)]
        out.append((2, self.create_board))
        if self.keys("B"):
            out += [
                (1, self.rename_board),
                (0.5, self.delete_board),
                (10, self.add_note),
                (2, self.start_vote),
            ]
        if self.keys("N"):
            out += [(5, self.edit_note), (6, self.move_note), (3, self.delete_note), (3, self.group)]
            out.append((6, self.cast))
        if self.keys("C"):
            out.append((2, self.ungroup))
        if self.keys("V"):
            out.append((3, self.retract))
        if self.others:
            out += [(3, self.backup), (2, self.import_notes)]
        return out

    def pick(self) -> Plan:
        choices = self.plans()
        make = self.rng.choices([c for _w, c in choices], weights=[w for w, _c in choices])[0]
        return make()

    def create_workshop(self) -> Plan:
        title = f"Sprint {self.rng.randint(1, 999)} {self.words(1, 2)}"

        def call() -> int:
            new_id, _ = self.workshops.create(title, dt.date(2026, 12, self.rng.randint(1, 28)))
            return new_id

        def check(after: State, new_id: int) -> None:
            assert after[f"W:{new_id}"]["title"] == " ".join(title.split())

        return Plan("create_workshop", None, set(), call, check, {"title": title})

    def delete_workshop(self) -> Plan:
        wid = self.rng.choice(self.workshop_ids())

        def check(after: State, _r: Any) -> None:
            assert f"W:{wid}" not in after

        self.runs.pop(wid, None)
        return Plan(
            "delete_workshop", wid, self.keys_of_workshop(wid), lambda: self.workshops.delete(wid), check
        )

    def edit_details(self) -> Plan:
        wid = self.rng.choice(self.workshop_ids())
        current = self.workshops.get(wid)
        names = ["Ana", "Bo", "Chen", "Dara", "Émile", "Farah"]
        people = [
            Participant(n, self.rng.choice(list(Role)))
            for n in self.rng.sample(names, self.rng.randint(2, 5))
        ]
        kept = {p.name: p.id for p in current.participants}
        people = [dataclasses.replace(p, id=kept.get(p.name)) for p in people]
        goal = self.words(0, 6)
        edited = dataclasses.replace(
            current, goal=goal, facilitator=self.rng.choice(names), participants=tuple(people)
        )
        # A participant taken off the list takes their dots with them.
        boards = set(self.ids("B", workshop=wid))
        may = {f"W:{wid}"} | {k for k in self.keys("V") if self.state[k]["board"] in boards}

        def check(after: State, _r: Any) -> None:
            assert after[f"W:{wid}"]["goal"] == goal.strip()
            assert sorted(p[1] for p in after[f"W:{wid}"]["participants"]) == sorted(p.name for p in people)

        return Plan(
            "edit_details", wid, may, lambda: self.workshops.update_details(edited), check, {"goal": goal}
        )

    def add_day(self) -> Plan:
        wid = self.rng.choice(self.workshop_ids())
        title = self.words(1, 2)
        position = self.rng.randint(0, len(self.state[f"WD:{wid}"]))

        def call() -> int:
            return self.agenda.add_day(wid, position, title, dt.time(self.rng.randint(7, 11), 30))[0]

        def check(after: State, day_id: int) -> None:
            assert after[f"WD:{wid}"][position] == day_id

        return Plan("add_day", wid, {f"WD:{wid}"}, call, check, {"position": position})

    def _day(self) -> tuple[int, int]:
        day_id = self.rng.choice(self.ids("D"))
        return int(self.state[f"D:{day_id}"]["workshop"]), day_id

    def edit_day(self) -> Plan:
        wid, day_id = self._day()
        title, start = self.words(1, 3), dt.time(self.rng.randint(6, 12), self.rng.choice([0, 15, 30, 45]))

        def check(after: State, _r: Any) -> None:
            assert after[f"D:{day_id}"]["start"] == start.strftime("%H:%M")

        return Plan(
            "edit_day", wid, {f"D:{day_id}"}, lambda: self.agenda.update_day(day_id, title, start), check
        )

    def delete_day(self) -> Plan:
        wid = self.rng.choice([w for w in self.workshop_ids() if len(self.state[f"WD:{w}"]) > 1])
        day_id = self.rng.choice(self.state[f"WD:{wid}"])
        items = {f"I:{i}" for i in self.state[f"D:{day_id}"]["items"]}

        def check(after: State, _r: Any) -> None:
            assert day_id not in after[f"WD:{wid}"] and f"D:{day_id}" not in after

        may = {f"WD:{wid}", f"D:{day_id}"} | items
        return Plan("delete_day", wid, may, lambda: self.agenda.delete_day(day_id), check, {"day": day_id})

    def add_item(self) -> Plan:
        wid, day_id = self._day()
        count = len(self.state[f"D:{day_id}"]["items"])
        if count >= 8:
            return self.delete_item()
        position = self.rng.randint(0, count)
        item = AgendaItem(
            self.words(1, 3), self.rng.randint(1, 90), self.rng.choice(list(ItemKind)), self.words(0, 5)
        )

        def call() -> int:
            return self.agenda.add_item(day_id, position, item)[0]

        def check(after: State, item_id: int) -> None:
            assert after[f"D:{day_id}"]["items"][position] == item_id
            assert after[f"I:{item_id}"]["minutes"] == item.duration_minutes

        # agenda_items has no AUTOINCREMENT (migration 0003 rebuilt it without), so a new item
        # takes max(id) + 1, maybe the id of an acknowledged deletion: declare that key too.
        reused = f"I:{max(self.ids('I'), default=0) + 1}"
        may = {f"D:{day_id}", reused}
        return Plan("add_item", wid, may, call, check, {"day": day_id, "position": position})

    def _item(self) -> tuple[int, int, int]:
        item_id = self.rng.choice(self.ids("I"))
        day_id = next(d for d in self.ids("D") if item_id in self.state[f"D:{d}"]["items"])
        return int(self.state[f"D:{day_id}"]["workshop"]), day_id, item_id

    def edit_item(self) -> Plan:
        wid, _day_id, item_id = self._item()
        item = AgendaItem(
            self.words(1, 3), self.rng.randint(1, 120), self.rng.choice(list(ItemKind)), id=item_id
        )

        def check(after: State, _r: Any) -> None:
            assert after[f"I:{item_id}"]["minutes"] == item.duration_minutes

        return Plan("edit_item", wid, {f"I:{item_id}"}, lambda: self.agenda.update_item(item), check)

    def move_item(self) -> Plan:
        wid, day_id, item_id = self._item()
        target = self.rng.choice(self.state[f"WD:{wid}"])
        position = self.rng.randint(0, len(self.state[f"D:{target}"]["items"]))

        def check(after: State, _r: Any) -> None:
            assert item_id in after[f"D:{target}"]["items"]

        may = {f"D:{day_id}", f"D:{target}"}
        return Plan("move_item", wid, may, lambda: self.agenda.move_item(item_id, target, position), check)

    def delete_item(self) -> Plan:
        wid, day_id, item_id = self._item()

        def check(after: State, _r: Any) -> None:
            assert f"I:{item_id}" not in after and item_id not in after[f"D:{day_id}"]["items"]

        may = {f"D:{day_id}", f"I:{item_id}"}
        return Plan("delete_item", wid, may, lambda: self.agenda.delete_item(item_id), check)

    def run_step(self) -> Plan:
        wid, _day, _item = self._item()
        live = self.live(wid)
        live.reload()  # the agenda may have changed since (a read, not an edit)
        action = self.rng.choice(["start", "start", "pause", "next", "previous", "extend", "toggle"])
        before = len(self.state[f"R:{wid}"])
        calls: dict[str, Callable[[], Any]] = {
            "start": live.start,
            "pause": live.pause,
            "next": live.next,
            "previous": live.previous,
            "toggle": live.toggle,
            "extend": lambda: live.extend(self.rng.choice([60.0, 300.0, -60.0])),
        }

        def check(after: State, changes: Any) -> None:
            log = after[f"R:{wid}"]
            assert len(log) == before + (0 if changes.empty else 1)
            if not changes.empty:
                assert log[-1][0] in {action, "resume", "start", "pause"}

        return Plan(f"run_{action}", wid, {f"R:{wid}"}, calls[action], check)

    def create_board(self) -> Plan:
        wid = self.rng.choice(self.workshop_ids())
        name = f"Board {self.rng.randint(1, 10**6)}"

        def call() -> int:
            return self.boards.create(wid, name)[0]

        def check(after: State, board_id: int) -> None:
            assert after[f"B:{board_id}"]["name"] == name

        return Plan("create_board", wid, set(), call, check)

    def _board(self) -> tuple[int, int]:
        board_id = self.rng.choice(self.ids("B"))
        return self.workshop_of_board(board_id), board_id

    def rename_board(self) -> Plan:
        wid, board_id = self._board()
        name = f"Renamed {self.rng.randint(1, 10**6)}"

        def check(after: State, _r: Any) -> None:
            assert after[f"B:{board_id}"]["name"] == name

        return Plan("rename_board", wid, {f"B:{board_id}"}, lambda: self.boards.rename(board_id, name), check)

    def delete_board(self) -> Plan:
        wid, board_id = self._board()
        may = {f"B:{board_id}", f"VS:{board_id}"} | self.keys_of_board(board_id)

        def check(after: State, _r: Any) -> None:
            assert f"B:{board_id}" not in after

        return Plan("delete_board", wid, may, lambda: self.boards.delete(board_id), check)

    def add_note(self) -> Plan:
        wid, board_id = self._board()
        if len(self.ids("N", board=board_id)) >= 30:
            return self.delete_note(board_id)
        text = self.words()
        color = self.rng.choice(list(NoteColor))

        def call() -> list[int]:
            return self.boards.add_notes(board_id, [text], color=color)[0]

        def check(after: State, ids: list[int]) -> None:
            assert [after[f"N:{i}"]["text"] for i in ids] == [text]

        return Plan("add_note", wid, set(), call, check, {"board": board_id, "text": text})

    def _note(self, board_id: int | None = None) -> tuple[int, int, int]:
        note_id = self.rng.choice(self.ids("N", board=board_id) if board_id else self.ids("N"))
        board = int(self.state[f"N:{note_id}"]["board"])
        return self.workshop_of_board(board), board, note_id

    def _as_note(self, note_id: int) -> Any:
        return next(n for n in self.boards.load_changed(self._note_board(note_id), [note_id])[0])

    def _note_board(self, note_id: int) -> int:
        return int(self.state[f"N:{note_id}"]["board"])

    def edit_note(self) -> Plan:
        wid, board_id, note_id = self._note()
        note = self._as_note(note_id)
        edited = dataclasses.replace(note, text=self.words(), color=self.rng.choice(list(NoteColor)))

        def check(after: State, _r: Any) -> None:
            assert after[f"N:{note_id}"]["text"] == edited.text
            assert after[f"N:{note_id}"]["color"] == edited.color.value

        call = lambda: self.boards.update_note(board_id, edited)  # noqa: E731
        return Plan("edit_note", wid, {f"N:{note_id}"}, call, check, {"note": note_id, "text": edited.text})

    def move_note(self) -> Plan:
        wid, board_id, note_id = self._note()
        x, y = self.rng.uniform(-500, 3000), self.rng.uniform(-500, 2000)

        def check(after: State, _r: Any) -> None:
            assert (after[f"N:{note_id}"]["x"], after[f"N:{note_id}"]["y"]) == (x, y)

        call = lambda: self.boards.move_notes(board_id, [(note_id, x, y)])  # noqa: E731
        return Plan("move_note", wid, {f"N:{note_id}"}, call, check, {"note": note_id, "x": x, "y": y})

    def delete_note(self, board_id: int | None = None) -> Plan:
        wid, board_id, note_id = self._note(board_id)

        def check(after: State, _r: Any) -> None:
            assert f"N:{note_id}" not in after

        may = {f"N:{note_id}"} | self.votes_on({note_id})
        call = lambda: self.boards.delete_notes(board_id, [note_id])  # noqa: E731
        return Plan("delete_note", wid, may, call, check, {"note": note_id})

    def group(self) -> Plan:
        wid, board_id, _note_id = self._note()
        notes = self.ids("N", board=board_id)
        chosen = self.rng.sample(notes, self.rng.randint(1, min(4, len(notes))))
        title = self.words(1, 2)

        def call() -> tuple[int, list[int]]:
            cluster_id, changes = self.boards.group(board_id, chosen, title)
            return cluster_id, sorted(changes.note_ids)

        def check(after: State, result: tuple[int, list[int]]) -> None:
            cluster_id, named = result
            assert all(after[f"N:{n}"]["cluster"] == cluster_id for n in chosen)
            assert set(chosen) <= set(named)  # and the loose notes moved out of the frame's way

        # Group moves the loose notes its new frame would cover (issue 12): any note on the board.
        may = {f"N:{n}" for n in notes}
        return Plan("group", wid, may, call, check, {"board": board_id, "notes": chosen})

    def ungroup(self) -> Plan:
        cluster_id = self.rng.choice(self.ids("C"))
        board_id = int(self.state[f"C:{cluster_id}"]["board"])
        members = {f"N:{n}" for n in self.ids("N", cluster=cluster_id)}

        def check(after: State, _r: Any) -> None:
            assert f"C:{cluster_id}" not in after
            assert all(after[k]["cluster"] is None for k in members)

        call = lambda: self.boards.ungroup(board_id, cluster_id)  # noqa: E731
        return Plan("ungroup", self.workshop_of_board(board_id), {f"C:{cluster_id}"} | members, call, check)

    def start_vote(self) -> Plan:
        wid, board_id = self._board()
        rules = VoteRules(budget=self.rng.randint(1, 5))
        may = {f"VS:{board_id}"} | {k for k in self.keys("V") if self.state[k]["board"] == board_id}

        def call() -> int:
            return self.voting.start_vote(board_id, rules)[0]

        def check(after: State, session_id: int) -> None:
            assert after[f"VS:{board_id}"]["session"] == session_id

        return Plan("start_vote", wid, may, call, check, {"board": board_id})

    def cast(self) -> Plan:
        wid, board_id, note_id = self._note()
        people = [p[0] for p in self.state[f"W:{wid}"]["participants"]]
        if not people or self.state[f"VS:{board_id}"]["session"] is None:
            return self.start_vote_on(wid, board_id)
        person = self.rng.choice(people)

        def call() -> int | None:
            try:
                return self.voting.cast(board_id, person, note_id)[0]
            except ValidationError:  # over budget, or a second dot on the note: not an edit
                return None

        def check(after: State, vote_id: int | None) -> None:
            if vote_id is not None:
                assert after[f"V:{vote_id}"]["note"] == note_id

        return Plan("cast", wid, set(), call, check, {"note": note_id, "participant": person})

    def start_vote_on(self, wid: int, board_id: int) -> Plan:
        if not self.state[f"W:{wid}"]["participants"]:
            return self.edit_details()
        return self.start_vote()

    def retract(self) -> Plan:
        vote_id = self.rng.choice(self.ids("V"))
        board_id = int(self.state[f"V:{vote_id}"]["board"])

        def check(after: State, _r: Any) -> None:
            assert f"V:{vote_id}" not in after

        call = lambda: self.voting.retract(board_id, vote_id)  # noqa: E731
        return Plan("retract", self.workshop_of_board(board_id), {f"V:{vote_id}"}, call, check)

    def backup(self) -> Plan:
        """The app's backups (every 15 minutes, before imports): not an edit, but the code path
        that once dropped SQLite's locks (issue 10)."""
        wid = self.rng.choice(self.workshop_ids())
        call = lambda: self.db.backup_now("kill test", raise_errors=True)  # noqa: E731
        return Plan("backup", wid, set(), call)

    def import_notes(self) -> Plan:
        wid = self.rng.choice(self.workshop_ids())
        lines = [
            f"imported {self.rng.randint(1, 10**9)} {self.words(1, 2)}" for _ in range(self.rng.randint(1, 6))
        ]
        board = f"Imports {self.rng.randint(1, 3)}"

        def call() -> list[int]:
            result = NoteImportService(self.db).import_file(wid, "wall.txt", "\n".join(lines).encode(), board)
            return sorted(result.changes.note_ids)

        def check(after: State, ids: list[int]) -> None:
            assert sorted(after[f"N:{i}"]["text"] for i in ids) == sorted(lines)

        # An import moves what is in the way of what it adds (issue 12): the target board's notes.
        targets = [b for b in self.ids("B", workshop=wid) if self.state[f"B:{b}"]["name"] == board]
        may = {f"N:{n}" for b in targets for n in self.ids("N", board=b)}
        return Plan("import_notes", wid, may, call, check, {"board": board, "lines": len(lines)})

    # -- one step --------------------------------------------------------------------------
    def step(self, seq: int) -> None:
        plan = self.pick()
        emit({"begin": seq, "op": plan.op, "may": sorted(plan.may)})
        result = plan.call()
        wid = plan.workshop_id if plan.workshop_id is not None else result
        owned = self.keys_of_workshop(wid) if plan.workshop_id is not None else set()
        before = {k: self.state[k] for k in owned}
        after = {} if plan.op == "delete_workshop" else snapshot_workshop(self.db, wid)
        changed: State = {k: v for k, v in after.items() if k not in before or before[k] != v}
        changed |= {k: None for k in before if k not in after}
        stray = {k for k in changed if k in self.state and k not in plan.may}
        if stray:
            raise AssertionError(f"{plan.op} changed {sorted(stray)} outside its declared keys")
        for key, value in changed.items():
            if value is None:
                self.state.pop(key, None)
            else:
                self.state[key] = value
        plan.check(self.state, result)
        emit({"ack": seq, "op": plan.op, "set": changed, **({"args": plan.args} if plan.args else {})})


def emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def child_main(argv: list[str]) -> int:
    path, seed = argv[0], argv[1]
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, _frame: stopping.append(signum))
    db = open_database(path)
    child = Child(db, random.Random(seed), others="--others" in argv[2:])
    emit({"hello": os.getpid(), "objects": len(child.state), "qt": "PySide6" in sys.modules})
    seq = 0
    while not stopping:  # until killed, or asked to close
        seq += 1
        child.step(seq)
    db.close()
    emit({"closed": seq})
    return 0


# -- the parent side (used by tests/test_crash_kill.py and benchmarks/kill_test.py) -----------

CHILD = Path(__file__).resolve()


@dataclasses.dataclass
class RoundResult:
    acked: int = 0  # edits acknowledged in this round
    objects_checked: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    integrity: str = ""
    pending_op: str | None = None  # the edit under way when the kill landed
    pending_committed: bool = False  # it was on disk although never acknowledged
    ops: dict[str, int] = dataclasses.field(default_factory=dict)


class _Lines:
    """Lines from a pipe, read with select() timeouts (never sleep)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""
        self.eof = False

    def read_until(self, deadline: float) -> list[bytes]:
        """Complete lines that arrive before ``deadline`` (monotonic) or EOF."""
        lines: list[bytes] = []
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            timeout = None if deadline == float("inf") else left
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                break
            self._read_some(lines)
        return lines

    def read_first(self, timeout: float) -> list[bytes]:
        lines: list[bytes] = []
        deadline = time.monotonic() + timeout
        while not lines and not self.eof and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], deadline - time.monotonic())
            if ready:
                self._read_some(lines)
        return lines

    def _read_some(self, lines: list[bytes]) -> None:
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.eof = True
            return
        self.buffer += chunk
        *complete, self.buffer = self.buffer.split(b"\n")
        lines.extend(complete)


Event = tuple[float, Callable[[], None]]  # (seconds after the first ack, what to do then)


def kill_round(
    db_path: Path,
    seed: str,
    delay: float,
    expected: State,
    *,
    start_timeout: float = 30.0,
    others: bool = False,
    events: list[Event] | None = None,
    clean_close: bool = False,
) -> RoundResult:
    """Start the child, SIGKILL it ``delay`` seconds after its first acknowledged edit,
    reopen the database and check it against ``expected`` (updated in place to the
    database's state afterwards, so the next round builds on it). ``events`` run in the
    parent at their moments meanwhile (other programs starting on the file); with
    ``clean_close`` the child is asked to close (SIGTERM) instead of being killed."""
    result = RoundResult()
    err_path = db_path.with_name(db_path.name + ".child-stderr")
    command = [sys.executable, str(CHILD), str(db_path), seed, *(["--others"] if others else [])]
    with err_path.open("wb") as err:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err)
    assert proc.stdout is not None
    reader = _Lines(proc.stdout.fileno())
    lines: list[bytes] = []
    try:
        while not any(b'"ack"' in line for line in lines) and not reader.eof:
            got = reader.read_first(start_timeout)
            if not got:
                break
            lines += got
        if any(b'"ack"' in line for line in lines):
            started = time.monotonic()
            for offset, action in sorted(events or [], key=lambda event: event[0]):
                lines += reader.read_until(started + min(offset, delay))
                action()
            lines += reader.read_until(started + delay)
    finally:
        proc.send_signal(signal.SIGTERM if clean_close and not reader.eof else signal.SIGKILL)
        lines += reader.read_until(float("inf"))  # what was written before the kill is acknowledged
        proc.wait()
        proc.stdout.close()
    ended = 0 if clean_close else -signal.SIGKILL
    if proc.returncode != ended or (clean_close and not any(b'"closed"' in line for line in lines)):
        stderr = err_path.read_text(errors="replace")[-2000:]
        result.failures.append(f"child ended with rc {proc.returncode}, not {ended}: {stderr}")
    pending: dict[str, Any] | None = None
    for line in lines:
        message = json.loads(line)
        if "closed" in message:
            continue
        if "hello" in message:
            if message["qt"]:
                result.failures.append("the child imported PySide6")
        elif "begin" in message:
            pending = message
        elif "ack" in message:
            assert pending is not None and pending["begin"] == message["ack"]
            pending = None
            result.acked += 1
            result.ops[message["op"]] = result.ops.get(message["op"], 0) + 1
            for key, value in message["set"].items():
                expected[key] = value
    may = set(pending["may"]) if pending else set()
    result.pending_op = pending["op"] if pending else None
    verify(db_path, expected, may, result)
    return result


def verify(db_path: Path, expected: State, may: set[str], result: RoundResult) -> None:
    db = open_database(db_path, must_exist=True)
    try:
        actual = snapshot_all(db)
    finally:
        db.close()
    for key, want in expected.items():
        if key in may:
            continue  # under way when killed: either state is right
        result.objects_checked += 1
        got = actual.get(key)
        if want is None and got is not None:
            result.failures.append(f"{key} was deleted (acknowledged) but is back: {got}")
        elif want is not None and got != want:
            result.failures.append(f"{key}: acknowledged {want}, found {got}")
    result.pending_committed = any(expected.get(k) != actual.get(k) for k in may) or any(
        k not in expected for k in actual
    )
    connection = sqlite3.connect(db_path)
    try:
        result.integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    if result.integrity != "ok":
        result.failures.append(f"integrity_check: {result.integrity}")
    if broken:
        result.failures.append(f"foreign_key_check: {broken[:5]}")
    # The next round builds on what is on disk now; deleted objects stay deleted.
    for key in expected:
        if key not in actual:
            expected[key] = None
    expected.update(actual)


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
