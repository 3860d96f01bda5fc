"""The computed schedule, the projection and the workshop rules it relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from sprintdesk import samples
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.schedule import Projection, compute_schedule
from sprintdesk.domain.workshop import (
    MAX_TITLE_LENGTH,
    AgendaDay,
    AgendaItem,
    ItemKind,
    Workshop,
    check_item,
    check_title,
    parse_date,
    parse_time,
)


def _sprint(start_date: dt.date | None = dt.date(2026, 12, 1)) -> Workshop:
    return Workshop(
        title="Design sprint",
        start_date=start_date,
        days=(
            AgendaDay(
                start_time=dt.time(9, 0),
                title="Map",
                items=(
                    AgendaItem("Intro", 30, id=1),
                    AgendaItem("Long-term goal", 15, ItemKind.DISCUSSION, id=2),
                    AgendaItem("Coffee", 60, ItemKind.BREAK, id=3),
                ),
                id=10,
            ),
            AgendaDay(
                start_time=dt.time(10, 30),
                title="Sketch",
                items=(AgendaItem("Lightning demos", 45, id=4), AgendaItem("Crazy 8s", 90, id=5)),
                id=11,
            ),
            AgendaDay(start_time=dt.time(13, 15), title="Decide", id=12),
        ),
    )


def _at(date: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour, minute))


def test_every_item_starts_when_the_previous_one_ends() -> None:
    schedule = compute_schedule(_sprint())
    day1, day2, day3 = schedule.days
    d1, d2, d3 = dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)
    assert [(s.item.id, s.start, s.end) for s in day1.items] == [
        (1, _at(d1, 9, 0), _at(d1, 9, 30)),
        (2, _at(d1, 9, 30), _at(d1, 9, 45)),
        (3, _at(d1, 9, 45), _at(d1, 10, 45)),
    ]
    assert [(s.item.id, s.start, s.end) for s in day2.items] == [
        (4, _at(d2, 10, 30), _at(d2, 11, 15)),
        (5, _at(d2, 11, 15), _at(d2, 12, 45)),
    ]
    assert day3.items == ()
    assert (day3.start, day3.end) == (_at(d3, 13, 15), _at(d3, 13, 15))


def test_day_totals_and_bounds() -> None:
    schedule = compute_schedule(_sprint())
    assert [day.total_minutes for day in schedule.days] == [105, 135, 0]
    assert [day.index for day in schedule.days] == [0, 1, 2]
    assert [day.day.title for day in schedule.days] == ["Map", "Sketch", "Decide"]
    day1 = schedule.days[0]
    assert day1.start == day1.items[0].start
    assert day1.end == day1.items[-1].end
    assert schedule.total_minutes == 240 == _sprint().total_minutes


def test_days_fall_on_consecutive_dates() -> None:
    workshop = _sprint()
    schedule = compute_schedule(workshop)
    assert [day.date for day in schedule.days] == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 3),
    ]
    assert workshop.end_date == dt.date(2026, 12, 3)


def test_dates_cross_month_and_year_ends() -> None:
    schedule = compute_schedule(_sprint(dt.date(2026, 12, 31)))
    assert [day.date for day in schedule.days] == [
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 2),
    ]
    assert schedule.days[1].items[0].start == _at(dt.date(2027, 1, 1), 10, 30)


def test_an_undated_workshop_still_has_times_of_day() -> None:
    workshop = _sprint(start_date=None)
    schedule = compute_schedule(workshop)
    assert [day.date for day in schedule.days] == [None, None, None]
    assert workshop.end_date is None
    times = [(s.start.time(), s.end.time()) for day in schedule.days for s in day.items]
    assert times == [
        (dt.time(9, 0), dt.time(9, 30)),
        (dt.time(9, 30), dt.time(9, 45)),
        (dt.time(9, 45), dt.time(10, 45)),
        (dt.time(10, 30), dt.time(11, 15)),
        (dt.time(11, 15), dt.time(12, 45)),
    ]


def test_a_day_may_run_past_midnight() -> None:
    workshop = Workshop(
        "Hackathon",
        start_date=dt.date(2026, 12, 1),
        days=(AgendaDay(start_time=dt.time(22, 0), items=(AgendaItem("Hack", 180, id=1),)),),
    )
    (scheduled,) = compute_schedule(workshop).days[0].items
    assert scheduled.end == _at(dt.date(2026, 12, 2), 1, 0)


def test_for_item_finds_the_day_and_the_slot() -> None:
    schedule = compute_schedule(_sprint())
    day, scheduled = schedule.for_item(5)
    assert day.index == 1
    assert scheduled.item.title == "Crazy 8s"
    with pytest.raises(KeyError):
        schedule.for_item(99)


def test_workshop_find_item_and_items() -> None:
    workshop = _sprint()
    assert [item.id for item in workshop.items()] == [1, 2, 3, 4, 5]
    day_index, position, item = workshop.find_item(4)
    assert (day_index, position, item.title) == (1, 0, "Lightning demos")
    with pytest.raises(KeyError):
        workshop.find_item(42)


def test_a_new_workshop_has_one_empty_day() -> None:
    workshop = Workshop("Retro")
    assert len(workshop.days) == 1
    assert workshop.days[0].start_time == dt.time(9, 0)
    assert workshop.total_minutes == 0


# -- projection ------------------------------------------------------------------------


def _projection(behind_seconds: float) -> Projection:
    planned = dt.datetime(2026, 12, 1, 17, 0)
    return Projection(planned, planned + dt.timedelta(seconds=behind_seconds))


@pytest.mark.parametrize(
    ("behind", "status"),
    [
        (-3600, "on-track"),
        (0, "on-track"),
        (60, "on-track"),
        (61, "slipping"),
        (600, "slipping"),
        (601, "late"),
        (7200, "late"),
    ],
)
def test_projection_status(behind: float, status: str) -> None:
    projection = _projection(behind)
    assert projection.behind_seconds == behind
    assert projection.status == status


@pytest.mark.parametrize(
    ("behind", "text"),
    [(0, "on time"), (20, "on time"), (300, "5 min behind"), (-180, "3 min ahead")],
)
def test_projection_describe(behind: float, text: str) -> None:
    assert _projection(behind).describe() == text


# -- workshop rules --------------------------------------------------------------------


def test_check_title_cleans_whitespace() -> None:
    assert check_title("  Design \n  sprint ") == "Design sprint"
    assert check_title("x" * MAX_TITLE_LENGTH) == "x" * MAX_TITLE_LENGTH


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "Title cannot be empty."),
        ("   ", "Title cannot be empty."),
        ("x" * 201, "Title is longer than 200 characters."),
    ],
)
def test_check_title_refuses(title: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_title(title)
    assert str(caught.value) == message


def test_the_sample_workshop_runs_two_days_from_half_past_nine() -> None:
    """The sample (sprintdesk/samples.py) as the library and the summaries show it."""
    workshop = samples.sample_workshop()
    map_day, sketch_day = compute_schedule(workshop).days
    monday, tuesday = dt.date(2026, 12, 7), dt.date(2026, 12, 8)
    assert (map_day.date, map_day.start, map_day.end) == (monday, _at(monday, 9, 30), _at(monday, 13, 45))
    assert [s.start.time() for s in map_day.items] == [
        dt.time(9, 30),
        dt.time(9, 45),
        dt.time(10, 30),
        dt.time(10, 45),
        dt.time(12, 15),
        dt.time(13, 15),
    ]
    assert (sketch_day.start, sketch_day.end) == (_at(tuesday, 9, 30), _at(tuesday, 11, 18))
    assert workshop.end_date == tuesday


def test_check_item_cleans_the_title_and_checks_the_duration() -> None:
    cleaned = check_item(AgendaItem("  Crazy   8s ", 8, ItemKind.EXERCISE, "fold", "n", id=3))
    assert cleaned == AgendaItem("Crazy 8s", 8, ItemKind.EXERCISE, "fold", "n", id=3)
    with pytest.raises(ValidationError, match="between 1 minute and 8 hours"):
        check_item(AgendaItem("Too long", 481))
    with pytest.raises(ValidationError, match="Item title cannot be empty"):
        check_item(AgendaItem(" ", 10))
    with pytest.raises(ValidationError, match="Unknown item kind"):
        check_item(AgendaItem("Odd", 10, kind="party"))  # type: ignore[arg-type]


def test_parse_date_and_time() -> None:
    assert parse_date(" 2026-12-01 ") == dt.date(2026, 12, 1)
    assert parse_time("09:30") == dt.time(9, 30)
    with pytest.raises(ValidationError, match="'tomorrow' is not a date; use YYYY-MM-DD"):
        parse_date("tomorrow")
    for text in ("25:00", "9", "9:xx", "9:30:00"):
        with pytest.raises(ValidationError, match="is not a time of day; use HH:MM"):
            parse_time(text)
