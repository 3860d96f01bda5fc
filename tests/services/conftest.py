"""Fixtures for the service tests: real SQLite files in tmp_path, a FakeClock."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Participant, Role, Workshop
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database, open_database

TABLES = ("workshops", "participants", "agenda_days", "agenda_items", "run_events")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sprintdesk.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def reopen(db_path: Path) -> Iterator[Callable[[], Database]]:
    """Open further Database objects on the same file (another process, or a restart)."""
    opened: list[Database] = []

    def open_again() -> Database:
        opened.append(open_database(db_path))
        return opened[-1]

    yield open_again
    for database in opened:
        database.close()


@pytest.fixture
def dump(db_path: Path) -> Callable[[], dict[str, list[tuple[object, ...]]]]:
    """Every committed row of every table, read through a separate plain sqlite3 connection."""

    def read() -> dict[str, list[tuple[object, ...]]]:
        connection = sqlite3.connect(db_path)
        try:
            return {
                table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES
            }
        finally:
            connection.close()

    return read


@pytest.fixture
def workshops(db: Database) -> WorkshopService:
    return WorkshopService(db)


@pytest.fixture
def agenda(db: Database) -> AgendaService:
    return AgendaService(db)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))


def sprint_workshop(title: str = "Design sprint") -> Workshop:
    return Workshop(
        title=title,
        goal="Decide on onboarding",
        start_date=dt.date(2026, 12, 1),
        facilitator="Ana",
        participants=(Participant("Dee", Role.DECIDER), Participant("Uma", Role.UX)),
        days=(
            AgendaDay(
                start_time=dt.time(9, 0),
                title="Map",
                items=(
                    AgendaItem("Intro", 5, ItemKind.PRESENTATION, "Say hello", "clicker"),
                    AgendaItem("Goal", 10, ItemKind.DISCUSSION),
                    AgendaItem("Coffee", 15, ItemKind.BREAK),
                ),
            ),
            AgendaDay(
                start_time=dt.time(10, 0),
                title="Sketch",
                items=(AgendaItem("Crazy 8s", 8, ItemKind.EXERCISE, "Fold paper"),),
            ),
        ),
    )


@pytest.fixture
def sprint(workshops: WorkshopService) -> Workshop:
    """The sample stored through the service, as read back (with its ids)."""
    workshop_id, _ = workshops.add(sprint_workshop())
    return workshops.get(workshop_id)
