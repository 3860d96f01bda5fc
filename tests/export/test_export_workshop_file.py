"""The workshop file format without a database: what is written passes the shipped
schema and reads back to the same dataclasses; the schema agrees with the domain; broken
files get one-line errors; writes are atomic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.run_events import RunAction
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.export.atomic import ExportError
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileCluster,
    FileDay,
    FileItem,
    FileNote,
    FileParticipant,
    FileRunEvent,
    FileVote,
    FileVoteSession,
    WorkshopFile,
    WorkshopFileError,
    dump_workshop_file,
    write_workshop_file,
)
from sprintdesk.export.interchange.workshop_file_read import read_workshop_file, schema, schema_path

AT = dt.datetime(2026, 12, 1, 9, 30, 15, 250000, tzinfo=dt.UTC)


def sample() -> WorkshopFile:
    return WorkshopFile(
        title="Zoë Łukasz Ærøskøbing Ελένη Юлия",
        goal='Ship <it> & "more"',
        start_date=dt.date(2026, 12, 1),
        facilitator="Ана",
        participants=(FileParticipant("p1", "Ελένη", Role.DECIDER), FileParticipant("p2", "Юлия", Role.UX)),
        days=(
            FileDay(
                "Map",
                dt.time(9, 0),
                (
                    FileItem("i1", "Intro", 5, ItemKind.PRESENTATION, "hello", "secret", "b1"),
                    FileItem("i2", "Vote", 20, ItemKind.EXERCISE),
                ),
            ),
            FileDay("", dt.time(13, 5), ()),
        ),
        run_log=(
            FileRunEvent(RunAction.START, "i1", AT, 0.0, True),
            FileRunEvent(RunAction.EXTEND, "i1", AT + dt.timedelta(seconds=61.5), 61.5, True, amount=-30.0),
            FileRunEvent(RunAction.NEXT, "i1", AT + dt.timedelta(minutes=4), 200.25, True, target=None),
            FileRunEvent(RunAction.SELECT, None, AT + dt.timedelta(minutes=5), 12.0, False, target="i2"),
        ),
        boards=(
            FileBoard(
                "b1",
                "Ideas",
                True,
                (FileCluster("c1", "Sign-up", -10.5, 20.0, NoteColor.BLUE, True),),
                (
                    FileNote("n1", "Shorter sign-up", 14.5, 84.0, NoteColor.YELLOW, "p1", "c1", True, 0),
                    FileNote("n2", "=HYPERLINK()\nline", 300.0, 0.0, NoteColor.PINK, None, None, False, 7),
                ),
                FileVoteSession(3, 1, True, True, (FileVote("p1", "n1", True), FileVote("p2", "n1"))),
            ),
            FileBoard("b2", "Empty", False, (), (), None),
        ),
    )


def validate(data: bytes) -> dict[str, object]:
    document = json.loads(data)
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    return document  # type: ignore[no-any-return]


def test_written_files_pass_the_schema_and_read_back_equal() -> None:
    data = dump_workshop_file(sample(), exported_at=AT)
    document = validate(data)
    assert document["format"] == "sprintdesk.workshop" and document["version"] == 1
    assert document["exported_at"] == "2026-12-01T09:30:15.250000Z"
    assert "Zoë Łukasz" in data.decode("utf-8")  # readable, not \u escapes
    assert read_workshop_file(data) == sample()
    assert read_workshop_file(b"\xef\xbb\xbf" + data) == sample()  # a BOM added by an editor


def test_a_minimal_file_passes_and_reads() -> None:
    minimal = WorkshopFile(title="Retro")
    data = dump_workshop_file(minimal)
    validate(data)
    assert read_workshop_file(data) == minimal


def test_the_schema_is_valid_and_agrees_with_the_domain() -> None:
    assert schema_path().name == "workshop-v1.schema.json"
    jsonschema.Draft202012Validator.check_schema(schema())
    defs = schema()["$defs"]
    assert defs["color"]["enum"] == [c.value for c in NoteColor]
    assert defs["participant"]["properties"]["role"]["enum"] == [r.value for r in Role]
    assert defs["item"]["properties"]["kind"]["enum"] == [k.value for k in ItemKind]
    assert defs["runEvent"]["properties"]["action"]["enum"] == [a.value for a in RunAction]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'{"format": "sprintdesk.workshop", "version": 7}', "made by a newer SprintDesk (format version 7)"),
        (
            b'{"format": "other.thing", "version": 1}',
            "not a SprintDesk workshop file (its format is 'other.thing')",
        ),
        (b'{"version": 1}', "not a SprintDesk workshop file"),
        (b'"just text"', "not a SprintDesk workshop file"),
        (b'{\n  "format": "sprintdesk.workshop",\n  "version": 1\n  "x": 2\n}', "line 4, column 3"),
        (b'{"format": "sprintdesk.workshop", "version": "1"}', "not a whole number"),
        (b'{"format": "sprintdesk.workshop", "version": 0}', "unknown format version 0"),
        (b'{"format": "sprintdesk.workshop", "version": 1}', "'exported_at' is a required property"),
        (b"\x89PNG\r\n\x1a\n", "not UTF-8"),
        (b"[" * 100_000, "JSON"),
    ],
)
def test_bad_files_get_one_line_errors(data: bytes, fragment: str) -> None:
    with pytest.raises(WorkshopFileError) as caught:
        read_workshop_file(data)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message and len(message) < 300


def test_schema_errors_name_the_place_and_stay_short() -> None:
    document = json.loads(dump_workshop_file(sample()))
    document["workshop"]["boards"][0]["notes"][1]["color"] = "x" * 5000
    with pytest.raises(WorkshopFileError) as caught:
        read_workshop_file(json.dumps(document).encode())
    message = str(caught.value)
    assert message.startswith("invalid workshop file at workshop.boards[0].notes[1].color: ")
    assert len(message) < 300


def test_an_item_may_link_only_existing_boards_and_cover_only_own_clusters() -> None:
    document = json.loads(dump_workshop_file(sample()))
    document["workshop"]["boards"][1]["clusters"] = [
        {"key": "c2", "title": "Other", "x": 0, "y": 0, "color": "grey", "collapsed": False}
    ]
    document["workshop"]["boards"][0]["notes"][0]["cluster"] = "c2"
    with pytest.raises(
        WorkshopFileError, match=r"notes\[0\]\.cluster: there is no cluster 'c2' on this board"
    ):
        read_workshop_file(json.dumps(document).encode())


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "w.json"
    assert write_workshop_file(sample(), target) == target.stat().st_size
    good = target.read_bytes()
    bad = WorkshopFile(title="x", boards=(FileBoard("b", "B", notes=(FileNote("n", "t", x=float("nan")),)),))
    with pytest.raises(ExportError):
        write_workshop_file(bad, target)
    assert target.read_bytes() == good
    import sprintdesk.export.atomic as atomic

    def broken_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_workshop_file(sample(), target)
    with pytest.raises(OSError):
        write_workshop_file(sample(), tmp_path / "new.json")
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.json"]  # no temporary files left
    with pytest.raises(ExportError, match="does not exist"):
        write_workshop_file(sample(), tmp_path / "missing" / "w.json")
