"""Decisions and action items in the workshop file: the optional key passes the schema,
round-trips losslessly with owners and note/cluster links, old files without it read as
empty, and a bad reference imports nothing."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from sprintdesk.domain.outcomes import Outcome, OutcomeKind, Status
from sprintdesk.export.interchange.workshop_file import dump_workshop_file
from sprintdesk.export.interchange.workshop_file_read import schema
from sprintdesk.services.boards import BoardService
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.series import SeriesService
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.workshop_file import WorkshopFileError, WorkshopFileService


@pytest.fixture
def rich(db, sprint, clock) -> int:  # type: ignore[no-untyped-def]
    boards, outcomes = BoardService(db), OutcomeService(db, clock)
    board_id, _ = boards.create(sprint.id, "HMW")
    (first, second, third), _ = boards.add_notes(board_id, ["Shorter form", "Badges", "Guest checkout"])
    cluster_id, _ = boards.group(board_id, [second, third], "Trust & speed")
    uma = sprint.participants[1].id
    outcomes.from_note(Outcome(OutcomeKind.DECISION, "Cut the form", sprint.id, decided_by="Dee"), first)
    outcomes.from_cluster(
        Outcome(OutcomeKind.ACTION, "Test <badges>", sprint.id, owner_id=uma, due_date=dt.date(2026, 12, 9)),
        cluster_id,
    )
    done, _ = outcomes.add_action(sprint.id, "Send recap")
    clock.advance(60)
    outcomes.set_status(done, Status.DONE, sprint.id)
    outcomes.add_decision(sprint.id, "Typed-in decision")
    return int(sprint.id)


def _document(db, workshop_id: int) -> dict:  # type: ignore[no-untyped-def]
    document = json.loads(dump_workshop_file(WorkshopFileService(db).snapshot(workshop_id)))
    document.pop("exported_at")
    return document


def test_outcomes_pass_the_schema_and_round_trip(db, rich, clock) -> None:  # type: ignore[no-untyped-def]
    service = WorkshopFileService(db)
    data = dump_workshop_file(service.snapshot(rich))
    document = json.loads(data)
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    listed = document["workshop"]["outcomes"]
    assert [(o["kind"], o["text"]) for o in listed] == [
        ("action", "Test <badges>"),
        ("action", "Send recap"),
        ("decision", "Cut the form"),
        ("decision", "Typed-in decision"),
    ]
    test, recap, cut, _typed = listed
    assert test["owner"] == "p2" and test["due_date"] == "2026-12-09" and test["source_cluster"] == "c1"
    assert test["source_text"] == "Trust & speed" and test["source_note"] is None
    assert cut["source_note"] == "n1" and cut["source_text"] == "Shorter form" and cut["decided_by"] == "Dee"
    assert recap["status"] == "done" and recap["closed_here"] and recap["closed_at"].endswith("Z")
    imported = service.import_bytes(data)
    one, two = _document(db, rich)["workshop"], _document(db, imported.workshop_id)["workshop"]
    for a, b in zip(one["outcomes"], two["outcomes"], strict=True):
        assert {k: (v, b[k]) for k, v in a.items() if b[k] != v} == {}
    assert two == one
    summaries = SummaryService(db, clock)
    when = dt.datetime(2026, 12, 1, 12, 0)
    before = dataclasses.replace(summaries.build(rich), generated_at=when)
    after = dataclasses.replace(summaries.build(imported.workshop_id), generated_at=when)
    assert before.outcomes == after.outcomes and before.outcomes.decisions[0].source_kind == "note"
    moved = OutcomeService(db).outcomes_of(imported.workshop_id)
    assert moved.actions[1].closed_in_id == imported.workshop_id


def test_a_file_without_outcomes_reads_as_none(db, sprint) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(dump_workshop_file(WorkshopFileService(db).snapshot(sprint.id)))
    assert "outcomes" not in document["workshop"]
    imported = WorkshopFileService(db).import_bytes(json.dumps(document).encode())
    got = OutcomeService(db).outcomes_of(imported.workshop_id)
    assert got.decisions == got.actions == ()


def test_closed_in_a_follow_up_keeps_status_but_not_the_link(db, sprint) -> None:  # type: ignore[no-untyped-def]
    outcomes = OutcomeService(db)
    item, _ = outcomes.add_action(sprint.id, "Carried")
    follow, _ = SeriesService(db).create_follow_up(sprint.id)
    outcomes.set_status(item, Status.DROPPED, follow)
    (listed,) = _document(db, sprint.id)["workshop"]["outcomes"]
    assert listed["status"] == "dropped" and listed["closed_here"] is False and listed["closed_at"]
    assert "outcomes" not in _document(db, follow)["workshop"], "carried items stay with their workshop"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o.update(owner="p9"), "outcomes[0].owner: there is no participant 'p9'"),
        (lambda o: o.update(source_cluster="c7"), "outcomes[0].source_cluster: there is no cluster 'c7'"),
        (lambda o: o.update(status="open"), "outcomes[0]: an open item has no closed_at"),
        (lambda o: o.update(text=" "), "outcomes[0]: An action item needs some text"),
        (lambda o: o.update(due_date="2026-02-30"), "outcomes[0].due_date: '2026-02-30' is not a date"),
        (lambda o: o.update(kind="promise"), "outcomes[0].kind"),
        (lambda o: o.update(decided_by="Dee"), "not a “decided by”"),
    ],
)
def test_bad_outcomes_import_nothing(db, rich, db_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(dump_workshop_file(WorkshopFileService(db).snapshot(rich)))
    broken = copy.deepcopy(document)
    first = broken["workshop"]["outcomes"][0]
    first.update(status="done", closed_at="2026-12-01T10:00:00Z", closed_here=True)
    change(first)
    connection = sqlite3.connect(db_path)
    try:
        before = connection.execute("SELECT count(*) FROM workshops").fetchone()
    finally:
        connection.close()
    with pytest.raises(WorkshopFileError, match="invalid workshop file") as raised:
        WorkshopFileService(db).import_bytes(json.dumps(broken).encode())
    assert message in str(raised.value)
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT count(*) FROM workshops").fetchone() == before
    finally:
        connection.close()
