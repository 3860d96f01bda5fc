"""The rehearsal, end to end: a short retrospective played through the real windows on a
laptop screen and the room's screens (tests/ui/rehearsal_play.py, run in a child pytest whose
offscreen platform has three screens). Its grabs are kept under the test's tmp_path: look
at them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rehearsal_run import run_rehearsal


@pytest.mark.slow
def test_a_short_workshop_on_the_room_screen(tmp_path: Path) -> None:
    done = run_rehearsal(tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout, done.stdout[-2000:]
    grabs = sorted(p.name for p in (tmp_path / "run").rglob("grabs/*.png"))
    assert {"presenter.png", "presenter-wall.png", "board.png", "run.png"} <= set(grabs), grabs
