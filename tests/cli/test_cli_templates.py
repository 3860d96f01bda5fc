"""``sprintdesk templates`` and ``sprintdesk new --template``, run as real processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk.export.interchange.template_file import builtin_templates

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process


def test_templates_lists_slug_title_days_and_minutes(run: Run) -> None:
    result = run("templates")
    assert result.returncode == 0, result
    lines = result.stdout.strip().splitlines()
    templates = builtin_templates()
    assert len(lines) == len(templates)
    for line, template in zip(lines, templates, strict=True):
        assert line.startswith(template.slug + " ")
        assert template.title in line
        assert f"{len(template.days)} day" in line
        assert f"{template.total_minutes} min" in line


def test_templates_json(run: Run) -> None:
    result = run("templates", "--json")
    assert result.returncode == 0, result
    payload = json.loads(result.stdout)
    by_slug = {entry["slug"]: entry for entry in payload}
    assert by_slug["design-sprint"]["days"] == 5
    assert by_slug["lightning-decision-jam"]["total_minutes"] == 45
    assert "Sprint" in by_slug["design-sprint"]["source"]
    assert set(payload[0]) == {"slug", "title", "days", "total_minutes", "source", "personal"}
    assert not any(entry["personal"] for entry in payload)


def test_new_from_a_template(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    result = run("new", "--template", "design-sprint", "--date", "2026-12-07", "--db", str(db))
    assert result.returncode == 0, result
    new_id = int(result.stdout.strip())
    titled = run("new", "--template", "retrospective", "--title", "Q4 retro", "--db", str(db))
    assert titled.returncode == 0, titled
    listed = {w["id"]: w for w in json.loads(run("list", "--json", "--db", str(db)).stdout)}
    assert listed[new_id]["title"] == "Design Sprint (five days)"
    assert listed[new_id]["days"] == 5
    assert listed[new_id]["date"] == "2026-12-07"
    assert listed[new_id]["total_minutes"] == 1883
    assert listed[int(titled.stdout.strip())]["title"] == "Q4 retro"


def test_new_with_an_unknown_template_lists_the_slugs(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    db = tmp_path / "w.sqlite3"
    result = run("new", "--template", "hackathon", "--db", str(db))
    one_line_error(result, "hackathon", "design-sprint", "retrospective", "blank")
    assert not db.exists()


def test_new_needs_a_title_or_a_template(tmp_path: Path, run: Run, one_line_error: OneLineError) -> None:
    result = run("new", "--db", str(tmp_path / "w.sqlite3"))
    one_line_error(result, "--title", "--template", code=2)
    bad = run("new", "--template", "blank", "--date", "someday", "--db", str(tmp_path / "w.sqlite3"))
    one_line_error(bad, "someday")
