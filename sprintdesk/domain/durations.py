"""Durations typed by a facilitator: ``45``, ``45m``, ``1h30``, ``1:30``, ``2h``."""

from __future__ import annotations

import re

from sprintdesk.domain.errors import ValidationError

MIN_DURATION_MINUTES = 1
MAX_DURATION_MINUTES = 8 * 60

_HOURS_MINUTES = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min|mins|minutes)?)?$")
_COLON = re.compile(r"^(\d+):([0-5]\d)$")


def check_duration(minutes: int) -> int:
    """Return ``minutes`` if it is an allowed item duration, else raise ValidationError."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError("Duration must be a whole number of minutes.")
    if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(
            f"Duration must be between 1 minute and 8 hours (got {format_minutes(minutes)})."
        )
    return minutes


def parse_duration(text: str) -> int:
    """Parse a typed duration into minutes, checking the allowed range."""
    cleaned = text.strip().lower().replace(" ", "")
    if not cleaned:
        raise ValidationError("Enter a duration, for example 45, 45m, 1h30 or 1:30.")
    colon = _COLON.match(cleaned)
    if colon:
        minutes = int(colon.group(1)) * 60 + int(colon.group(2))
        return check_duration(minutes)
    match = _HOURS_MINUTES.match(cleaned)
    if not match or not (match.group(1) or match.group(2)):
        raise ValidationError(f"'{text.strip()}' is not a duration; try 45, 45m, 1h30 or 1:30.")
    minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    return check_duration(minutes)


def format_minutes(minutes: int) -> str:
    """``90`` -> ``1h 30m``; ``45`` -> ``45m``; ``120`` -> ``2h``."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{sign}{hours}h {rest:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{rest}m"


def format_clock(seconds: float) -> str:
    """A countdown reading: ``04:59``, ``1:02:03``; negative values get a leading ``+``
    (overtime counts up). Whole seconds are shown by rounding up while time remains,
    so ``00:00`` appears exactly at zero."""
    if seconds >= 0:
        whole = int(-(-seconds // 1))  # ceil
        prefix = ""
    else:
        whole = whole_seconds(-seconds)  # overtime counts up in whole seconds, as everywhere
        prefix = "+"
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{prefix}{hours}:{mins:02d}:{secs:02d}"
    return f"{prefix}{mins:02d}:{secs:02d}"


# -- one rounding and one sign convention for run mode and every export ----------------------
def whole_seconds(seconds: float) -> int:
    """The one rounding of elapsed time, overtime and planned-against-actual: whole seconds
    toward zero, as a stopwatch reads (9.6 s over is "9 s over" until 10 s have passed). The
    countdown, the overtime banner, the PDFs and the Markdown all use it."""
    return int(seconds)


def duration_text(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` from an hour on, no sign, in ``whole_seconds``."""
    total = abs(whole_seconds(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def lateness_text(seconds: float | None) -> str:
    """Planned against actual, one convention everywhere: positive seconds are late
    ("behind"), negative early ("ahead"); the word carries the direction, never a sign.
    ``19:22 behind``, ``0:38 ahead``, ``on time``; ``–`` when there is nothing to compare."""
    if seconds is None:
        return "–"
    whole = whole_seconds(seconds)
    if whole == 0:
        return "on time"
    return f"{duration_text(whole)} {'behind' if whole > 0 else 'ahead'}"


def lateness_minutes_text(seconds: float) -> str:
    """The same at a glance, in whole minutes (run mode's projection): ``19 min behind``."""
    minutes = int(whole_seconds(seconds) / 60)  # toward zero too
    if minutes == 0:
        return "on time"
    return f"{abs(minutes)} min {'behind' if minutes > 0 else 'ahead'}"
