"""Fixtures for the service tests (the database, the clock and the whole sample are in
tests/conftest.py): the sample workshop stored alone, further connections, raw rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sprintdesk.domain.workshop import Workshop
from sprintdesk.samples import sample_workshop
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database, open_database

TABLES = ("workshops", "participants", "agenda_days", "agenda_items", "run_events")


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
def sprint(workshops: WorkshopService) -> Workshop:
    """The sample workshop stored through the service (no board or outcomes yet), as read
    back with its ids."""
    workshop_id, _ = workshops.add(sample_workshop())
    return workshops.get(workshop_id)
