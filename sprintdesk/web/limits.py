"""How many connections fit in this process's file descriptors.

Every connection is a socket, and sockets share the process's ``RLIMIT_NOFILE`` with SQLite
and the app's own files. Many Linux desktops start programs with a soft limit of 1024, so
2,000 phones would meet EMFILE (asyncio then stops accepting for a second at a time and new
phones hang instead of hearing "the room is full"). At server start the soft limit is raised
towards the hard one; when that is not enough, the server takes fewer connections and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

FD_RESERVE = 128  # descriptors left for the app: the database, its -wal and -shm, Qt, fonts, logs
Limits = tuple[int, int]


def _system() -> tuple[Callable[[], Limits], Callable[[int, int], None]] | None:
    try:
        import resource
    except ImportError:  # not POSIX: nothing to raise
        return None

    def get() -> Limits:
        return resource.getrlimit(resource.RLIMIT_NOFILE)

    def set_(soft: int, hard: int) -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    return get, set_


def fit_connection_limit(
    wanted: int,
    get: Callable[[], Limits] | None = None,
    set_: Callable[[int, int], None] | None = None,
) -> int:
    """Raise the soft file limit so that ``wanted`` connections and FD_RESERVE more fit (never
    above the hard limit); the number of connections that fit (``wanted`` when they all do)."""
    if get is None or set_ is None:
        system = _system()
        if system is None:
            return wanted
        get, set_ = get or system[0], set_ or system[1]
    soft, hard = get()
    need = wanted + FD_RESERVE
    if 0 <= soft < need:
        target = need if hard < 0 else min(need, hard)  # a negative hard limit is "unlimited"
        try:
            set_(target, hard)
            soft = target
        except (ValueError, OSError) as error:
            log.warning("could not raise the open-file limit from %d to %d: %s", soft, target, error)
    if soft < 0 or soft >= need:
        return wanted
    fitted = max(1, soft - FD_RESERVE)
    log.warning(
        "the room's server takes at most %d connections (not %d): this process may open only %d files",
        fitted,
        wanted,
        soft,
    )
    return fitted
