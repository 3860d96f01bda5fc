"""``sprintdesk follow-up`` and ``sprintdesk outcomes`` as real processes: output, JSON,
exit codes and one-line errors that leave the database as it was."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sprintdesk.domain.outcomes import Status
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database

if TYPE_CHECKING:
    from conftest import OneLineError, Run  # tests/cli/conftest.py

pytestmark = pytest.mark.slow  # every test runs the command line as a process


def seed(path: Path) -> tuple[int, int]:
    db = open_database(path)
    try:
        workshops, outcomes = WorkshopService(db), OutcomeService(db)
        wid, _ = workshops.create("Retro <Q4>", dt.date(2026, 12, 1))
        workshop = workshops.get(wid)
        from sprintdesk.domain.workshop import Participant

        workshops.update_details(dataclasses_replace(workshop, (Participant("Ana"), Participant("Bo"))))
        ana = workshops.get(wid).participants[0].id
        outcomes.add_decision(wid, "Pair on Fridays", "the team")
        item, _ = outcomes.add_action(wid, "Fix the flaky test", ana, dt.date(2020, 1, 2))
        done, _ = outcomes.add_action(wid, "Order a whiteboard")
        outcomes.set_status(done, Status.DONE, wid)
        return wid, item
    finally:
        db.close()


def dataclasses_replace(workshop, participants):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(workshop, participants=participants)


def test_follow_up_then_outcomes(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "w.sqlite3"
    wid, item = seed(db)
    made = run("follow-up", str(wid), "--date", "2026-12-15", "--db", str(db))
    assert made.returncode == 0, made.stderr
    follow = int(made.stdout.strip())
    text = run("outcomes", str(follow), "--db", str(db))
    assert text.returncode == 0, text.stderr
    assert f"Follow-up of “Retro <Q4>” (workshop {wid})" in text.stdout
    assert "[ ] Fix the flaky test  (Ana, due 2020-01-02, OVERDUE, from “Retro <Q4>”)" in text.stdout
    assert "Order a whiteboard" not in text.stdout, "done items do not carry over"
    listed = json.loads(run("outcomes", str(wid), "--json", "--db", str(db)).stdout)
    assert [d["text"] for d in listed["decisions"]] == ["Pair on Fridays"]
    assert [(a["text"], a["status"], a["owner"]) for a in listed["action_items"]] == [
        ("Fix the flaky test", "open", "Ana"),
        ("Order a whiteboard", "done", None),
    ]
    assert listed["follows"] is None and listed["open_from_last_time"] == []
    carried = json.loads(run("outcomes", str(follow), "--json", "--db", str(db)).stdout)
    assert carried["follows"] == {"id": wid, "title": "Retro <Q4>"}
    assert [(c["id"], c["from_workshop"], c["overdue"]) for c in carried["open_from_last_time"]] == [
        (item, "Retro <Q4>", True)
    ]
    titled = run("follow-up", str(follow), "--title", "Retro January", "--db", str(db))
    assert titled.returncode == 0, titled.stderr
    names = json.loads(run("list", "--json", "--db", str(db)).stdout)
    assert {"Retro <Q4> — follow-up", "Retro January"} <= {n["title"] for n in names}


def test_errors_are_one_line_and_change_nothing(
    tmp_path: Path, run: Run, one_line_error: OneLineError
) -> None:
    db = tmp_path / "w.sqlite3"
    wid, _ = seed(db)
    count = len(json.loads(run("list", "--json", "--db", str(db)).stdout))
    one_line_error(run("follow-up", "999", "--db", str(db)), "no workshop with id 999")
    one_line_error(run("follow-up", str(wid), "--date", "15/12/2026", "--db", str(db)), "not a date")
    one_line_error(run("follow-up", str(wid), "--title", "   ", "--db", str(db)), "cannot be empty")
    one_line_error(run("follow-up", str(wid), "--date", "2026-11-01", "--db", str(db)), "cannot start before")
    one_line_error(run("outcomes", "999", "--db", str(db)), "no workshop with id 999")
    one_line_error(run("outcomes", "1", "--db", str(tmp_path / "missing.sqlite3")), "no database")
    assert len(json.loads(run("list", "--json", "--db", str(db)).stdout)) == count, "nothing was made"
    assert run("follow-up", str(wid), "--db", str(db)).returncode == 0
    one_line_error(run("follow-up", str(wid), "--db", str(db)), "already has a follow-up")
