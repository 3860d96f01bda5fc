"""Make the screenshots in docs/ from the rehearsal: the same short retrospective the test
suite plays end to end (tests/ui/rehearsal_play.py), on a laptop screen and the room's
projector and wall screen, offscreen, with a fake clock. What the README shows is what the
test asserts.

.venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "ui"))

from rehearsal_run import run_rehearsal  # noqa: E402

# The rehearsal's grabs the docs keep, by the name they keep them under.
KEPT = ("library", "agenda", "run", "board", "presenter", "presenter-wall", "outcomes")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        grabs = Path(folder) / "grabs"
        done = run_rehearsal(Path(folder) / "rehearsal", grabs)
        if done.returncode != 0:
            print(done.stdout[-4000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
            print("make_screenshots: error: the rehearsal failed; nothing was replaced", file=sys.stderr)
            return 1
        for name in KEPT:
            shutil.copyfile(grabs / f"{name}.png", HERE / f"{name}.png")
    print("wrote", ", ".join(f"docs/{name}.png" for name in KEPT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
