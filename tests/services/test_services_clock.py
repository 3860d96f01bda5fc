"""Services read the time from the clock they are given: a summary's date and what is
overdue in it, when a vote starts, the stamps of workshops and personal templates, the day a
template was saved and a workshop file's export time. The clock here is years away from the
machine's, so a direct reading of the system clock shows. The rows' stamps come from the
clock the database was opened with."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from sprintdesk.domain.clock import FakeClock, local_now, local_today
from sprintdesk.domain.voting import VoteRules
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.boards import BoardService
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.personal_templates import PersonalTemplateService
from sprintdesk.services.series import SeriesService
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.templates import TemplateService
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshop_file import WorkshopFileService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import personal_template_repository
from sprintdesk.storage.database import Database, open_database

FUTURE = dt.datetime(2041, 6, 3, 12, 30, 15, 250_000, tzinfo=dt.UTC)


@pytest.fixture
def future() -> FakeClock:
    return FakeClock(FUTURE)


def _stamp(service: WorkshopService, workshop_id: int) -> dt.datetime:
    """The workshop's ``updated_at``, as the library lists it."""
    return next(s.updated_at for s in service.list() if s.id == workshop_id)


def test_the_summary_is_dated_and_judged_by_its_clock(db: Database, future: FakeClock) -> None:
    workshops = WorkshopService(db)
    workshop_id, _ = workshops.create("Retro")
    outcomes = OutcomeService(db, future)
    outcomes.add_action(workshop_id, "Due before the clock's day", due_date=dt.date(2040, 1, 10))
    outcomes.add_action(workshop_id, "Due after it", due_date=dt.date(2042, 1, 10))
    summary = SummaryService(db, future).build(workshop_id)
    assert summary.generated_at == local_now(future).replace(microsecond=0)
    assert [(a.text, a.overdue) for a in summary.outcomes.actions] == [
        ("Due before the clock's day", True),
        ("Due after it", False),
    ]


def test_a_vote_starts_at_the_clock_s_time(db: Database, db_path: Path, future: FakeClock) -> None:
    workshop_id, _ = WorkshopService(db).create("Vote")
    board_id, _ = BoardService(db).create(workshop_id, "Ideas")
    VotingService(db, future).start_vote(board_id, VoteRules())
    connection = sqlite3.connect(db_path)
    try:
        (started,) = connection.execute("SELECT started_at FROM vote_sessions").fetchone()
    finally:
        connection.close()
    assert dt.datetime.fromisoformat(started).replace(tzinfo=dt.UTC) == FUTURE


def test_rows_are_stamped_by_the_clock_the_database_was_opened_with(
    tmp_path: Path, future: FakeClock
) -> None:
    db = open_database(tmp_path / "clocked.sqlite3", clock=future)
    try:
        workshops = WorkshopService(db)
        workshop_id, _ = workshops.create("Sprint")
        assert _stamp(workshops, workshop_id) == FUTURE
        steps: list[tuple[str, Callable[[], object]]] = [
            (
                "details",
                lambda: workshops.update_details(
                    dataclasses.replace(workshops.get(workshop_id), goal="Goal")
                ),
            ),
            ("agenda", lambda: AgendaService(db).add_day(workshop_id, 0, "Day one")),
            ("board", lambda: BoardService(db).create(workshop_id, "Ideas")),
            ("outcome", lambda: OutcomeService(db, future).add_decision(workshop_id, "Ship it")),
        ]
        for minutes, (what, step) in enumerate(steps, start=1):
            future.advance(60)
            step()
            assert _stamp(workshops, workshop_id) == FUTURE + dt.timedelta(minutes=minutes), what
        future.advance(60)
        copies = [
            workshops.duplicate(workshop_id)[0],
            SeriesService(db).create_follow_up(workshop_id)[0],
            TemplateService(db).create_from("retrospective")[0],
        ]
        assert {_stamp(workshops, copy) for copy in copies} == {FUTURE + dt.timedelta(minutes=5)}
        template, _ = PersonalTemplateService(db, future).save_workshop(workshop_id, "Ours")
        future.advance(60)
        PersonalTemplateService(db, future).rename(template.slug, "Ours, again")
        with db.session() as session:
            stored = personal_template_repository.find_template(session, template.slug)
        assert stored is not None
        assert (stored.created_at, stored.updated_at) == (
            FUTURE + dt.timedelta(minutes=5),
            FUTURE + dt.timedelta(minutes=6),
        )
    finally:
        db.close()


def test_a_personal_template_is_saved_on_the_clock_s_day(db: Database, future: FakeClock) -> None:
    workshop_id, _ = WorkshopService(db).create("Kick-off")
    template, _ = PersonalTemplateService(db, future).save_workshop(workshop_id, "Our kick-off")
    assert template.source.endswith(f"on {local_today(future):%d %b %Y}")
    assert PersonalTemplateService(db, future).get(template.slug).source == template.source


def test_a_workshop_file_is_exported_at_the_clock_s_time(
    db: Database, tmp_path: Path, future: FakeClock
) -> None:
    workshop_id, _ = WorkshopService(db).create("Travel")
    files = WorkshopFileService(db, future)
    target = tmp_path / "travel.json"
    files.export(workshop_id, target)
    assert json.loads(target.read_text(encoding="utf-8"))["exported_at"].startswith("2041-06-03T12:30:15")
