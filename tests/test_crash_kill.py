"""Kill test (issue 6): a child making real edits through the services is SIGKILLed at random
moments; after each kill the database passes ``PRAGMA integrity_check`` and holds every edit
the child acknowledged. The driver and the checks are in ``tests/crash_child.py``; the longer
run is ``benchmarks/kill_test.py``."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crash_child

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
