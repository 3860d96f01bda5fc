"""When a row was made or last changed (the ``created_at`` and ``updated_at`` stamps): read
from the clock the database was opened with (``open_database(..., clock=...)``: the app's
injected clock), so that a FakeClock drives them too. A session carries that clock in its
``info``; a database opened without one (the command line) stamps by the system clock."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sprintdesk.domain.clock import Clock

CLOCK_KEY = "sprintdesk.clock"


def clock_of(session: Session) -> Clock | None:
    """The clock of the database ``session`` belongs to; None when it was opened without one."""
    clock: Clock | None = session.info.get(CLOCK_KEY)
    return clock
