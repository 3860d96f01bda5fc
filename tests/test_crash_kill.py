"""Kill test (issue 6): a child making real edits through the services is SIGKILLed at random
moments; after each kill the database passes ``PRAGMA integrity_check`` and holds every edit
the child acknowledged. The driver and the checks are in ``tests/crash_child.py``; the longer
run is ``benchmarks/kill_test.py``.

Issue 10 adds other programs on the same file (``tests/crash_others.py``): the child also backs
up and imports, while ``sprintdesk list``, ``export --json``, ``import-notes`` and the ``sqlite3``
shell open and close the database at random moments; every acknowledged edit and every import
that reported success must survive the kill, and a clean close too."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crash_child
import crash_others

pytestmark = pytest.mark.slow  # kills SprintDesk (and other programs) hundreds of times

KILLS = 24


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select() on pipes are POSIX")
def test_every_acknowledged_edit_survives_sigkill(tmp_path: Path) -> None:
    db_path = tmp_path / "killed.sprintdesk"  # one file for every kill: damage would add up
    rng = random.Random(6)
    expected: crash_child.State = {}
    acked = checked = committed_unacked = 0
    pending_ops: set[str] = set()
    for kill in range(KILLS):
        delay = rng.uniform(0.02, 0.3)  # from the child's first acknowledged edit
        result = crash_child.kill_round(db_path, f"test-{kill}", delay, expected)
        assert not result.failures, f"kill {kill} (after {delay * 1000:.0f} ms): {result.failures[:10]}"
        assert result.integrity == "ok"
        assert result.acked >= 1
        acked += result.acked
        checked += result.objects_checked
        committed_unacked += result.pending_committed
        if result.pending_op:
            pending_ops.add(result.pending_op)
    # The kills landed in the middle of different kinds of edits, and the database grew.
    assert len(pending_ops) >= 3, pending_ops
    assert acked >= KILLS * 5
    assert checked > acked
    assert sum(1 for value in expected.values() if value is not None) > 20


OTHER_KILLS = 24
CLEAN_CLOSES = 6


def _rounds_with_others(db_path: Path, rounds: int, *, clean_close: bool, seed: int) -> crash_others.Outside:
    if crash_others.sqlite3_shell() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the sqlite3 shell (Debian's sqlite3) is needed in CI")
        pytest.skip("the sqlite3 shell is not installed (Debian's sqlite3)")
    rng = random.Random(seed)
    outside = crash_others.Outside(db_path, db_path.parent, rng)
    outside.set_up()
    expected: crash_child.State = {}
    pending_ops: set[str] = set()
    for round_no in range(rounds):
        delay = rng.uniform(0.3, 1.2)
        events = outside.events(delay, rng.randint(2, 4))
        result = crash_child.kill_round(
            db_path,
            f"others-{seed}-{round_no}",
            delay,
            expected,
            others=True,
            events=events,
            clean_close=clean_close,
        )
        outside.finish()
        failures = result.failures + outside.failures + outside.verify()
        assert not failures, f"round {round_no} ({delay * 1000:.0f} ms): {failures[:10]}"
        assert result.integrity == "ok"
        assert result.acked >= 1
        if result.pending_op:
            pending_ops.add(result.pending_op)
    assert outside.imported, "no import reported success: the run proved nothing about imports"
    assert all(outside.counts[kind] for kind in crash_others.KINDS), outside.counts
    if not clean_close:
        assert len(pending_ops) >= 3, pending_ops
    return outside


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select() on pipes are POSIX")
def test_acknowledged_edits_and_imports_survive_sigkill_beside_other_programs(tmp_path: Path) -> None:
    outside = _rounds_with_others(tmp_path / "shared.sprintdesk", OTHER_KILLS, clean_close=False, seed=10)
    assert sum(outside.counts.values()) >= OTHER_KILLS * 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM handling and select() on pipes are POSIX")
def test_acknowledged_edits_and_imports_survive_a_clean_close_beside_other_programs(tmp_path: Path) -> None:
    _rounds_with_others(tmp_path / "closed.sprintdesk", CLEAN_CLOSES, clean_close=True, seed=11)
