"""Fixtures for the storage tests: real SQLite files in tmp_path."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sprintdesk.domain.workshop import (
    AgendaDay,
    AgendaItem,
    ItemKind,
    Participant,
    Role,
    Workshop,
)
from sprintdesk.storage import workshop_repository
from sprintdesk.storage.database import Database, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sprintdesk.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def fake_now(monkeypatch: pytest.MonkeyPatch) -> Callable[[], dt.datetime]:
    """Make the repositories' ``updated_at`` stamps strictly increasing, one second apart."""
    ticks = itertools.count()
    origin = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)

    def now() -> dt.datetime:
        return origin + dt.timedelta(seconds=next(ticks))

    monkeypatch.setattr(workshop_repository, "_now", now)
    return now


def sprint_workshop(title: str = "Design sprint") -> Workshop:
    """A two-day workshop with participants and items of every kind."""
    return Workshop(
        title=title,
        goal="Decide on the onboarding flow",
        start_date=dt.date(2026, 12, 1),
        facilitator="Ana Facilitator",
        participants=(
            Participant("Dee Decider", Role.DECIDER),
            Participant("Uma", Role.UX),
            Participant("Eli", Role.ENGINEERING),
        ),
        days=(
            AgendaDay(
                start_time=dt.time(9, 30),
                title="Map",
                items=(
                    AgendaItem("Intro", 15, ItemKind.PRESENTATION, "Say hello", "bring clicker"),
                    AgendaItem("Long-term goal", 30, ItemKind.DISCUSSION),
                    AgendaItem("Coffee", 10, ItemKind.BREAK),
                ),
            ),
            AgendaDay(
                start_time=dt.time(10, 0),
                title="Sketch",
                items=(AgendaItem("Crazy 8s", 8, ItemKind.EXERCISE, "Fold paper in 8"),),
            ),
        ),
    )


@pytest.fixture
def make_workshop() -> Callable[..., Workshop]:
    return sprint_workshop
