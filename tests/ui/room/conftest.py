"""The room's widget tests: a workshop window of the desk (real SQLite, real room server on
127.0.0.1 with an ephemeral port), with a board linked to its first agenda item, and only
the loopback interface offered in "Let participants join…" (nothing binds elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import shiboken6

from sprintdesk.app import SprintDesk
from sprintdesk.ui.workshop.window import WorkshopWindow


@dataclass(frozen=True)
class Loopback:
    name: str = "lo"
    address: str = "127.0.0.1"
    is_default: bool = True


@pytest.fixture
def board_id(desk: SprintDesk, workshop_id: int) -> int:
    """A board linked to the first agenda item (the running item's board)."""
    board, _ = desk.boards.create(workshop_id, "Ideas")
    first = desk.workshops.get(workshop_id).items()[0]
    assert first.id is not None
    desk.boards.link_item(first.id, board)
    return board


@pytest.fixture
def window(desk: SprintDesk, workshop_id: int, board_id: int, qtbot) -> Iterator[WorkshopWindow]:  # type: ignore[no-untyped-def]
    opened = desk.open_workshop(workshop_id)
    assert opened is not None and opened.room is not None
    opened.room.interfaces = lambda: [Loopback()]
    qtbot.waitUntil(lambda: opened.run_panel.board_id == board_id)
    yield opened
    if shiboken6.isValid(opened):
        opened.close()  # stops joining: nothing listens after the test
