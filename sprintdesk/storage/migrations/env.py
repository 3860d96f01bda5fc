"""Alembic environment. Migrations only run programmatically from ``storage.migrate``,
which passes an open connection in ``config.attributes``."""

from alembic import context

from sprintdesk.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by storage.migrate
    raise RuntimeError("SprintDesk migrations run from sprintdesk.storage.migrate only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things in place
)
with context.begin_transaction():
    context.run_migrations()
