"""Another program holding a database's write lock, for the "busy is not damaged" tests.

``hold(path)`` starts a real process (Python's sqlite3, as the sqlite3 shell would) that
opens the database, takes its write lock (``BEGIN IMMEDIATE``, or ``EXCLUSIVE`` which also
keeps readers out of a rollback-journal file) and keeps it until ``release()``. Its stdin
closing (the test process gone) ends it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN " + sys.argv[2])
connection.execute("CREATE TABLE IF NOT EXISTS held_by_another_program (x)")
print("locked", flush=True)
sys.stdin.readline()
connection.execute(sys.argv[3])
print("ended", flush=True)
connection.close()
"""


class HeldLock:
    def __init__(self, path: Path, kind: str = "IMMEDIATE", *, commit: bool = False) -> None:
        self.committed = False
        self.commit = commit
        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(path), kind, "COMMIT" if commit else "ROLLBACK"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "locked", f"the lock holder did not start: {line!r}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("go\n")
            self.process.stdin.flush()
            assert self.process.stdout is not None
            self.committed = self.commit and self.process.stdout.readline().strip() == "ended"
            self.process.wait(timeout=30)

    def __enter__(self) -> HeldLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
        if self.process.poll() is None:
            self.process.kill()


def hold(path: Path, kind: str = "IMMEDIATE", *, commit: bool = False) -> HeldLock:
    """``commit``: the other program commits its change at release (else it rolls back)."""
    return HeldLock(path, kind, commit=commit)
