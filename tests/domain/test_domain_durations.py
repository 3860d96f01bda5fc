"""Typed durations: parsing, range checks, readable errors and the clock reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.durations import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    check_duration,
    format_clock,
    format_minutes,
    parse_duration,
)
from sprintdesk.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1", 1),
        ("45", 45),
        (" 45 ", 45),
        ("45m", 45),
        ("45 min", 45),
        ("45mins", 45),
        ("90 minutes", 90),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1H30M", 90),
        ("2h", 120),
        ("1:30", 90),
        ("0:01", 1),
        ("8:00", 480),
        ("8h", 480),
        ("480", 480),
        ("0h45", 45),
    ],
)
def test_parse_duration_accepts_what_facilitators_type(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0", "between 1 minute and 8 hours (got 0m)"),
        ("481", "between 1 minute and 8 hours (got 8h 01m)"),
        ("10000", "between 1 minute and 8 hours (got 166h 40m)"),
        ("8:01", "between 1 minute and 8 hours"),
        ("9h", "between 1 minute and 8 hours (got 9h)"),
        ("0:00", "between 1 minute and 8 hours"),
        ("0h", "between 1 minute and 8 hours"),
        ("abc", "'abc' is not a duration; try 45, 45m, 1h30 or 1:30."),
        ("  abc  ", "'abc' is not a duration"),
        ("-5", "'-5' is not a duration"),
        ("1.5", "'1.5' is not a duration"),
        ("45s", "'45s' is not a duration"),
        ("1:60", "'1:60' is not a duration"),
        ("h", "'h' is not a duration"),
        ("m", "'m' is not a duration"),
        ("", "Enter a duration, for example 45, 45m, 1h30 or 1:30."),
        ("   ", "Enter a duration"),
    ],
)
def test_parse_duration_refuses_with_a_readable_message(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_duration(text)
    message = str(caught.value)
    assert fragment in message
    # A sentence for a person: capitalised or quoting the input, ending with a full stop.
    assert message[0].isupper() or message.startswith("'")
    assert message.endswith(".")
    assert "\\d" not in message and "None" not in message


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)


@pytest.mark.parametrize("minutes", [1, 2, 45, 479, 480])
def test_check_duration_accepts_the_allowed_range(minutes: int) -> None:
    assert check_duration(minutes) == minutes


@pytest.mark.parametrize("minutes", [0, -1, 481, 10000])
def test_check_duration_refuses_out_of_range(minutes: int) -> None:
    with pytest.raises(ValidationError, match="between 1 minute and 8 hours"):
        check_duration(minutes)


@pytest.mark.parametrize("value", [45.0, True, False, "45", None])
def test_check_duration_refuses_non_integers(value: object) -> None:
    with pytest.raises(ValidationError, match="whole number of minutes"):
        check_duration(value)  # type: ignore[arg-type]


def test_limits_are_one_minute_and_eight_hours() -> None:
    assert (MIN_DURATION_MINUTES, MAX_DURATION_MINUTES) == (1, 480)


@given(st.integers(min_value=MIN_DURATION_MINUTES, max_value=MAX_DURATION_MINUTES))
def test_every_allowed_duration_round_trips_through_its_text(minutes: int) -> None:
    assert parse_duration(str(minutes)) == minutes
    assert parse_duration(format_minutes(minutes)) == minutes
    hours, rest = divmod(minutes, 60)
    assert parse_duration(f"{hours}:{rest:02d}") == minutes


@given(st.integers(min_value=MAX_DURATION_MINUTES + 1, max_value=10**9))
def test_every_too_long_duration_is_refused(minutes: int) -> None:
    with pytest.raises(ValidationError):
        parse_duration(str(minutes))


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0m"), (45, "45m"), (60, "1h"), (65, "1h 05m"), (90, "1h 30m"), (480, "8h")],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


def test_format_minutes_negative() -> None:
    assert format_minutes(-90) == "-1h 30m"
    assert format_minutes(-5) == "-5m"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (300, "05:00"),
        (299.2, "05:00"),  # rounds up while time remains
        (299.0, "04:59"),
        (59.999, "01:00"),
        (0.2, "00:01"),
        (0, "00:00"),  # exactly at zero
        (0.0, "00:00"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (-0.5, "+00:00"),
        (-5, "+00:05"),
        (-5.9, "+00:05"),  # overtime counts up in whole seconds
        (-61, "+01:01"),
        (-300, "+05:00"),
        (-3723, "+1:02:03"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@given(st.floats(min_value=-100_000, max_value=100_000, allow_nan=False))
def test_format_clock_shape(seconds: float) -> None:
    text = format_clock(seconds)
    assert text.startswith("+") == (seconds < 0)
    parts = text.lstrip("+").split(":")
    assert len(parts) in (2, 3)
    assert all(part.isdigit() for part in parts)
    assert all(len(part) == 2 for part in parts[1:])
