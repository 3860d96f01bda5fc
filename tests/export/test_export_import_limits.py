"""Limits on files coming in, at the file format: a workshop file over 50 MB, JSON nested more
than 64 deep or holding more than 5,000,000 values is refused before it is parsed; every date
and time field goes through the one range-checked helper; dots past a vote's budget are
refused; the bounded read never reads past the limit; the bracket pre-scan agrees with
``json`` on any document (fuzzed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.file_limits import JSON_DEPTH, JSON_VALUES, MB, WORKSHOP_FILE_BYTES
from sprintdesk.domain.workshop import Role
from sprintdesk.export.bounded_read import read_at_most
from sprintdesk.export.interchange.reader import json_shape
from sprintdesk.export.interchange.template_write import read_template_file
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileNote,
    FileParticipant,
    FileVote,
    FileVoteSession,
    WorkshopFile,
    WorkshopFileError,
    dump_workshop_file,
)
from sprintdesk.export.interchange.workshop_file_read import read_workshop_file


def document(votes: tuple[FileVote, ...] = (), budget: int = 2, stacking: bool = False) -> dict[str, Any]:
    content = WorkshopFile(
        title="Limits",
        participants=(FileParticipant("p1", "Ana", Role.DECIDER), FileParticipant("p2", "Ben")),
        boards=(
            FileBoard(
                "b1",
                "Ideas",
                notes=tuple(FileNote(f"n{i}", f"idea {i}") for i in range(1, 5)),
                vote=FileVoteSession(budget, 1, stacking, True, votes),
            ),
        ),
    )
    loaded: dict[str, Any] = json.loads(dump_workshop_file(content))
    return loaded


def refused(doc: dict[str, Any] | bytes) -> str:
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    with pytest.raises(WorkshopFileError) as caught:
        read_workshop_file(data)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 240
    return message


# -- sizes, depth, values --------------------------------------------------------------------


def test_a_workshop_file_over_50_mb_is_refused_before_parsing() -> None:
    data = b" " * (WORKSHOP_FILE_BYTES + 1)  # not even JSON: the size is checked first
    assert refused(data) == "the file is 50,000,001 bytes; workshop files can be at most 50 MB"


def test_json_nested_more_than_64_deep_is_refused_and_64_is_not() -> None:
    doc = document()
    doc["workshop"]["goal"] = json.loads("[" * (JSON_DEPTH - 2) + "]" * (JSON_DEPTH - 2))
    assert "nested" not in refused(doc)  # 64 deep: parsed, then the schema says goal is text
    doc["workshop"]["goal"] = json.loads("[" * (JSON_DEPTH - 1) + "]" * (JSON_DEPTH - 1))
    assert "nested more than 64 deep" in refused(doc)
    bomb = b'{"format": "sprintdesk.workshop", "x": ' + b"[" * 10_000_000 + b"]" * 10_000_000 + b"}"
    assert "nested more than 64 deep" in refused(bomb)  # 20 MB, refused in a fraction of a second


def test_brackets_inside_text_do_not_count() -> None:
    doc = document()
    doc["workshop"]["goal"] = '[[[[{{{{"\\' * 40
    assert read_workshop_file(json.dumps(doc).encode()).goal == doc["workshop"]["goal"]


def test_more_than_5_million_values_are_refused_before_parsing() -> None:
    """50 MB of empty lists took 1.2 GB in json.loads: now a one-line refusal."""
    many = b'{"format": "sprintdesk.workshop", "x": [' + b"[]," * (JSON_VALUES // 2) + b"[]]}"
    message = refused(many)
    assert "JSON files of at most 5,000,000 values" in message


def test_a_template_file_over_1_mb_or_too_deep_is_refused() -> None:
    with pytest.raises(ValueError, match="template files can be at most 1 MB"):
        read_template_file(b"{" + b" " * MB + b"}")
    with pytest.raises(ValueError, match="nested more than 64 deep"):
        read_template_file(b'{"format": "sprintdesk.template", "x": ' + b"[" * 65 + b"]" * 65 + b"}")


def test_the_bounded_read_stops_at_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(3 * WORKSHOP_FILE_BYTES)  # sparse: 150 MB that take no disk
    with pytest.raises(WorkshopFileError, match=r"^the file is 150 MB; workshop files can be at most 50 MB$"):
        read_at_most(big, WORKSHOP_FILE_BYTES, "workshop files", WorkshopFileError)
    small = tmp_path / "small.json"
    small.write_bytes(b"12345")
    assert read_at_most(small, 5, "x files", WorkshopFileError) == b"12345"
    with pytest.raises(WorkshopFileError, match="more than 4 bytes"):
        read_at_most(Path("/dev/zero"), 4, "x files", WorkshopFileError)  # no size, never ends


def _json_values() -> st.SearchStrategy[Any]:
    text = st.text(alphabet='[]{}",:\\ab\n', max_size=6)
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), text)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
        max_leaves=40,
    )


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


def _count(value: Any) -> tuple[int, int]:
    """(values, empty lists and objects)"""
    items = (
        list(value) if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
    )
    values, empty = 1, int(isinstance(value, list | dict) and not items)
    for item in items:
        more, also = _count(item)
        values, empty = values + more, empty + also
    return values, empty


@given(_json_values(), st.booleans())
def test_the_pre_scan_agrees_with_json(value: Any, indent: bool) -> None:
    data = json.dumps(value, indent=2 if indent else None, ensure_ascii=False).encode()
    depth, values = json_shape(data, stop_at=1000)
    assert depth == _depth(value)
    exact, empty = _count(value)
    assert exact <= values <= exact + empty  # an empty list or object counts as two


# -- dates and times in the file ---------------------------------------------------------------

HOSTILE = "0001-01-01T00:00:00+05:00"


def test_the_hostile_exported_at_is_one_line() -> None:
    doc = document()
    doc["exported_at"] = HOSTILE  # was "unexpected OverflowError: date value out of range"
    assert refused(doc) == (
        "invalid workshop file at exported_at: '0001-01-01T00:00:00+05:00' is out of range; "
        "dates and times must lie from 1970-01-02 to 2999-12-31 (UTC)"
    )


@pytest.mark.parametrize("moment", [HOSTILE, "9999-12-31T23:59:59-05:00", "1969-07-20T20:17:00Z"])
def test_every_date_and_time_field_is_range_checked(moment: str) -> None:
    run_log = document()
    run_log["workshop"]["days"][0]["items"] = [
        {"key": "i1", "title": "Intro", "duration_minutes": 5, "kind": "exercise",
         "instructions": "", "notes": "", "board": None}
    ]  # fmt: skip
    run_log["workshop"]["run_log"] = [
        {"action": "start", "item": "i1", "target": None, "at": moment, "elapsed": 0, "amount": 0,
         "running": True}
    ]  # fmt: skip
    assert "at workshop.run_log[0].at:" in refused(run_log)
    action = {
        "kind": "action", "text": "Book interviews", "decided_by": "", "owner": None, "due_date": None,
        "status": "done", "source_note": None, "source_cluster": None, "source_text": "",
        "created_at": "2026-12-01T10:00:00Z", "closed_at": moment, "closed_here": True,
    }  # fmt: skip
    outcomes = document()
    outcomes["workshop"]["outcomes"] = [action]
    assert "at workshop.outcomes[0].closed_at:" in refused(outcomes)
    outcomes["workshop"]["outcomes"] = [{**action, "created_at": moment, "closed_at": "2026-12-01T10:00:00Z"}]
    assert "at workshop.outcomes[0].created_at:" in refused(outcomes)


@pytest.mark.parametrize(("day", "fragment"), [("0000-01-01", "not a date"), ("9999-12-31", "out of range")])
def test_dates_are_range_checked(day: str, fragment: str) -> None:
    doc = document()
    doc["workshop"]["start_date"] = day
    assert fragment in refused(doc) and "workshop.start_date" in refused(doc)
    doc = document()
    doc["workshop"]["outcomes"] = [
        {"kind": "action", "text": "x", "decided_by": "", "owner": None, "due_date": day,
         "status": "open", "source_note": None, "source_cluster": None, "source_text": "",
         "created_at": "2026-12-01T10:00:00Z", "closed_at": None, "closed_here": False}
    ]  # fmt: skip
    assert "workshop.outcomes[0].due_date" in refused(doc)


def test_the_edges_of_the_range_are_read() -> None:
    doc = document()
    doc["exported_at"] = "1970-01-02T00:00:00Z"
    doc["workshop"]["start_date"] = "2999-12-31"
    content = read_workshop_file(json.dumps(doc).encode())
    assert content.start_date == dt.date(2999, 12, 31)


# -- a vote's budget ---------------------------------------------------------------------------


def test_dots_up_to_the_budget_are_read() -> None:
    votes = (FileVote("p1", "n1"), FileVote("p1", "n2"), FileVote("p1", "n3", True), FileVote("p2", "n1"))
    content = read_workshop_file(json.dumps(document(votes)).encode())
    assert content.boards[0].vote is not None and len(content.boards[0].vote.votes) == 4


def test_dots_past_the_budget_are_refused() -> None:
    over = (FileVote("p1", "n1"), FileVote("p1", "n2"), FileVote("p1", "n3"))
    assert refused(document(over)) == (
        "invalid workshop file at workshop.boards[0].vote.votes[2]: participant 'p1' has more dots "
        "than the vote's budget of 2 a person"
    )
    supers = (FileVote("p1", "n1", True), FileVote("p1", "n2", True))
    assert "more supervotes than the vote's budget of 1" in refused(document(supers))
    stacked = (FileVote("p2", "n1"), FileVote("p2", "n1"))
    assert "does not allow stacking" in refused(document(stacked))
    assert read_workshop_file(json.dumps(document(stacked, stacking=True)).encode())
