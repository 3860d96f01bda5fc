"""Where the shipped resources (schemas, templates, fonts) are, for the export side: the
source tree, a PyInstaller bundle, or the wheel's data files (the same places the interface
looks in ``ui/resources.py``, which this layer may not import)."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any


def resource_folders() -> list[Path]:
    return [
        Path(__file__).resolve().parents[2] / "resources",
        Path(getattr(sys, "_MEIPASS", "")) / "resources",
        Path(sys.prefix) / "share" / "sprintdesk" / "resources",
    ]


def find_resource(*parts: str, folder: bool = False) -> Path | None:
    """The first existing ``resources/<parts>`` (a file, or a folder with ``folder=True``)."""
    for root in resource_folders():
        path = root.joinpath(*parts)
        if path.is_dir() if folder else path.is_file():
            return path
    return None


@cache
def load_schema(name: str, what: str) -> dict[str, Any]:
    """A shipped JSON Schema by file name; ``what`` names it in the error."""
    path = find_resource("schemas", name)
    if path is None:
        raise FileNotFoundError(f"the {what} schema ({name}) is missing from this installation")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
