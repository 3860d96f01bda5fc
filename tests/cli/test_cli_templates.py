"""``sprintdesk templates`` and ``sprintdesk new --template``, run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sprintdesk.export.interchange.template_file import builtin_templates


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sprintdesk", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sprintdesk: error: "), lines[0]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_templates_lists_slug_title_days_and_minutes() -> None:
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


def test_templates_json() -> None:
    result = run("templates", "--json")
    assert result.returncode == 0, result
    payload = json.loads(result.stdout)
    by_slug = {entry["slug"]: entry for entry in payload}
    assert by_slug["design-sprint"]["days"] == 5
    assert by_slug["lightning-decision-jam"]["total_minutes"] == 45
    assert "Sprint" in by_slug["design-sprint"]["source"]
    assert set(payload[0]) == {"slug", "title", "days", "total_minutes", "source", "personal"}
    assert not any(entry["personal"] for entry in payload)


def test_new_from_a_template(tmp_path: Path) -> None:
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


def test_new_with_an_unknown_template_lists_the_slugs(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite3"
    result = run("new", "--template", "hackathon", "--db", str(db))
    assert_one_line_error(result, 1, "hackathon", "design-sprint", "retrospective", "blank")
    assert not db.exists()


def test_new_needs_a_title_or_a_template(tmp_path: Path) -> None:
    result = run("new", "--db", str(tmp_path / "w.sqlite3"))
    assert_one_line_error(result, 2, "--title", "--template")
    bad = run("new", "--template", "blank", "--date", "someday", "--db", str(tmp_path / "w.sqlite3"))
    assert_one_line_error(bad, 1, "someday")
