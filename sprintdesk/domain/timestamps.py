"""Dates and moments read from a file: one way in, so that every one of them is either a
value the whole app can show, convert and compute with, or a one-line ValidationError.

The range is narrower than Python's (years 1 to 9999) on purpose: a moment is shown in the
local time zone (``astimezone()``, which fails on Windows before 1970 and after 3000, and
anywhere within a day of year 1 or 9999), and days are counted on from a start date. So a
moment lies from ``EARLIEST`` to ``LATEST`` (UTC), a date from ``FIRST_DAY`` to ``LAST_DAY``."""

from __future__ import annotations

import datetime as dt

from sprintdesk.domain.errors import ValidationError

EARLIEST = dt.datetime(1970, 1, 2, tzinfo=dt.UTC)  # a day after the epoch: no zone goes below it
LATEST = dt.datetime(2999, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC)
FIRST_DAY = dt.date(1970, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
RANGE = "from 1970-01-02 to 2999-12-31 (UTC)"
DAY_RANGE = "from 1970-01-01 to 2999-12-31"
_SHOWN = 60


def _quoted(text: object) -> str:
    said = repr(text)
    return said if len(said) <= _SHOWN else said[: _SHOWN - 1] + "…"


def parse_moment(text: object) -> dt.datetime:
    """An ISO 8601 date and time with its zone (``2026-12-01T09:00:00Z``, ``...+05:30``) as an
    aware UTC datetime, or ValidationError with one line: not a date and time, no time zone,
    or outside the range (year 1 with a positive offset, year 9999 with a negative one,
    ``0000``, an offset of a day or more: all end here, never in OverflowError)."""
    if not isinstance(text, str):
        raise ValidationError(f"{_quoted(text)} is not a date and time")
    try:
        moment = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise ValidationError(f"{_quoted(text)} is not a date and time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(f"{_quoted(text)} has no time zone")
    try:
        utc = moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        utc = None
    if utc is None or not EARLIEST <= utc <= LATEST:
        raise ValidationError(f"{_quoted(text)} is out of range; dates and times must lie {RANGE}")
    return utc


def parse_day(text: object) -> dt.date:
    """A ``YYYY-MM-DD`` date within ``FIRST_DAY`` to ``LAST_DAY``, or ValidationError (one line)."""
    if not isinstance(text, str):
        raise ValidationError(f"{_quoted(text)} is not a date")
    try:
        day = dt.date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise ValidationError(f"{_quoted(text)} is not a date") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(f"{_quoted(text)} is out of range; dates must lie {DAY_RANGE}")
    return day
