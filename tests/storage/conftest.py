"""Fixtures for the storage tests (the database is tests/conftest.py's ``db``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable

import pytest

from sprintdesk.domain.workshop import Workshop
from sprintdesk.samples import sample_workshop
from sprintdesk.storage import workshop_repository


@pytest.fixture
def fake_now(monkeypatch: pytest.MonkeyPatch) -> Callable[[], dt.datetime]:
    """Make the repositories' ``updated_at`` stamps strictly increasing, one second apart."""
    ticks = itertools.count()
    origin = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)

    def now() -> dt.datetime:
        return origin + dt.timedelta(seconds=next(ticks))

    monkeypatch.setattr(workshop_repository, "_now", now)
    return now


def sprint_workshop(title: str | None = None) -> Workshop:
    """The sample workshop (two days, four people, items of every kind), under another
    title when the test needs several."""
    workshop = sample_workshop()
    return workshop if title is None else dataclasses.replace(workshop, title=title)


@pytest.fixture
def make_workshop() -> Callable[..., Workshop]:
    return sprint_workshop
