"""Shared test set-up: Qt runs offscreen and never touches the user's settings or data."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt
os.environ.pop("SPRINTDESK_DB", None)

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """platformdirs and QSettings resolve under a throwaway home for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("SPRINTDESK_DB", raising=False)
