"""One typed way for the interface to call a service (the shape of Anki's ``CollectionOp``).

Every screen that changes something calls ``runner.run(lambda: service.something(...))``. The
runner makes the call, applies the one error policy below, publishes the ``Changes`` the call
returned to the hub, and returns the call's own result (typed: ``run`` is generic), or None
when it did not go through. The policy, the same on every screen:

* the model refuses (ValidationError): the reason, as the service words it;
* the database is busy (another program is writing): a "waiting" dialog that names the
  program, retries, and can be cancelled (``busy_wait``); a cancel says nothing was saved;
* any other storage failure (read-only, disk full, a row deleted meanwhile): "Not saved: …";
* anything unexpected: "Not saved: unexpected …", with the traceback in the log, never
  swallowed.

Messages go to the screen's ``report`` sink (its status line, or a message box where the
screen has none), which is where the person is looking. Since a failed call returns None,
the caller keeps what the person typed (quick entry clears only after a save).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

# The error classes, the busy wait and shiboken load on the first failure, not with the
# library window: they are not needed to show it (see benchmarks/startup.py).

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from sprintdesk.services.changes import Changes
    from sprintdesk.ui.shared.hub import ChangeHub

T = TypeVar("T")
Report = Callable[[str], None]
log = logging.getLogger(__name__)

NOT_SAVED = "Not saved"


def changes_in(result: object) -> Changes | None:
    """The Changes a service returned: the value itself, the Changes in a (value, Changes)
    pair, or a result object's ``changes`` attribute."""
    from sprintdesk.services.changes import Changes

    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple):
        return next((part for part in result if isinstance(part, Changes)), None)
    found = getattr(result, "changes", None)
    return found if isinstance(found, Changes) else None


def _expected(error: BaseException) -> bool:
    """A failure the policy words itself (refused, storage, a cancelled wait)."""
    from sprintdesk.services.errors import StorageError, ValidationError
    from sprintdesk.ui.shared.busy_wait import WaitCancelledError

    return isinstance(error, (ValidationError, StorageError, WaitCancelledError))


def failure_message(error: BaseException) -> str:
    """The one wording of a failed call, for every screen."""
    from sprintdesk.services.errors import StorageError, ValidationError
    from sprintdesk.ui.shared.busy_wait import WaitCancelledError

    text = " ".join(str(error).split()).rstrip(".")
    if isinstance(error, ValidationError):
        return text
    if isinstance(error, (StorageError, WaitCancelledError)):
        return f"{NOT_SAVED}: {text}."
    return f"{NOT_SAVED}: unexpected {type(error).__name__}: {text}."


class ServiceRunner:
    """Calls services for one screen: ``hub`` receives the Changes (None: the caller
    publishes), ``report`` shows what went wrong, ``parent`` owns the waiting dialog, and
    ``settled`` (if given) is called after a call went through once one had failed, so a
    status line can drop its "Not saved" (a message box has nothing to take back).

    Services return a value for every call they make (ids, Changes, a result object), so
    None always means "did not go through"."""

    def __init__(
        self,
        hub: ChangeHub | None,
        report: Report,
        parent: QWidget | None = None,
        settled: Callable[[], None] | None = None,
    ) -> None:
        self.hub = hub
        self.report = report
        self.parent = parent
        self.settled = settled
        self._failed = False

    def run(self, call: Callable[[], T], *, publish: bool = True) -> T | None:
        try:
            result = call()
        except Exception as error:
            from sprintdesk.services.errors import DatabaseBusyError

            if not isinstance(error, DatabaseBusyError):
                self._failure(error)
                return None
            from sprintdesk.ui.shared.busy_wait import wait_for_database

            try:
                result = wait_for_database(call, error, self.parent)
            except Exception as later:
                self._failure(later)
                return None
        if self._failed and self.settled is not None:
            self._failed = False
            self.settled()
        changes = changes_in(result)
        if publish and changes is not None and self.hub is not None:
            self.hub.publish(changes)
        return result

    def _failure(self, error: Exception) -> None:
        if not _expected(error):
            log.exception("a service call failed unexpectedly", exc_info=error)
        self._failed = True
        self._say(failure_message(error))

    def _say(self, message: str) -> None:
        """Through the screen's sink, unless the screen went away meanwhile (its window was
        closed during a wait): then only the log keeps it."""
        import shiboken6

        if self.parent is not None and not shiboken6.isValid(self.parent):
            log.warning("%s (the window it was for is closed)", message)
            return
        self.report(message)

    def attempt(self, call: Callable[[], T]) -> T | None:
        """``run`` without publishing: for calls whose Changes the caller hands on itself."""
        return self.run(call, publish=False)
