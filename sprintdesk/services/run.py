"""Running an agenda live: every transition is written to the run log before it shows."""

from __future__ import annotations

from collections.abc import Callable

from sprintdesk.domain.agenda_run import AgendaRun, RunStatus
from sprintdesk.domain.clock import Clock
from sprintdesk.domain.run_events import RunEvent
from sprintdesk.services.changes import Changes
from sprintdesk.storage import run_log_repository as log
from sprintdesk.storage import workshop_repository
from sprintdesk.storage.database import Database


class LiveRun:
    """The run of one workshop. Methods change the run, persist the event in one
    transaction, and return Changes (empty when nothing happened)."""

    def __init__(self, db: Database, workshop_id: int, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self.workshop_id = workshop_id
        self.run: AgendaRun | None = None
        self.reload()

    def reload(self) -> None:
        """Rebuild from the database (after an agenda edit, or on reopening)."""
        with self._db.session() as session:
            workshop = workshop_repository.get_workshop(session, self.workshop_id)
            events = log.list_events(session, self.workshop_id)
        self.run = AgendaRun.restore(workshop, events, self._clock) if workshop.items() else None

    def status(self) -> RunStatus | None:
        return self.run.status() if self.run else None

    def actual_seconds(self, item_id: int) -> float:
        if self.run is None or item_id not in self.run.timers:
            return 0.0
        return self.run.actual_seconds(item_id)

    def actuals(self) -> dict[int, tuple[float, bool]]:
        """Actual seconds of every item so far, and whether it ran over its time."""
        if self.run is None:
            return {}
        now = self._clock.monotonic()
        return {
            item_id: (timer.elapsed(now), timer.remaining(now) < 0)
            for item_id, timer in self.run.timers.items()
        }

    def _apply(self, action: Callable[[AgendaRun], RunEvent | None]) -> Changes:
        if self.run is None:
            return Changes()
        run_event = action(self.run)
        if run_event is None:
            return Changes()
        try:
            with self._db.session() as session:
                log.append_event(session, self.workshop_id, run_event)
        except Exception:
            self.reload()  # the event is not on disk: neither is it in memory
            raise
        item_ids = {run_event.item_id}
        if run_event.target_id is not None:
            item_ids.add(run_event.target_id)
        return Changes(workshop_id=self.workshop_id, run=True, item_ids=frozenset(item_ids))

    def start(self) -> Changes:
        return self._apply(AgendaRun.start)

    def pause(self) -> Changes:
        return self._apply(AgendaRun.pause)

    def toggle(self) -> Changes:
        return self._apply(AgendaRun.toggle)

    def extend(self, seconds: float) -> Changes:
        return self._apply(lambda run: run.extend(seconds))

    def next(self) -> Changes:
        return self._apply(AgendaRun.next)

    def previous(self) -> Changes:
        return self._apply(AgendaRun.previous)

    def restart(self) -> Changes:
        return self._apply(AgendaRun.restart)

    def select(self, item_id: int) -> Changes:
        return self._apply(lambda run: run.select(item_id))

    def reset(self) -> Changes:
        """Forget the whole run log of this workshop (start the day over)."""
        with self._db.session() as session:
            log.clear_events(session, self.workshop_id)
        self.reload()
        return Changes(workshop_id=self.workshop_id, run=True)
