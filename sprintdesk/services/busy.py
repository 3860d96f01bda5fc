"""How long a service call waits for another program's lock on the database: the interface
retries a call that found the database busy with a short wait, so that it never blocks."""

from sprintdesk.storage.busy import BUSY_TIMEOUT_MS, busy_timeout

__all__ = ["BUSY_TIMEOUT_MS", "busy_timeout"]
