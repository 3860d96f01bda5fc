"""``save-template``, ``template-export``, ``template-import``, ``template-rename``,
``template-delete``, ``methods`` and ``templates`` with personal ones, as real processes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process


def _personal_rows(db: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT slug, title FROM personal_templates ORDER BY id").fetchall()
    finally:
        connection.close()


def test_save_list_export_import_and_new_from_a_personal_template(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    workshop_id = run("new", "--template", "lightning-decision-jam", "--db", str(db)).stdout.strip()
    saved = run("save-template", workshop_id, "--title", "Our jam", "--db", str(db))
    assert saved.returncode == 0, saved
    assert saved.stdout.strip() == "saved “Our jam” as the template our-jam"
    listed = run("templates", "--db", str(db))
    last = listed.stdout.strip().splitlines()[-1]
    assert last.startswith("our-jam ") and last.endswith("(yours)") and "45 min" in last
    payload = json.loads(run("templates", "--json", "--db", str(db)).stdout)
    assert [(e["slug"], e["personal"]) for e in payload if e["personal"]] == [("our-jam", True)]
    target = tmp_path / "our-jam.json"
    exported = run("template-export", "our-jam", str(target), "--db", str(db))
    assert exported.returncode == 0, exported
    assert json.loads(target.read_text())["title"] == "Our jam"
    other = tmp_path / "other.sqlite3"
    imported = run("template-import", str(target), "--db", str(other))
    assert imported.returncode == 0, imported
    assert imported.stdout.strip() == "imported “Our jam” as the template our-jam"
    new_id = run("new", "--template", "our-jam", "--title", "Jam two", "--db", str(other))
    assert new_id.returncode == 0, new_id
    listing = json.loads(run("list", "--json", "--db", str(other)).stdout)
    assert [(w["title"], w["total_minutes"]) for w in listing] == [("Jam two", 45)]
    renamed = run("template-rename", "our-jam", "Jam, improved", "--db", str(other))
    assert renamed.returncode == 0, renamed
    assert _personal_rows(other) == [("our-jam", "Jam, improved")]
    deleted = run("template-delete", "our-jam", "--db", str(other))
    assert deleted.returncode == 0 and _personal_rows(other) == []


def test_built_in_templates_export_without_a_database(tmp_path: Path, run: Run) -> None:
    target = tmp_path / "retro.json"
    result = run("template-export", "retrospective", str(target))
    assert result.returncode == 0, result
    assert json.loads(target.read_text())["slug"] == "retrospective"
    assert "(yours)" not in run("templates").stdout


def test_bad_imports_are_one_line_and_store_nothing(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    db = tmp_path / "w.sqlite3"
    workshop_id = run("new", "--title", "Plan", "--db", str(db)).stdout.strip()
    run("save-template", workshop_id, "--db", str(db))
    (tmp_path / "garbage.json").write_bytes(b"\x00\xff garbage")
    (tmp_path / "builtin.json").write_text("")
    run("template-export", "crazy-8s", str(tmp_path / "builtin.json"))
    run("template-export", "plan", str(tmp_path / "plan.json"), "--db", str(db))
    for name, fragment in (
        ("garbage.json", "UTF-8"),
        ("builtin.json", "built-in"),
        ("plan.json", "already"),
        ("missing.json", "cannot read"),
    ):
        result = run("template-import", str(tmp_path / name), "--db", str(db))
        one_line_error(result, fragment, "nothing was imported")
    assert _personal_rows(db) == [("plan", "Plan")]
    fresh = tmp_path / "fresh.sqlite3"
    one_line_error(run("template-import", str(tmp_path / "garbage.json"), "--db", str(fresh)))
    assert not fresh.exists()  # checked before any database is made


def test_template_command_errors(tmp_path: Path, run: Run, one_line_error: OneLineError) -> None:
    db = tmp_path / "w.sqlite3"
    one_line_error(run("save-template", "1", "--db", str(db)), "no database")
    one_line_error(run("templates", "--db", str(db)), "no database")
    assert not db.exists()
    run("new", "--title", "Plan", "--db", str(db))
    one_line_error(run("save-template", "99", "--db", str(db)), "99")
    one_line_error(run("save-template", "1", "--title", " ", "--db", str(db)), "empty")
    one_line_error(run("template-delete", "design-sprint", "--db", str(db)), "built-in")
    one_line_error(run("template-export", "nope", str(tmp_path / "x.json"), "--db", str(db)), "nope")
    one_line_error(run("template-export", "blank", str(tmp_path / "no" / "x.json")), "does not exist")


def test_methods_lists_searches_filters_and_shows(run: Run, one_line_error: OneLineError) -> None:
    everything = run("methods")
    assert everything.returncode == 0, everything
    assert len(everything.stdout.strip().splitlines()) >= 35
    found = json.loads(run("methods", "--search", "crazy", "--json").stdout)
    assert found[0]["slug"] == "crazy-8s" and found[0]["minutes"]["typical"] == 10
    reflect = json.loads(run("methods", "--phase", "reflect", "--json").stdout)
    assert reflect and {m["phase"] for m in reflect} == {"reflect"}
    small = json.loads(run("methods", "--minutes", "5", "--people", "30", "--json").stdout)
    assert small and all(m["minutes"]["min"] <= 5 and m["people"]["max"] >= 30 for m in small)
    shown = run("methods", "--show", "five-whys")
    assert shown.stdout.startswith("5 whys  ·  Reflect")
    assert "1. Write the problem as one clear sentence" in shown.stdout
    assert run("methods", "--search", "zzzz qqqq").stdout.strip().startswith("No methods match")
    one_line_error(run("methods", "--phase", "brainstorm"), "brainstorm", "understand")
    one_line_error(run("methods", "--show", "nope"), "nope")
