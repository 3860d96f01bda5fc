"""Exported files get what any program's new file gets, 0666 less the user's umask (0644
under the usual 022), never a private 0600; a file written over keeps its own mode. Every
kind, through the command line (in this process and as a real process)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk.samples import Sample

if TYPE_CHECKING:
    from conftest import Run, RunHere  # tests/cli/conftest.py

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
KINDS = {"--pdf": "s.pdf", "--handout": "h.pdf", "--markdown": "s.md", "--csv": "n.csv", "--json": "w.json"}


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def _modes(folder: Path) -> dict[str, int]:
    return {name: stat.S_IMODE((folder / name).stat().st_mode) for name in KINDS.values()}


def _arguments(folder: Path) -> list[str]:
    return [part for option, name in KINDS.items() for part in (option, str(folder / name))]


@posix_only
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_every_export_kind_gets_the_umask_mode(  # type: ignore[no-untyped-def]
    tmp_path: Path, db_path: Path, sample: Sample, run_here: RunHere, umask, mask: int, mode: int
) -> None:
    umask(mask)
    folder = tmp_path / f"out-{mask:o}"
    folder.mkdir()
    result = run_here("export", str(sample.workshop_id), *_arguments(folder), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert _modes(folder) == dict.fromkeys(KINDS.values(), mode)
    for name in KINDS.values():  # written again over files of another mode: they keep theirs
        (folder / name).chmod(0o640)
    umask(0o077)
    again = run_here("export", str(sample.workshop_id), *_arguments(folder), "--db", str(db_path))
    assert again.returncode == 0, again.stderr
    assert _modes(folder) == dict.fromkeys(KINDS.values(), 0o640)


@posix_only
@pytest.mark.slow  # runs the command line as a process
def test_the_command_line_process_gives_0644_under_umask_022(  # type: ignore[no-untyped-def]
    tmp_path: Path, db_path: Path, sample: Sample, run: Run, umask
) -> None:
    umask(0o022)  # the child inherits it
    result = run("export", str(sample.workshop_id), *_arguments(tmp_path), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert _modes(tmp_path) == dict.fromkeys(KINDS.values(), 0o644)
