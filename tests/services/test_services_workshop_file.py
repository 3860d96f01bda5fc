"""Workshop files through the services, on real SQLite files: a rich workshop exports to a
file that passes the schema, imports as a new workshop and exports again identically
(lossless); broken files import nothing; arbitrary mutations never leave half a workshop."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Participant, Role, Workshop
from sprintdesk.export.interchange.workshop_file import dump_workshop_file, to_document
from sprintdesk.export.interchange.workshop_file_read import schema
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.boards import BoardService
from sprintdesk.services.errors import ValidationError
from sprintdesk.services.run import LiveRun
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshop_file import WorkshopFileError, WorkshopFileService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database, open_database

NAMES = ("Zoë", "Łukasz", "Ærøskøbing", "Ελένη", "Юлия")
START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def build_rich(db: Database, clock: FakeClock) -> int:
    """Participants with diacritics, a three-day agenda, a run log (with an extend and a
    deleted item), two boards with clusters, covered notes, imported votes, a revealed vote
    with supervotes, and items linked to boards."""
    roles = (Role.DECIDER, Role.UX, Role.ENGINEERING, Role.PM, Role.STAKEHOLDER)
    workshop = Workshop(
        title="Sprint “Ærø” <b>&</b>",
        goal="Decide on onboarding\nsecond line",
        start_date=dt.date(2026, 12, 1),
        facilitator="Zoë Łukasz",
        participants=tuple(Participant(name, role) for name, role in zip(NAMES, roles, strict=True)),
        days=(
            AgendaDay(
                dt.time(9, 0),
                "Map",
                (
                    AgendaItem("Intro", 5, ItemKind.PRESENTATION, "Say hello", "private: clicker"),
                    AgendaItem("Long-term goal", 10, ItemKind.DISCUSSION),
                    AgendaItem("Coffee", 15, ItemKind.BREAK),
                ),
            ),
            AgendaDay(dt.time(10, 30), "Sketch", (AgendaItem("Crazy 8s", 8, ItemKind.EXERCISE, "Fold"),)),
            AgendaDay(dt.time(8, 45), "", ()),
        ),
    )
    workshops = WorkshopService(db)
    workshop_id, _ = workshops.add(workshop)
    stored = workshops.get(workshop_id)
    people = [p.id for p in stored.participants]
    items = [i.id for i in stored.items()]
    assert all(people) and all(items)
    boards = BoardService(db)
    ideas, _ = boards.create(workshop_id, "Ideas ✨")
    wall, _ = boards.create(workshop_id, "Private wall", private_writing=True)
    ids, _ = boards.add_notes(ideas, ["Shorter sign-up", "# <b>*x*</b> | y", "Magic link", "=1+1"])
    ids += boards.add_notes(ideas, ["Ελληνικά και кириллица"], color=NoteColor.TEAL, author_id=people[3])[0]
    boards.group(ideas, ids[:2], "Sign-up")
    boards.group(ideas, ids[2:3], "Login")
    note = next(n for n in boards.load(ideas).notes if n.id == ids[3])
    boards.update_note(ideas, dataclasses.replace(note, imported_votes=4, color=NoteColor.PINK))
    covered, _ = boards.add_notes(wall, ["secret one", "secret two"], author_id=people[1])
    boards.group(wall, covered[:1], "Secrets")
    voting = VotingService(db)
    from sprintdesk.domain.voting import VoteRules

    voting.start(ideas, VoteRules(budget=3, supervote_budget=1), now=START)
    voting.cast(ideas, people[0], ids[0], supervote=True)
    voting.cast(ideas, people[0], ids[1])
    voting.cast(ideas, people[1], ids[0])
    voting.cast(ideas, people[2], ids[4])
    voting.reveal(ideas)
    voting.start(wall, VoteRules(budget=2), now=START)  # a hidden vote with no dots
    boards.link_item(items[1], ideas)
    boards.link_item(items[3], wall)
    run = LiveRun(db, workshop_id, clock)
    run.start()
    clock.advance(200)
    run.extend(60)
    run.next()
    clock.advance(30)
    run.pause()
    run.select(items[2])
    run.start()
    clock.advance(45)
    run.next()
    AgendaService(db).delete_item(items[2])  # the run log keeps naming it
    return workshop_id


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: connection.execute(f"SELECT * FROM {n} ORDER BY 1").fetchall() for n in names}
    finally:
        connection.close()


def canonical(document: dict[str, Any]) -> dict[str, Any]:
    """The document without exported_at and with every key replaced by the position of
    what it names, so two exports compare by content only."""
    doc = copy.deepcopy(document)
    doc.pop("exported_at")
    w = doc["workshop"]
    people = {p.pop("key"): f"participant {i}" for i, p in enumerate(w["participants"])}
    items = {}
    for d, day in enumerate(w["days"]):
        for i, item in enumerate(day["items"]):
            items[item.pop("key")] = f"item {d}.{i}"
    boards = {b["key"]: f"board {i}" for i, b in enumerate(w["boards"])}
    for board in w["boards"]:
        board.pop("key")
        clusters = {c.pop("key"): f"cluster {i}" for i, c in enumerate(board["clusters"])}
        notes = {n.pop("key"): f"note {i}" for i, n in enumerate(board["notes"])}
        for n in board["notes"]:
            n["author"] = people.get(n["author"])
            n["cluster"] = clusters.get(n["cluster"])
        if board["vote"]:
            for v in board["vote"]["votes"]:
                v["participant"], v["note"] = people[v["participant"]], notes[v["note"]]
            board["vote"]["votes"].sort(key=json.dumps)
    for day in w["days"]:
        for item in day["items"]:
            item["board"] = boards.get(item["board"])
    for event in w["run_log"]:
        event["item"], event["target"] = items.get(event["item"]), items.get(event["target"])
    return doc


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def rich(db: Database, clock: FakeClock) -> int:
    return build_rich(db, clock)


def test_the_export_passes_the_schema_and_holds_everything(db: Database, rich: int) -> None:
    content = WorkshopFileService(db).snapshot(rich)
    document = json.loads(dump_workshop_file(content))
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    w = document["workshop"]
    assert [p["name"] for p in w["participants"]] == list(NAMES)
    assert [len(d["items"]) for d in w["days"]] == [2, 1, 0]
    ideas, wall = w["boards"]
    assert ideas["name"] == "Ideas ✨" and wall["private_writing"] is True
    assert all(n["covered"] for n in wall["notes"])
    assert sorted(n["imported_votes"] for n in ideas["notes"]) == [0, 0, 0, 0, 4]
    assert ideas["vote"]["revealed"] and sum(v["supervote"] for v in ideas["vote"]["votes"]) == 1
    assert wall["vote"] == {
        "budget": 2,
        "supervote_budget": 0,
        "allow_stacking": False,
        "revealed": False,
        "votes": [],
    }
    assert [i["board"] for d in w["days"] for i in d["items"]] == [None, ideas["key"], wall["key"]]
    assert len(w["run_log"]) == 7
    assert any(e["item"] is None or e["target"] is None for e in w["run_log"] if e["action"] == "next")


def test_a_round_trip_is_lossless(db: Database, rich: int, clock: FakeClock, db_path: Path) -> None:
    service = WorkshopFileService(db)
    first = service.export(rich, db_path.parent / "one.json")
    assert first > 0
    data = (db_path.parent / "one.json").read_bytes()
    imported = service.import_bytes(data)
    assert imported.workshop_id != rich
    second = to_document(service.snapshot(imported.workshop_id))
    assert canonical(json.loads(data)) == canonical(second)
    # what the exports show agrees too: planned and actual agenda, boards, votes
    summaries = SummaryService(db, clock)
    before = dataclasses.replace(summaries.build(rich), generated_at=START)
    after = dataclasses.replace(summaries.build(imported.workshop_id), generated_at=START)
    assert before == after
    # and an import of the re-export is still the same (keys are stable)
    third = to_document(
        service.snapshot(
            service.import_bytes(dump_workshop_file(service.snapshot(imported.workshop_id))).workshop_id
        )
    )
    assert canonical(second) == canonical(third)


def test_hand_written_keys_are_accepted(db: Database, rich: int) -> None:
    service = WorkshopFileService(db)
    document = to_document(service.snapshot(rich))
    text = json.dumps(document, ensure_ascii=False)
    for old in sorted({m for m in _all_keys(document)}, key=len, reverse=True):
        text = text.replace(f'"{old}"', f'"κλειδί {old} ✓"')
    renamed = json.loads(text)
    imported = service.import_bytes(json.dumps(renamed).encode())
    assert canonical(to_document(service.snapshot(imported.workshop_id))) == canonical(document)


def _all_keys(document: dict[str, Any]) -> set[str]:
    w = document["workshop"]
    keys = {p["key"] for p in w["participants"]} | {b["key"] for b in w["boards"]}
    keys |= {i["key"] for d in w["days"] for i in d["items"]}
    for b in w["boards"]:
        keys |= {c["key"] for c in b["clusters"]} | {n["key"] for n in b["notes"]}
    return keys


def _broken(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    cases = []

    def case(name: str, fragment: str, change: Any) -> None:
        doc = copy.deepcopy(document)
        change(doc["workshop"])
        cases.append((name, doc, fragment))

    ideas = 0
    case(
        "unknown author",
        "there is no participant",
        lambda w: w["boards"][ideas]["notes"][0].update(author="nobody"),
    )
    case(
        "cluster of another board",
        "on this board",
        lambda w: w["boards"][ideas]["notes"][0].update(cluster=w["boards"][1]["clusters"][0]["key"]),
    )
    case(
        "vote on another board's note",
        "on this board",
        lambda w: w["boards"][ideas]["vote"]["votes"][0].update(note=w["boards"][1]["notes"][0]["key"]),
    )
    case("unknown board link", "there is no board", lambda w: w["days"][0]["items"][1].update(board="b99"))
    case("unknown run item", "there is no agenda item", lambda w: w["run_log"][0].update(item="zzz"))
    case(
        "duplicate participant",
        "already used",
        lambda w: w["participants"][1].update(key=w["participants"][0]["key"]),
    )
    case(
        "duplicate note across boards",
        "already used",
        lambda w: w["boards"][1]["notes"][0].update(key=w["boards"][0]["notes"][0]["key"]),
    )
    case("same board name twice", "used twice", lambda w: w["boards"][1].update(name="ideas ✨"))
    case("bad colour", "color", lambda w: w["boards"][0]["notes"][0].update(color="red"))
    case("blank title", "title", lambda w: w.update(title="   "))
    case("no days", "days", lambda w: w.update(days=[]))
    case("zero minutes", "duration_minutes", lambda w: w["days"][0]["items"][0].update(duration_minutes=0))
    case("extra field", "unknown field", lambda w: w.update(colour="x"))
    case("no such day", "not a date and time", lambda w: w["run_log"][0].update(at="2026-13-01T09:00:00Z"))
    case("no zone", "run_log[0].at", lambda w: w["run_log"][0].update(at="2026-12-01T09:00:00"))
    case("no such date", "not a date", lambda w: w.update(start_date="2026-02-30"))
    return cases


def test_broken_files_import_nothing(db: Database, rich: int, db_path: Path) -> None:
    service = WorkshopFileService(db)
    document = to_document(service.snapshot(rich))
    before = tables(db_path)
    for name, broken, fragment in _broken(document):
        with pytest.raises(WorkshopFileError) as caught:
            service.import_bytes(json.dumps(broken, ensure_ascii=False).encode())
        message = str(caught.value)
        assert "\n" not in message, name
        assert fragment in message or fragment.replace("_", " ") in message, (name, message)
    newer = dict(document, version=2)
    for data, fragment in (
        (json.dumps(newer).encode(), "made by a newer SprintDesk (format version 2)"),
        (json.dumps(dict(document, format="trello.board")).encode(), "not a SprintDesk workshop file"),
        (b'{"format": "sprintdesk.workshop",\n "version": 1,\n "workshop": {,}}', "line 3"),
        (b"[1, 2, 3]", "not a SprintDesk workshop file"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"", "empty"),
        (json.dumps(document).replace('"elapsed": 0', '"elapsed": NaN', 1).encode(), "NaN"),
        (json.dumps(document).replace('"elapsed": 0', '"elapsed": 1e999', 1).encode(), "elapsed"),
        (json.dumps(document).replace('"Zo\\u00eb"', '"Zo\\ud800"', 1).encode(), "surrogate"),
        (
            json.dumps(document)[:-1].replace('"version": 1', '"version": 1, "version": 1', 1).encode()
            + b"}",
            "twice",
        ),
    ):
        with pytest.raises(WorkshopFileError, match=None) as caught:
            service.import_bytes(data)
        assert fragment in str(caught.value), (fragment, str(caught.value))
    assert tables(db_path) == before


def test_a_failure_while_storing_rolls_everything_back(
    db: Database, rich: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = WorkshopFileService(db)
    content = service.snapshot(rich)
    before = tables(db_path)
    from sprintdesk.storage import run_log_repository

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(run_log_repository, "append_events", explode)
    with pytest.raises(RuntimeError):
        service.store(content)
    assert tables(db_path) == before


def _mutations() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["p1", "i1", "b1", "c1", "n1", "yellow", "Decider", "start", "09:00", "2026-12-01"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=6,
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@pytest.fixture
def small_file(tmp_path: Path) -> bytes:
    database = open_database(tmp_path / "source.sqlite3")
    try:
        workshop_id = build_rich(database, FakeClock(START))
        return dump_workshop_file(WorkshopFileService(database).snapshot(workshop_id))
    finally:
        database.close()


@pytest.mark.slow  # fuzzes with many examples
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_files_import_completely_or_not_at_all(
    data: st.DataObject, small_file: bytes, tmp_path: Path
) -> None:
    document = json.loads(small_file)
    paths = _paths(document)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(paths), label="path")
        action = data.draw(st.sampled_from(["replace", "delete", "duplicate"]), label="action")
        if not path:
            document = data.draw(_mutations(), label="root")
            break
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            if action == "delete":
                del parent[last]
            elif action == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[last]))
            else:
                parent[last] = data.draw(_mutations(), label="value")
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(document, ensure_ascii=data.draw(st.booleans(), label="ascii")).encode(
        "utf-8", "surrogatepass"
    )
    if data.draw(st.booleans(), label="truncate"):
        raw = raw[: data.draw(st.integers(0, len(raw)), label="cut")]
    database = open_database(tmp_path / f"target-{abs(hash(raw))}.sqlite3")
    try:
        path = Path(database.label)
        before = tables(path)
        service = WorkshopFileService(database)
        try:
            imported = service.import_bytes(raw)
        except ValidationError as error:
            assert str(error) and "\n" not in str(error)
            assert tables(path) == before
            return
        again = to_document(service.snapshot(imported.workshop_id))
        jsonschema.validate(again, schema(), cls=jsonschema.Draft202012Validator)
        # the same bytes can come up twice (the file name is their hash): count what was added
        counts = {name: len(rows) - len(before[name]) for name, rows in tables(path).items()}
        assert counts["workshops"] == 1
        assert counts["notes"] == sum(len(b["notes"]) for b in again["workshop"]["boards"])
    finally:
        database.close()


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_are_refused_cleanly(raw: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkshopFileService.read(raw)
    assert "\n" not in str(caught.value)
