"""Make the screenshots in docs/ from the rehearsal: the same short retrospective the test
suite plays end to end (tests/ui/rehearsal_play.py), on a laptop screen and the room's
projector and wall screen, offscreen, with a fake clock. What the README shows is what the
test asserts. Then the first run and the sample workshop for docs/user-guide.md
(tests/ui/first_run_grabs.py: a new database's library, "Open a sample workshop" pressed).

.venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "ui"))

from rehearsal_run import run_rehearsal  # noqa: E402

# The rehearsal's grabs the docs keep, by the name they keep them under.
KEPT = ("library", "agenda", "run", "board", "presenter", "presenter-wall", "outcomes")
FIRST_RUN = HERE.parent / "tests" / "ui" / "first_run_grabs.py"
FIRST_RUN_KEPT = ("first-run", "sample-board", "sample-outcomes", "sample-follow-up")


def grab_first_run(folder: Path) -> subprocess.CompletedProcess[str]:
    """The first run's grabs into ``folder / "grabs"``, offscreen, in a child process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, str(FIRST_RUN), str(folder / "grabs"), str(folder / "work")]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        grabs = Path(folder) / "grabs"
        done = run_rehearsal(Path(folder) / "rehearsal", grabs)
        if done.returncode != 0:
            print(done.stdout[-4000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
            print("make_screenshots: error: the rehearsal failed; nothing was replaced", file=sys.stderr)
            return 1
        first = grab_first_run(Path(folder) / "first-run")
        if first.returncode != 0:
            print(first.stdout[-4000:], first.stderr[-2000:], sep="\n", file=sys.stderr)
            print("make_screenshots: error: the first-run grabs failed; nothing replaced", file=sys.stderr)
            return 1
        for name in KEPT:
            shutil.copyfile(grabs / f"{name}.png", HERE / f"{name}.png")
        for name in FIRST_RUN_KEPT:
            shutil.copyfile(Path(folder) / "first-run" / "grabs" / f"{name}.png", HERE / f"{name}.png")
    print("wrote", ", ".join(f"docs/{name}.png" for name in (*KEPT, *FIRST_RUN_KEPT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
