"""Personal templates (revision 0005's ``personal_templates``) in and out of the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sprintdesk.domain.clock import SystemClock
from sprintdesk.domain.personal_templates import StoredTemplate
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import PersonalTemplateRow
from sprintdesk.storage.stamps import clock_of


def _now() -> dt.datetime:
    """The system clock's time, for a database opened without a clock."""
    return SystemClock().utc_now()


def _stamp(session: Session) -> dt.datetime:
    """Now, by the clock of the session's database (storage/stamps.py)."""
    clock = clock_of(session)
    return clock.utc_now() if clock is not None else _now()


def _stored(row: PersonalTemplateRow) -> StoredTemplate:
    return StoredTemplate(
        slug=row.slug,
        title=row.title,
        body=row.body,
        id=row.id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _row(session: Session, slug: str) -> PersonalTemplateRow:
    row = session.scalars(select(PersonalTemplateRow).where(PersonalTemplateRow.slug == slug)).first()
    if row is None:
        raise NotFoundError(f"there is no personal template “{slug}”")
    return row


def list_templates(session: Session) -> list[StoredTemplate]:
    rows = session.scalars(select(PersonalTemplateRow).order_by(PersonalTemplateRow.id))
    return [_stored(row) for row in rows]


def find_template(session: Session, slug: str) -> StoredTemplate | None:
    row = session.scalars(select(PersonalTemplateRow).where(PersonalTemplateRow.slug == slug)).first()
    return _stored(row) if row is not None else None


def slugs(session: Session) -> set[str]:
    return set(session.scalars(select(PersonalTemplateRow.slug)))


def add_template(session: Session, template: StoredTemplate) -> int:
    now = _stamp(session)
    row = PersonalTemplateRow(
        slug=template.slug, title=template.title, body=template.body, created_at=now, updated_at=now
    )
    session.add(row)
    session.flush()
    return row.id


def update_template(session: Session, slug: str, title: str, body: str) -> None:
    row = _row(session, slug)
    row.title = title
    row.body = body
    row.updated_at = _stamp(session)


def delete_template(session: Session, slug: str) -> None:
    _row(session, slug)
    session.execute(delete(PersonalTemplateRow).where(PersonalTemplateRow.slug == slug))
