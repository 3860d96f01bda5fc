"""Alembic migrations: upgrading an old file, and the models matching the migrated schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.storage import run_log_repository as log
from sprintdesk.storage import workshop_repository as repo
from sprintdesk.storage.database import Database, open_database
from sprintdesk.storage.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    MIGRATIONS_DIR,
    current_revision,
    upgrade_to,
)
from sprintdesk.storage.models import Base


def _build_revision_0001(path: Path) -> None:
    """A database as SprintDesk 0001 left it, filled with plain SQL."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            upgrade_to(connection, "0001")
            assert current_revision(connection) == "0001"
            assert "run_events" not in inspect(connection).get_table_names()
            connection.execute(
                text(
                    "INSERT INTO workshops (id, title, goal, start_date, facilitator,"
                    " created_at, updated_at) VALUES (7, 'Old sprint', 'Ship it',"
                    " '2026-11-02', 'Ana', '2026-11-01 10:00:00.000000',"
                    " '2026-11-01 11:30:00.250000')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO participants (id, workshop_id, position, name, role)"
                    " VALUES (3, 7, 0, 'Dee', 'Decider')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO agenda_days (id, workshop_id, position, title, start_minute)"
                    " VALUES (5, 7, 0, 'Map', 570)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO agenda_items (id, day_id, position, title, duration_minutes,"
                    " kind, instructions, notes) VALUES"
                    " (11, 5, 0, 'Intro', 15, 'presentation', 'Say hello', 'clicker'),"
                    " (12, 5, 1, 'Lunch', 60, 'break', '', '')"
                )
            )
    finally:
        engine.dispose()


def test_an_old_database_is_upgraded_to_head_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _build_revision_0001(path)
    db = open_database(path)
    try:
        with db.engine.connect() as connection:
            assert current_revision(connection) == HEAD_REVISION == KNOWN_REVISIONS[-1]
            assert "run_events" in inspect(connection).get_table_names()
        with db.session() as session:
            workshop = repo.get_workshop(session, 7)
            summaries = repo.list_workshops(session)
        assert workshop.title == "Old sprint"
        assert workshop.goal == "Ship it"
        assert workshop.start_date == dt.date(2026, 11, 2)
        assert workshop.facilitator == "Ana"
        assert [(p.id, p.name, p.role) for p in workshop.participants] == [(3, "Dee", Role.DECIDER)]
        (day,) = workshop.days
        assert (day.id, day.title, day.start_time) == (5, "Map", dt.time(9, 30))
        assert [(i.id, i.title, i.duration_minutes, i.kind) for i in day.items] == [
            (11, "Intro", 15, ItemKind.PRESENTATION),
            (12, "Lunch", 60, ItemKind.BREAK),
        ]
        assert day.items[0].instructions == "Say hello"
        assert day.items[0].notes == "clicker"
        (summary,) = summaries
        assert summary.updated_at == dt.datetime(2026, 11, 1, 11, 30, 0, 250000, tzinfo=dt.UTC)
        assert (summary.day_count, summary.item_count, summary.total_minutes) == (1, 2, 75)
        # The new table works on the upgraded file.
        event = RunEvent(RunAction.START, 11, dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), 0, True)
        with db.session() as session:
            log.append_event(session, 7, event)
        with db.session() as session:
            assert log.list_events(session, 7) == [event]
    finally:
        db.close()


def test_upgrading_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _build_revision_0001(path)
    open_database(path).close()
    db = open_database(path)
    try:
        with db.session() as session:
            assert [s.id for s in repo.list_workshops(session)] == [7]
    finally:
        db.close()


def test_head_revision_is_alembics_head() -> None:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert script.get_heads() == [HEAD_REVISION]
    chain = [revision.revision for revision in script.walk_revisions()]
    assert tuple(reversed(chain)) == KNOWN_REVISIONS


def _differences(db: Database) -> list[object]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_models_match_the_migrated_schema(db: Database) -> None:
    assert _differences(db) == []


def test_the_models_match_a_schema_upgraded_from_0001(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _build_revision_0001(path)
    db = open_database(path)
    try:
        assert _differences(db) == []
    finally:
        db.close()
