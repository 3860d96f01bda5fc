"""Schema migrations, run when a database is opened.

Importing Alembic costs start-up time, so the current revision is read with plain SQL and
Alembic is only loaded when an upgrade is actually needed.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from sprintdesk.storage.errors import NewerSchemaError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD_REVISION = KNOWN_REVISIONS[-1]


def current_revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def alembic_config(connection: Connection) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade_to(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)  # type: ignore[arg-type]


def upgrade_to_head(connection: Connection) -> None:
    revision = current_revision(connection)
    if revision == HEAD_REVISION:
        return
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerSchemaError(
            f"this database was made by a newer SprintDesk (schema {revision}); update SprintDesk to open it"
        )
    upgrade_to(connection, HEAD_REVISION)
