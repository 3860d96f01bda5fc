"""Limits on what comes in, without files or a database: every date and time goes through one
range-checked helper (fuzzed), sizes are worded with their limit, note files stop at 50,000
notes, and a whole set of dots is checked against a vote's budget in one pass."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.file_limits import MB, NOTE_FILE_BYTES, NOTE_FILE_NOTES, describe_size, too_large
from sprintdesk.domain.note_import import NoteFileError, parse_note_file
from sprintdesk.domain.timestamps import EARLIEST, LATEST, parse_day, parse_moment
from sprintdesk.domain.voting import VoteRules, rule_broken

# -- dates and times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+05:00",  # the hostile-input run: was "unexpected OverflowError"
        "9999-12-31T23:59:59-05:00",
        "9999-12-31T23:59:59.999999-00:01",
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "1970-01-01T23:59:59.999999Z",
        "3000-01-01T00:00:00Z",
        "2026-12-01T09:00:00+24:00",
        "2026-13-01T09:00:00Z",
        "2026-12-01T09:00:00",  # no zone
        "2026-12-01",
        "",
        "now",
        "2026-12-01T09:00:00Z" + "0" * 500,
    ],
)
def test_a_bad_moment_is_one_line(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_moment(text)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 200


def test_moments_inside_the_range_read_as_utc() -> None:
    assert parse_moment("1970-01-02T00:00:00Z") == EARLIEST
    assert parse_moment("2999-12-31T23:59:59.999999Z") == LATEST
    assert parse_moment("2026-12-01T14:30:00+05:30") == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    assert "out of range" in _error(parse_moment, "0001-01-01T00:00:00+05:00")
    assert "no time zone" in _error(parse_moment, "2026-12-01T09:00:00")


def _error(parse: object, text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse(text)  # type: ignore[operator]
    return str(caught.value)


@given(st.text(max_size=60))
def test_any_text_is_a_moment_in_range_or_one_line(text: str) -> None:
    try:
        moment = parse_moment(text)
    except ValidationError as error:
        assert "\n" not in str(error)
        return
    assert moment.tzinfo is dt.UTC and EARLIEST <= moment <= LATEST
    moment.astimezone(dt.timezone(dt.timedelta(hours=-14)))  # shown in any zone without overflow
    moment.astimezone(dt.timezone(dt.timedelta(hours=14)))


@given(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999999)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
    st.sampled_from(["seconds", "milliseconds", "microseconds"]),
)
def test_every_iso_moment_python_can_write_is_read_or_refused(
    naive: dt.datetime, offset_minutes: int, timespec: str
) -> None:
    """Any moment of any year with any offset, as ISO 8601: read to the same instant, or
    refused in one line (never OverflowError or ValueError)."""
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
    text = naive.replace(tzinfo=zone).isoformat(timespec=timespec)
    try:
        moment = parse_moment(text)
    except ValidationError as error:
        assert "\n" not in str(error)
        return
    assert moment == dt.datetime.fromisoformat(text)


@given(st.dates())
def test_every_date_is_read_or_refused(day: dt.date) -> None:
    try:
        assert parse_day(day.isoformat()) == day
    except ValidationError as error:
        assert "out of range" in str(error) and (day.year < 1970 or day.year > 2999)
    else:
        day + dt.timedelta(days=100_000)  # a workshop's days counted on from it stay in range


# -- sizes -------------------------------------------------------------------------------------


def test_sizes_are_worded_with_their_limit() -> None:
    assert too_large(61_234_567, 50 * MB, "workshop files") == (
        "the file is 61.2 MB; workshop files can be at most 50 MB"
    )
    assert too_large(50 * MB + 1, 50 * MB, "workshop files").startswith("the file is 50,000,001 bytes")
    assert describe_size(512) == "512 bytes" and describe_size(10 * MB) == "10 MB"


def test_a_note_file_holds_at_most_50000_notes() -> None:
    exactly = "\n".join(f"note {i}" for i in range(NOTE_FILE_NOTES)).encode()
    assert len(parse_note_file("wall.txt", exactly)) == NOTE_FILE_NOTES
    with pytest.raises(NoteFileError) as caught:
        parse_note_file("wall.txt", exactly + b"\none more")
    assert str(caught.value) == (
        "line 50001: the file holds more than 50,000 notes; note files can hold at most 50,000"
    )
    rows = "text\n" + "\n".join(f"note {i}" for i in range(NOTE_FILE_NOTES + 1))
    with pytest.raises(NoteFileError, match="at most 50,000"):
        parse_note_file("wall.csv", rows.encode())


def test_a_note_file_over_10_mb_is_refused_before_parsing() -> None:
    with pytest.raises(NoteFileError) as caught:
        parse_note_file("wall.txt", b"x" * (NOTE_FILE_BYTES + 1))
    assert str(caught.value) == "the file is 10,000,001 bytes; note files can be at most 10 MB"


# -- a vote's budget ---------------------------------------------------------------------------


def test_dots_past_the_budget_are_found() -> None:
    rules = VoteRules(budget=2, supervote_budget=1)
    fine = [("p1", "n1", False), ("p1", "n2", False), ("p1", "n1", True), ("p2", "n1", False)]
    assert rule_broken(fine, rules) is None
    assert rule_broken([*fine, ("p1", "n3", False)], rules) == (
        4,
        "more dots than the vote's budget of 2 a person",
    )
    assert rule_broken([*fine, ("p1", "n2", True)], rules) == (
        4,
        "more supervotes than the vote's budget of 1 a person",
    )
    assert rule_broken([("p1", "n1", True)], VoteRules(budget=3)) == (
        0,
        "a supervote, and this vote has no supervotes",
    )
    stacked = [("p1", "n1", False), ("p1", "n1", False)]
    assert rule_broken(stacked, VoteRules(budget=3))[0] == 1  # type: ignore[index]
    assert rule_broken(stacked, VoteRules(budget=3, allow_stacking=True)) is None


def test_200000_dots_are_checked_in_one_pass() -> None:
    """Counters, not a scan of every earlier dot per dot: 200,000 dots of 4,000 people."""
    rules = VoteRules(budget=50)
    dots = [(f"p{i % 4000}", f"n{i}", False) for i in range(200_000)]
    assert rule_broken(dots, rules) is None
    assert rule_broken([*dots, ("p7", "n0", False)], rules) == (
        200_000,
        "more dots than the vote's budget of 50 a person",
    )
