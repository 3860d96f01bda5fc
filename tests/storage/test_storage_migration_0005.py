"""Migration 0005 (outcomes, follow-ups, board structures, personal templates) on a file that
0004 left with content: nothing is lost, the new tables start empty, and it downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from sprintdesk.storage.database import open_database
from sprintdesk.storage.migrate import upgrade_to

NEW_TABLES = {"outcomes", "follow_ups", "personal_templates"}


def _build_0004(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            upgrade_to(connection, "0004")
            for statement in (
                "INSERT INTO workshops (id, title, goal, facilitator, created_at, updated_at)"
                " VALUES (4, 'Retro', 'Learn', 'Ana', '2026-11-01 10:00:00', '2026-11-01 10:00:00')",
                "INSERT INTO participants (id, workshop_id, position, name, role)"
                " VALUES (2, 4, 0, 'Bo', 'UX')",
                "INSERT INTO agenda_days (id, workshop_id, position, title, start_minute)"
                " VALUES (3, 4, 0, '', 600)",
                "INSERT INTO boards (id, workshop_id, position, name, private_writing)"
                " VALUES (6, 4, 0, 'SSC', 0)",
                "INSERT INTO agenda_items (id, day_id, position, title, duration_minutes, kind, instructions,"
                " notes, board_id) VALUES (9, 3, 0, 'Gather data', 20, 'exercise', '', '', 6)",
                "INSERT INTO notes (id, board_id, cluster_id, author_id, text, x, y, color, covered,"
                " imported_votes) VALUES (8, 6, NULL, 2, 'More pairing', 10, 20, 'yellow', 0, 0)",
            ):
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_0005_keeps_everything_and_adds_empty_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sprintdesk"
    _build_0004(path)
    db = open_database(path)
    try:
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) >= NEW_TABLES
            for table in NEW_TABLES:
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
            assert connection.execute(text("SELECT name, structure FROM boards")).one() == ("SSC", "")
            assert connection.execute(text("SELECT text, author_id FROM notes")).one() == ("More pairing", 2)
            assert connection.execute(text("SELECT board_id FROM agenda_items")).scalar_one() == 6
            assert connection.execute(text("SELECT count(*) FROM participants")).scalar_one() == 1
    finally:
        db.close()


def test_0005_downgrades_to_0004_without_losing_the_workshop(tmp_path: Path) -> None:
    from alembic import command

    from sprintdesk.storage.migrate import alembic_config

    path = tmp_path / "old.sprintdesk"
    _build_0004(path)
    open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0004")  # type: ignore[arg-type]
            tables = set(inspect(connection).get_table_names())
            assert not NEW_TABLES & tables
            assert "structure" not in {c["name"] for c in inspect(connection).get_columns("boards")}
            assert connection.execute(text("SELECT count(*) FROM notes")).scalar_one() == 1
    finally:
        engine.dispose()
