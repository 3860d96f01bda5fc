"""Where the shipped resources (icons, sounds) are: the source tree, or a bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    candidates = [
        Path(__file__).resolve().parents[3] / "resources",  # source tree / editable install
        Path(getattr(sys, "_MEIPASS", "")) / "resources",  # PyInstaller bundle
        Path(sys.prefix) / "share" / "sprintdesk" / "resources",  # wheel data-files
    ]
    for candidate in candidates:
        if (candidate / "icons" / "light").is_dir():
            return candidate
    raise FileNotFoundError("SprintDesk's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
