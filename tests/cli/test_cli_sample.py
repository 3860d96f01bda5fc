"""The sample workshop through the command line, while the database is open here (as when
the app runs): exported to a workshop file, imported into another database, and its
outcomes listed there as they were made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk import samples
from sprintdesk.samples import Sample

if TYPE_CHECKING:
    from conftest import Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # runs the command line as a process


def test_the_sample_exported_and_imported_by_the_command_line(
    tmp_path: Path, db_path: Path, sample: Sample, run: Run
) -> None:
    target, other = tmp_path / "sample.json", tmp_path / "other.sqlite3"
    exported = run("export", str(sample.workshop_id), "--json", str(target), "--db", str(db_path))
    assert exported.returncode == 0, exported.stderr
    imported = run("import", str(target), "--db", str(other))
    assert imported.returncode == 0, imported.stderr
    new_id = imported.stdout.strip()
    listed = json.loads(run("list", "--json", "--db", str(other)).stdout)
    assert [(w["title"], w["days"]) for w in listed] == [(samples.TITLE, 2)]
    outcomes = json.loads(run("outcomes", new_id, "--json", "--db", str(other)).stdout)
    assert [d["text"] for d in outcomes["decisions"]] == list(samples.DECISIONS)
    assert [(a["text"], a["status"], a["owner"]) for a in outcomes["action_items"]] == [
        (text, "done" if index == 0 else "open", owner or None)
        for index, (text, owner, _due) in enumerate(samples.ACTIONS)
    ]
