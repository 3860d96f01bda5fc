"""Migration 0006 (joining from phones) on a file that 0005 left with content: nothing is lost,
the new tables start empty, a phone note goes with its note, and it downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from sprintdesk.storage.database import open_database
from sprintdesk.storage.migrate import upgrade_to

NEW_TABLES = {"joining", "devices", "phone_notes", "held_notes"}


def _build_0005(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            upgrade_to(connection, "0005")
            for statement in (
                "INSERT INTO workshops (id, title, goal, facilitator, created_at, updated_at)"
                " VALUES (4, 'Retro', 'Learn', 'Ana', '2026-11-01 10:00:00', '2026-11-01 10:00:00')",
                "INSERT INTO participants (id, workshop_id, position, name, role)"
                " VALUES (2, 4, 0, 'Bo', 'UX')",
                "INSERT INTO boards (id, workshop_id, position, name, private_writing, structure)"
                " VALUES (6, 4, 0, 'SSC', 0, '')",
                "INSERT INTO notes (id, board_id, cluster_id, author_id, text, x, y, color, covered,"
                " imported_votes) VALUES (8, 6, NULL, 2, 'More pairing', 10, 20, 'yellow', 0, 0)",
            ):
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_0006_keeps_everything_and_adds_empty_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sprintdesk"
    _build_0005(path)
    db = open_database(path)
    try:
        with db.engine.begin() as connection:
            assert set(inspect(connection).get_table_names()) >= NEW_TABLES
            for table in NEW_TABLES:
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
            assert connection.execute(text("SELECT text, author_id FROM notes")).one() == ("More pairing", 2)
            connection.execute(
                text(
                    "INSERT INTO phone_notes (note_id, participant_id, client_key) VALUES (8, 2, 'key-0001')"
                )
            )
        with db.engine.begin() as connection:  # the note goes: who wrote it on a phone goes too
            connection.execute(text("DELETE FROM notes WHERE id = 8"))
            assert connection.execute(text("SELECT count(*) FROM phone_notes")).scalar_one() == 0
    finally:
        db.close()


def test_0006_downgrades_to_0005(tmp_path: Path) -> None:
    from alembic import command

    from sprintdesk.storage.migrate import alembic_config

    path = tmp_path / "old.sprintdesk"
    _build_0005(path)
    open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0005")  # type: ignore[arg-type]
            assert not NEW_TABLES & set(inspect(connection).get_table_names())
            assert connection.execute(text("SELECT count(*) FROM notes")).scalar_one() == 1
    finally:
        engine.dispose()
