"""Runs the rehearsal (tests/ui/rehearsal_play.py) in a child pytest whose offscreen platform
has three screens: the facilitator's laptop and the room's projector and wall screen. Used by
tests/ui/test_rehearsal.py and docs/make_screenshots.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# name, width, height: side by side, left to right
SCREENS = (("Laptop", 1366, 768), ("Projector", 1280, 720), ("Wall screen", 1920, 1080))


def screens_config(folder: Path) -> Path:
    """The offscreen platform's configuration file for the three screens."""
    x = 0
    screens = []
    for name, width, height in SCREENS:
        screens.append(
            {
                "name": name,
                "x": x,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        )
        x += width
    path = folder / "screens.json"
    path.write_text(
        json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False, "screens": screens})
    )
    return path


def run_rehearsal(folder: Path, grabs: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The rehearsal in a child pytest; its temporary files under ``folder``, its grabs in
    ``grabs`` (else under ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens_config(folder)}")
    env.pop("PYTEST_ADDOPTS", None)
    if grabs is not None:
        env["SPRINTDESK_GRABS"] = str(grabs)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--basetemp={folder / 'run'}",
        str(HERE / "rehearsal_play.py"),
    ]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
