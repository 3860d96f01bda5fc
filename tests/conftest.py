"""Shared test set-up: Qt runs offscreen and never touches the user's settings or data; the
one database fixture (``db_path``, ``db``) and the sample workshop (``sample``) of every
package."""

from __future__ import annotations

import os

# Before anything imports Qt. A run may bring its own offscreen screens
# ("offscreen:configfile=screens.json": the rehearsal's laptop and projectors).
if not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen:configfile="):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("SPRINTDESK_DB", None)

import datetime as dt
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sprintdesk.domain.clock import FakeClock
from sprintdesk.samples import Sample, build_sample
from sprintdesk.services.bundle import Services
from sprintdesk.storage.database import Database, open_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lock_guard

LOCK_GUARD = lock_guard.install()


@pytest.fixture(autouse=True)
def _no_live_database_opened() -> Iterator[None]:
    """Fails a test in which anything opened, with Python, a file this process holds SQLite
    locks on (even when the error the guard raised was caught): see tests/lock_guard.py."""
    before = len(lock_guard.violations)
    yield
    found = lock_guard.violations[before:]
    assert not found, "a live database was opened outside SQLite:\n" + "\n".join(found)


# Programs a quick test may start: the PDF tests read their output back with poppler, and
# the PDF export looks fonts up with fontconfig. Anything else makes a test slow.
QUICK_PROGRAMS = frozenset({"pdftoppm", "pdftotext", "pdffonts", "fc-match", "fc-list"})


@pytest.fixture(autouse=True)
def _processes_only_in_slow_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fails a test that starts another program (the command line, a lock holder, a second
    SprintDesk, a forked child) without being marked ``slow``, so that ``pytest -m "not slow"``
    stays the quick loop it is meant to be."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    started: list[str] = []
    popen_init, fork = subprocess.Popen.__init__, os.fork

    def init(self: subprocess.Popen[Any], args: Any, *rest: Any, **options: Any) -> None:
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        if Path(str(argv[0])).name not in QUICK_PROGRAMS:
            started.append(" ".join(str(part) for part in argv)[:80])
        popen_init(self, args, *rest, **options)

    def forked() -> int:
        started.append("os.fork()")
        return fork()

    monkeypatch.setattr(subprocess.Popen, "__init__", init)
    monkeypatch.setattr(os, "fork", forked)
    yield
    assert not started, "this test starts other programs; mark it @pytest.mark.slow: " + "; ".join(started)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """platformdirs and QSettings resolve under a throwaway home for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("SPRINTDESK_DB", raising=False)


# -- the database and the sample workshop every package uses ----------------------------------
@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives: a real SQLite file in tmp_path (not created yet)."""
    return tmp_path / "sprintdesk.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """The test's database, opened (created and migrated) like the app opens it."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def clock() -> FakeClock:
    """The Monday morning the sample workshop starts (packages may move it)."""
    return FakeClock(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def services(db: Database, clock: FakeClock) -> Services:
    """Every service on the test's database."""
    return Services.of(db, clock)


@pytest.fixture
def sample(services: Services) -> Sample:
    """The sample workshop (sprintdesk/samples.py) stored whole: people, agenda, a clustered
    and voted board, outcomes."""
    return build_sample(services)
