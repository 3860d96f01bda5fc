"""Every reading of the time goes through the injected clock (sprintdesk/domain/clock.py):
services, the interface and the repositories' stamps ask a ``Clock``, so tests drive them
with a FakeClock. This scans the package for direct readings (``datetime.now()``,
``date.today()``, ``time.time()``, ``time.monotonic()``, Qt's ``QDate.currentDate()``...)
and fails on one outside the allow-list below.

The allow-list names functions by their qualified name, not by file, because files move
between packages (a direct reading moved with its function stays allowed; one in a new
function is not). An entry that matches nothing fails too, so the list only shrinks."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sprintdesk"

ALLOWED: dict[str, str] = {
    # The one real clock; everything else is handed a Clock (SystemClock in the app).
    "SystemClock.monotonic": "domain/clock.py: the machine's monotonic clock",
    "SystemClock.utc_now": "domain/clock.py: the machine's wall clock",
    # Storage's own files stay on the system clock: the names and ages of backups, a lock's
    # start, the copy kept before a restore and the age of leftover files are compared with
    # each other, with file modification times and across processes, never shown as a time
    # of the workshop. take_backup and prune take ``now`` for their tests.
    "take_backup": "storage/backup.py: a backup's name",
    "prune": "storage/backup.py: which backups are old",
    "acquire_lock": "storage/lock.py: since when this process holds the database",
    "_keep_raw_copy": "storage/restore.py: the name of the copy of an unreadable file",
    "_abandoned": "storage/leftovers.py: a leftover file's age, against its modification time",
    # Defaults of the file formats for callers that give no time: the services pass their
    # clock's (WorkshopFileService.export passes ``exported_at``). Export is being split
    # into packages in this issue; a follow-up can make these parameters required.
    "to_document": "export/workshop_file.py: exported_at when none is given",
    "read_outcomes": "export/workshop_file_outcomes.py: created_at of an outcome a file leaves out",
}

_DATETIME_READINGS = {"now", "utcnow", "today"}  # on datetime, date (a date's today too)
_TIME_READINGS = {
    "time",
    "time_ns",
    "monotonic",
    "monotonic_ns",
    "perf_counter",
    "perf_counter_ns",
    "process_time",
    "clock_gettime",
    "clock_gettime_ns",
}
_TIME_NOW_WITHOUT_ARGUMENTS = {"localtime", "gmtime", "ctime", "asctime"}  # with none: now
_QT_READINGS = {
    "currentDate",
    "currentTime",
    "currentDateTime",
    "currentDateTimeUtc",
    "currentMSecsSinceEpoch",
    "currentSecsSinceEpoch",
}


def _dotted(node: ast.expr) -> list[str]:
    """``dt.datetime.now`` -> ["dt", "datetime", "now"]; [] for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return []


def is_clock_reading(call: ast.Call, imported: dict[str, str]) -> bool:
    """Whether ``call`` reads the time directly. ``imported`` maps names brought in with
    ``from time import monotonic`` (and the like) to "time.monotonic"."""
    parts = _dotted(call.func)
    if len(parts) == 1 and parts[0] in imported:
        parts = imported[parts[0]].split(".")
    if len(parts) < 2:
        return False
    owner, name = parts[-2], parts[-1]
    if name in _DATETIME_READINGS and owner in ("datetime", "date"):
        return True
    if owner == "time" and name in _TIME_READINGS:
        return True
    if owner == "time" and name in _TIME_NOW_WITHOUT_ARGUMENTS and not call.args:
        return True
    if owner == "time" and name == "strftime" and len(call.args) == 1:
        return True
    return owner in ("QDate", "QTime", "QDateTime") and name in _QT_READINGS


class _Finder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.scope: list[str] = []
        self.imported: dict[str, str] = {}
        self.found: list[tuple[str, int]] = []  # (qualified name of the function, line)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module in ("time", "datetime"):
            for alias in node.names:
                self.imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scoped(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scoped(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node)

    def visit_Call(self, node: ast.Call) -> None:
        if is_clock_reading(node, self.imported):
            self.found.append((".".join(self.scope) or "<module>", node.lineno))
        self.generic_visit(node)


def clock_readings(source: str) -> list[tuple[str, int]]:
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


@functools.cache
def _scan() -> dict[str, list[str]]:
    """Qualified function name -> where it reads the time directly."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for qualname, line in clock_readings(path.read_text(encoding="utf-8")):
            found.setdefault(qualname, []).append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return found


def test_no_direct_reading_of_the_time_outside_the_allow_list() -> None:
    found = _scan()
    unexpected = [
        f"{where} in {name}" for name, places in found.items() if name not in ALLOWED for where in places
    ]
    assert not unexpected, (
        "read the time through the injected Clock (sprintdesk/domain/clock.py: clock.utc_now(), "
        "local_today(clock), local_now(clock)) instead of directly: " + "; ".join(unexpected)
    )


def test_every_allowed_reading_still_exists() -> None:
    found = _scan()
    stale = sorted(name for name in ALLOWED if name not in found)
    assert not stale, f"these are no longer direct readings; take them off ALLOWED: {stale}"


def test_the_scan_sees_every_way_of_reading_the_time() -> None:
    source = """
import datetime as dt
import time
from datetime import date, datetime
from time import monotonic as mono
from PySide6.QtCore import QDate

def readings():
    dt.datetime.now(dt.UTC)
    dt.date.today()
    datetime.utcnow()
    date.today()
    time.time()
    time.monotonic()
    mono()
    time.localtime()
    time.strftime("%H:%M")
    QDate.currentDate()

class Panel:
    def refresh(self):
        def inner():
            return datetime.now()
        return inner

def not_readings(clock, stamp):
    clock.utc_now()
    clock.monotonic()
    dt.datetime.fromtimestamp(stamp, dt.UTC)
    time.localtime(stamp)
    time.strftime("%H:%M", time.gmtime(stamp))
    time.sleep(0.1)
    datetime(2026, 12, 1).date()
"""
    found = clock_readings(source)
    assert [name for name, _line in found] == ["readings"] * 10 + ["Panel.refresh.inner"]
