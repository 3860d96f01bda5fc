"""Repositories against a real SQLite file: workshops, agenda positions, the run log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sprintdesk import samples
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.workshop import (
    AgendaDay,
    AgendaItem,
    ItemKind,
    Participant,
    Role,
    Workshop,
)
from sprintdesk.storage import agenda_repository as agenda
from sprintdesk.storage import run_log_repository as log
from sprintdesk.storage import workshop_repository as repo
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.errors import NotFoundError

UTC = dt.UTC


def _add(db: Database, workshop: Workshop) -> int:
    with db.session() as session:
        return repo.add_workshop(session, workshop)


def _get(db: Database, workshop_id: int) -> Workshop:
    with db.session() as session:
        return repo.get_workshop(session, workshop_id)


def _count(db: Database, sql: str, **params: object) -> int:
    with db.engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar_one())


def _positions(db: Database, table: str, parent: str, parent_id: int) -> list[int]:
    with db.engine.connect() as connection:
        return list(
            connection.execute(
                text(f"SELECT position FROM {table} WHERE {parent} = :p ORDER BY position"),
                {"p": parent_id},
            ).scalars()
        )


def _item_positions(db: Database, day_id: int) -> list[int]:
    return _positions(db, "agenda_items", "day_id", day_id)


def _titles(workshop: Workshop, day_index: int) -> list[str]:
    return [item.title for item in workshop.days[day_index].items]


# The sample's Map day by a short name for each item, and its Sketch day.
MAP = dict(
    zip(
        ("welcome", "goal", "coffee", "experts", "lunch", "target"),
        _titles(samples.sample_workshop(), 0),
        strict=True,
    )
)
SKETCH = _titles(samples.sample_workshop(), 1)


def _named(order: list[str]) -> list[str]:
    """Titles for short names (anything else, like "New", stays as it is)."""
    return [MAP.get(name, name) for name in order]


def _strip(workshop: Workshop) -> Workshop:
    """The workshop without ids, to compare what was stored with what was given."""
    return dataclasses.replace(
        workshop,
        id=None,
        participants=tuple(dataclasses.replace(p, id=None) for p in workshop.participants),
        days=tuple(
            dataclasses.replace(d, id=None, items=tuple(dataclasses.replace(i, id=None) for i in d.items))
            for d in workshop.days
        ),
    )


# -- workshops -------------------------------------------------------------------------


def test_add_and_get_round_trip(db: Database, make_workshop: Callable[..., Workshop]) -> None:
    original = make_workshop()
    workshop_id = _add(db, original)
    stored = _get(db, workshop_id)
    assert stored.id == workshop_id
    assert _strip(stored) == original
    assert all(p.id is not None for p in stored.participants)
    assert all(d.id is not None for d in stored.days)
    assert all(i.id is not None for i in stored.items())
    assert len({i.id for i in stored.items()}) == 9


def test_add_ignores_ids_in_the_workshop(db: Database, make_workshop: Callable[..., Workshop]) -> None:
    first = _get(db, _add(db, make_workshop()))
    # Adding the stored workshop again (ids and all) makes a second, independent one.
    second_id = _add(db, dataclasses.replace(first, title="Again"))
    second = _get(db, second_id)
    assert second_id != first.id
    assert {d.id for d in second.days}.isdisjoint({d.id for d in first.days})
    assert {i.id for i in second.items()}.isdisjoint({i.id for i in first.items()})
    assert {p.id for p in second.participants}.isdisjoint({p.id for p in first.participants})
    assert _get(db, first.id or 0) == first  # the original is untouched


def test_get_a_missing_workshop(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFoundError, match="no workshop with id 42"):
        repo.get_workshop(session, 42)


def test_timestamps_are_utc_aware(db: Database, make_workshop: Callable[..., Workshop]) -> None:
    _add(db, make_workshop())
    with db.session() as session:
        (summary,) = repo.list_workshops(session)
    assert summary.updated_at.tzinfo is UTC
    assert abs(dt.datetime.now(UTC) - summary.updated_at) < dt.timedelta(minutes=5)


def test_list_summarises_each_workshop(
    db: Database, make_workshop: Callable[..., Workshop], fake_now: object
) -> None:
    sprint_id = _add(db, make_workshop())
    empty_id = _add(db, Workshop("Empty", days=(AgendaDay(), AgendaDay(), AgendaDay())))
    with db.session() as session:
        summaries = {s.id: s for s in repo.list_workshops(session)}
    sprint, empty = summaries[sprint_id], summaries[empty_id]
    assert (sprint.title, sprint.start_date) == (samples.TITLE, dt.date(2026, 12, 7))
    assert (sprint.day_count, sprint.item_count, sprint.total_minutes) == (2, 9, 363)  # 255 + 108
    assert (empty.day_count, empty.item_count, empty.total_minutes) == (3, 0, 0)
    assert empty.start_date is None


def test_list_puts_the_latest_change_first(
    db: Database, make_workshop: Callable[..., Workshop], fake_now: object
) -> None:
    a = _add(db, make_workshop("A"))
    b = _add(db, make_workshop("B"))
    c = _add(db, make_workshop("C"))
    with db.session() as session:
        assert [s.id for s in repo.list_workshops(session)] == [c, b, a]
    day_id = _get(db, a).days[0].id or 0
    with db.session() as session:
        agenda.update_day(session, day_id, "Renamed", dt.time(8, 0))  # an agenda edit touches
    with db.session() as session:
        assert [s.id for s in repo.list_workshops(session)] == [a, c, b]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("", ["Design sprint", "design review", "100% remote", "Q4_planning", "Q4 planning", "Back\\slash"]),
        ("design", ["Design sprint", "design review"]),
        ("DESIGN", ["Design sprint", "design review"]),
        ("  design   sprint ", ["Design sprint"]),  # every word must match
        ("sprint design", ["Design sprint"]),
        ("%", ["100% remote"]),  # % is a character, not a wildcard
        ("100%", ["100% remote"]),
        ("_", ["Q4_planning"]),  # so is _
        ("q4_", ["Q4_planning"]),
        ("\\", ["Back\\slash"]),
        ("nothing", []),
    ],
)
def test_search(db: Database, fake_now: object, search: str, expected: list[str]) -> None:
    for title in (
        "Back\\slash",
        "Q4 planning",
        "Q4_planning",
        "100% remote",
        "design review",
        "Design sprint",
    ):
        _add(db, Workshop(title))
    with db.session() as session:
        assert [s.title for s in repo.list_workshops(session, search)] == expected


def test_update_details(db: Database, make_workshop: Callable[..., Workshop], fake_now: object) -> None:
    workshop_id = _add(db, make_workshop())
    before = _get(db, workshop_id)
    with db.session() as session:
        (old_summary,) = repo.list_workshops(session)
        repo.update_details(
            session,
            workshop_id,
            title="Renamed",
            goal="A new goal",
            start_date=None,
            facilitator="Bo",
            participants=(Participant("Zed", Role.PM), Participant("Uma", Role.UX)),
        )
    after = _get(db, workshop_id)
    assert (after.title, after.goal, after.start_date, after.facilitator) == (
        "Renamed",
        "A new goal",
        None,
        "Bo",
    )
    assert [(p.name, p.role) for p in after.participants] == [("Zed", Role.PM), ("Uma", Role.UX)]
    assert after.days == before.days  # the agenda is untouched
    assert _count(db, "SELECT count(*) FROM participants") == 2  # the old ones are gone
    with db.session() as session:
        (new_summary,) = repo.list_workshops(session)
    assert new_summary.updated_at > old_summary.updated_at


def test_update_details_of_a_missing_workshop(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFoundError):
        repo.update_details(session, 9, title="x", goal="", start_date=None, facilitator="", participants=())


def _event(item_id: int, second: int = 0) -> RunEvent:
    return RunEvent(RunAction.START, item_id, dt.datetime(2026, 12, 1, 9, 0, second, tzinfo=UTC), 0.0, True)


def test_delete_cascades_to_everything_of_the_workshop(
    db: Database, make_workshop: Callable[..., Workshop]
) -> None:
    doomed = _add(db, make_workshop("Doomed"))
    kept = _add(db, make_workshop("Kept"))
    for workshop_id in (doomed, kept):
        item_id = _get(db, workshop_id).items()[0].id or 0
        with db.session() as session:
            log.append_event(session, workshop_id, _event(item_id))
    with db.session() as session:
        repo.delete_workshop(session, doomed)
    assert _count(db, "SELECT count(*) FROM workshops WHERE id = :w", w=doomed) == 0
    assert _count(db, "SELECT count(*) FROM participants WHERE workshop_id = :w", w=doomed) == 0
    assert _count(db, "SELECT count(*) FROM agenda_days WHERE workshop_id = :w", w=doomed) == 0
    assert _count(db, "SELECT count(*) FROM run_events WHERE workshop_id = :w", w=doomed) == 0
    # No orphan items anywhere; the other workshop keeps all of its rows.
    assert (
        _count(db, "SELECT count(*) FROM agenda_items WHERE day_id NOT IN (SELECT id FROM agenda_days)") == 0
    )
    assert _count(db, "SELECT count(*) FROM agenda_items") == 9
    assert _count(db, "SELECT count(*) FROM participants") == 4
    assert _count(db, "SELECT count(*) FROM run_events") == 1
    assert _get(db, kept).title == "Kept"
    with db.session() as session, pytest.raises(NotFoundError):
        repo.get_workshop(session, doomed)


def test_delete_cascades_through_a_sqlite_url(db_path: Path, make_workshop: Callable[..., Workshop]) -> None:
    db = open_database(f"sqlite:///{db_path}")
    try:
        workshop_id = _add(db, make_workshop())
        with db.session() as session:
            repo.delete_workshop(session, workshop_id)
        assert _count(db, "SELECT count(*) FROM agenda_items") == 0
        assert _count(db, "SELECT count(*) FROM participants") == 0
    finally:
        db.close()


def test_delete_a_missing_workshop(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFoundError):
        repo.delete_workshop(session, 3)


def test_a_failed_session_rolls_back(db: Database, make_workshop: Callable[..., Workshop]) -> None:
    with pytest.raises(NotFoundError), db.session() as session:
        repo.add_workshop(session, make_workshop())
        repo.get_workshop(session, 999)
    assert _count(db, "SELECT count(*) FROM workshops") == 0


# -- the agenda: dense positions -------------------------------------------------------


@pytest.fixture
def sprint(db: Database, make_workshop: Callable[..., Workshop]) -> Workshop:
    """The stored sample: day 0 = MAP (six items), day 1 = SKETCH (three)."""
    return _get(db, _add(db, make_workshop()))


def _day_ids(workshop: Workshop) -> tuple[int, int]:
    first, second = (day.id for day in workshop.days)
    assert first is not None and second is not None
    return first, second


@pytest.mark.parametrize(
    ("position", "order"),
    [
        (0, ["New", "welcome", "goal", "coffee", "experts", "lunch", "target"]),
        (1, ["welcome", "New", "goal", "coffee", "experts", "lunch", "target"]),
        (3, ["welcome", "goal", "coffee", "New", "experts", "lunch", "target"]),
        (6, ["welcome", "goal", "coffee", "experts", "lunch", "target", "New"]),
        (99, ["welcome", "goal", "coffee", "experts", "lunch", "target", "New"]),  # past the end: appended
        (-5, ["New", "welcome", "goal", "coffee", "experts", "lunch", "target"]),
    ],
)
def test_insert_item(db: Database, sprint: Workshop, position: int, order: list[str]) -> None:
    day_id, _ = _day_ids(sprint)
    with db.session() as session:
        new_id = agenda.insert_item(session, day_id, position, AgendaItem("New", 5))
    after = _get(db, sprint.id or 0)
    assert _titles(after, 0) == _named(order)
    assert _item_positions(db, day_id) == list(range(7))
    assert new_id not in {i.id for i in sprint.items()}


def test_insert_item_keeps_a_given_id(db: Database, sprint: Workshop) -> None:
    day_id, _ = _day_ids(sprint)
    coffee = sprint.days[0].items[2]
    with db.session() as session:
        agenda.delete_item(session, coffee.id or 0)
    with db.session() as session:
        assert agenda.insert_item(session, day_id, 2, coffee) == coffee.id
    assert _get(db, sprint.id or 0) == sprint


def test_insert_into_a_missing_day(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFoundError, match="no agenda day"):
        agenda.insert_item(session, 77, 0, AgendaItem("x", 5))


def test_update_item(db: Database, sprint: Workshop) -> None:
    intro = sprint.days[0].items[0]
    changed = dataclasses.replace(
        intro, title="Welcome", duration_minutes=20, kind=ItemKind.DISCUSSION, notes="n"
    )
    with db.session() as session:
        agenda.update_item(session, changed)
    assert _get(db, sprint.id or 0).days[0].items[0] == changed
    with db.session() as session, pytest.raises(NotFoundError):
        agenda.update_item(session, AgendaItem("No id", 5))
    with db.session() as session, pytest.raises(NotFoundError, match="no agenda item"):
        agenda.update_item(session, AgendaItem("Gone", 5, id=4242))


@pytest.mark.parametrize(
    ("index", "order"),
    [
        (0, ["goal", "coffee", "experts", "lunch", "target"]),
        (1, ["welcome", "coffee", "experts", "lunch", "target"]),
        (5, ["welcome", "goal", "coffee", "experts", "lunch"]),
    ],
)
def test_delete_item_keeps_positions_dense(
    db: Database, sprint: Workshop, index: int, order: list[str]
) -> None:
    day_id, _ = _day_ids(sprint)
    with db.session() as session:
        agenda.delete_item(session, sprint.days[0].items[index].id or 0)
    assert _titles(_get(db, sprint.id or 0), 0) == _named(order)
    assert _item_positions(db, day_id) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("index", "position", "order"),
    [
        (0, 2, ["goal", "coffee", "welcome", "experts", "lunch", "target"]),
        (0, 1, ["goal", "welcome", "coffee", "experts", "lunch", "target"]),
        (5, 0, ["target", "welcome", "goal", "coffee", "experts", "lunch"]),
        (1, 1, ["welcome", "goal", "coffee", "experts", "lunch", "target"]),
        (1, 50, ["welcome", "coffee", "experts", "lunch", "target", "goal"]),
    ],
)
def test_move_within_a_day(
    db: Database, sprint: Workshop, index: int, position: int, order: list[str]
) -> None:
    day_id, _ = _day_ids(sprint)
    with db.session() as session:
        agenda.move_item(session, sprint.days[0].items[index].id or 0, day_id, position)
    assert _titles(_get(db, sprint.id or 0), 0) == _named(order)
    assert _item_positions(db, day_id) == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("position", "order"),
    [(0, ["goal", *SKETCH]), (1, [SKETCH[0], "goal", *SKETCH[1:]]), (3, [*SKETCH, "goal"])],
)
def test_move_across_days(db: Database, sprint: Workshop, position: int, order: list[str]) -> None:
    first, second = _day_ids(sprint)
    moved = sprint.days[0].items[1]
    with db.session() as session:
        agenda.move_item(session, moved.id or 0, second, position)
    after = _get(db, sprint.id or 0)
    assert _titles(after, 0) == _named(["welcome", "coffee", "experts", "lunch", "target"])
    assert _titles(after, 1) == _named(order)
    assert _item_positions(db, first) == [0, 1, 2, 3, 4]
    assert _item_positions(db, second) == [0, 1, 2, 3]
    assert after.find_item(moved.id or 0)[2] == moved  # same id, same content


def test_move_every_item_to_the_other_day_and_back(db: Database, sprint: Workshop) -> None:
    first, second = _day_ids(sprint)
    for item in sprint.days[0].items:
        with db.session() as session:
            agenda.move_item(session, item.id or 0, second, 0)
    after = _get(db, sprint.id or 0)
    assert _titles(after, 0) == []
    assert _titles(after, 1) == [*reversed(MAP.values()), *SKETCH]
    assert _item_positions(db, second) == list(range(9))
    for position, item in enumerate(sprint.days[0].items):
        with db.session() as session:
            agenda.move_item(session, item.id or 0, first, position)
    assert _get(db, sprint.id or 0) == sprint


def test_an_item_cannot_move_to_another_workshop(
    db: Database, sprint: Workshop, make_workshop: Callable[..., Workshop]
) -> None:
    other = _get(db, _add(db, make_workshop("Other")))
    with db.session() as session, pytest.raises(NotFoundError, match="within its own workshop"):
        agenda.move_item(session, sprint.items()[0].id or 0, other.days[0].id or 0, 0)
    assert _get(db, sprint.id or 0) == sprint
    with db.session() as session, pytest.raises(NotFoundError):
        agenda.move_item(session, 9999, other.days[0].id or 0, 0)


def test_add_day(db: Database, sprint: Workshop) -> None:
    workshop_id = sprint.id or 0
    with db.session() as session:
        new_id = agenda.add_day(session, workshop_id, 1, AgendaDay(dt.time(13, 0), "Middle"))
    with db.session() as session:
        agenda.add_day(session, workshop_id, 0, AgendaDay(title="First"))
        agenda.add_day(session, workshop_id, 10, AgendaDay(title="Last"))
    after = _get(db, workshop_id)
    assert [d.title for d in after.days] == ["First", "Map", "Middle", "Sketch", "Last"]
    assert after.days[2].id == new_id
    assert after.days[2].start_time == dt.time(13, 0)
    assert _positions(db, "agenda_days", "workshop_id", workshop_id) == [0, 1, 2, 3, 4]


def test_update_day(db: Database, sprint: Workshop) -> None:
    first, _ = _day_ids(sprint)
    with db.session() as session:
        agenda.update_day(session, first, "Understand", dt.time(8, 45))
    day = _get(db, sprint.id or 0).days[0]
    assert (day.title, day.start_time) == ("Understand", dt.time(8, 45))
    with db.session() as session, pytest.raises(NotFoundError):
        agenda.update_day(session, 999, "x", dt.time(9, 0))


def test_delete_day_takes_its_items_and_keeps_positions_dense(db: Database, sprint: Workshop) -> None:
    workshop_id = sprint.id or 0
    first, _ = _day_ids(sprint)
    with db.session() as session:
        agenda.add_day(session, workshop_id, 2, AgendaDay(title="Decide"))
    with db.session() as session:
        agenda.delete_day(session, first)
    after = _get(db, workshop_id)
    assert [d.title for d in after.days] == ["Sketch", "Decide"]
    assert _positions(db, "agenda_days", "workshop_id", workshop_id) == [0, 1]
    assert _count(db, "SELECT count(*) FROM agenda_items WHERE day_id = :d", d=first) == 0
    assert _count(db, "SELECT count(*) FROM agenda_items") == len(SKETCH)


def test_a_deleted_day_comes_back_with_its_ids(db: Database, sprint: Workshop) -> None:
    first, _ = _day_ids(sprint)
    with db.session() as session:
        agenda.delete_day(session, first)
    with db.session() as session:
        assert agenda.add_day(session, sprint.id or 0, 0, sprint.days[0]) == first
    assert _get(db, sprint.id or 0) == sprint


def test_workshop_of(db: Database, sprint: Workshop) -> None:
    _, second = _day_ids(sprint)
    with db.session() as session:
        assert agenda.workshop_of_day(session, second) == sprint.id
        assert agenda.workshop_of_item(session, sprint.items()[-1].id or 0) == sprint.id
        with pytest.raises(NotFoundError):
            agenda.workshop_of_item(session, 5000)


# -- the run log -----------------------------------------------------------------------


def test_run_log_round_trip(db: Database, sprint: Workshop) -> None:
    workshop_id = sprint.id or 0
    events = [
        RunEvent(RunAction.START, 1, dt.datetime(2026, 12, 1, 9, 0, 0, 1, tzinfo=UTC), 0.0, True),
        RunEvent(
            RunAction.EXTEND,
            1,
            dt.datetime(2026, 12, 1, 9, 4, 59, 999999, tzinfo=UTC),
            299.999999,
            True,
            amount=-60.0,
        ),
        RunEvent(
            RunAction.NEXT,
            1,
            dt.datetime(2026, 12, 1, 9, 6, tzinfo=UTC),
            360.5,
            False,
            target_id=2,
        ),
    ]
    for event in events:
        with db.session() as session:
            log.append_event(session, workshop_id, event)
    with db.session() as session:
        stored = log.list_events(session, workshop_id)
    assert stored == events
    assert all(event.at.tzinfo is UTC for event in stored)
    assert all(isinstance(event.action, RunAction) for event in stored)


def test_other_time_zones_are_stored_as_utc(db: Database, sprint: Workshop) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    event = RunEvent(RunAction.PAUSE, 1, dt.datetime(2026, 12, 1, 10, 0, tzinfo=paris), 5.0, False)
    with db.session() as session:
        log.append_event(session, sprint.id or 0, event)
    with db.session() as session:
        (stored,) = log.list_events(session, sprint.id or 0)
    assert stored.at == event.at
    assert stored.at == dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert stored.at.tzinfo is UTC


def test_a_naive_datetime_is_refused(db: Database, sprint: Workshop) -> None:
    naive = RunEvent(RunAction.START, 1, dt.datetime(2026, 12, 1, 9, 0), 0.0, True)
    with pytest.raises(Exception, match="naive datetime"), db.session() as session:
        log.append_event(session, sprint.id or 0, naive)
    with db.session() as session:
        assert log.list_events(session, sprint.id or 0) == []


def test_run_logs_are_per_workshop_and_can_be_cleared(
    db: Database, sprint: Workshop, make_workshop: Callable[..., Workshop]
) -> None:
    other = _add(db, make_workshop("Other"))
    with db.session() as session:
        log.append_event(session, sprint.id or 0, _event(1, 1))
        log.append_event(session, other, _event(2, 2))
        log.append_event(session, sprint.id or 0, _event(3, 3))
    with db.session() as session:
        assert [e.item_id for e in log.list_events(session, sprint.id or 0)] == [1, 3]
        log.clear_events(session, sprint.id or 0)
    with db.session() as session:
        assert log.list_events(session, sprint.id or 0) == []
        assert [e.item_id for e in log.list_events(session, other)] == [2]


_times = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(UTC)
)
_events = st.builds(
    RunEvent,
    action=st.sampled_from(list(RunAction)),
    item_id=st.integers(min_value=1, max_value=2**31),
    at=_times,
    elapsed=st.floats(min_value=0, max_value=1e7, allow_nan=False),
    running=st.booleans(),
    amount=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    target_id=st.none() | st.integers(min_value=1, max_value=2**31),
)


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(tmp_path_factory.mktemp("runlog") / "runlog.sqlite3")
    with db.session() as session:
        repo.add_workshop(session, Workshop("Log"))
    return db


@pytest.mark.slow  # fuzzes with many examples
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=st.lists(_events, max_size=8))
def test_any_run_log_round_trips(shared_db: Database, events: list[RunEvent]) -> None:
    with shared_db.session() as session:
        log.clear_events(session, 1)
        for event in events:
            log.append_event(session, 1, event)
    with shared_db.session() as session:
        assert log.list_events(session, 1) == events
