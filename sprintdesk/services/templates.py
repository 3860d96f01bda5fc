"""Workshop templates: list the built-in ones and create a new workshop from one, with
its boards made and linked to the right agenda items, in one transaction."""

from __future__ import annotations

import datetime as dt

from sprintdesk.domain.board import Board
from sprintdesk.domain.errors import ValidationError
from sprintdesk.export.interchange.template_file import Template, builtin_templates
from sprintdesk.services.changes import Changes
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database

__all__ = ["Template", "TemplateService"]


class TemplateService:
    def __init__(self, db: Database | None = None) -> None:
        self._db = db

    def list(self) -> list[Template]:
        """The built-in templates, then the personal ones (``personal=True``) when there is a database."""
        if self._db is None:
            return builtin_templates()
        from sprintdesk.services.personal_templates import personal_templates

        return builtin_templates() + personal_templates(self._db)

    def get(self, slug: str) -> Template:
        templates = self.list()
        for template in templates:
            if template.slug == slug.strip():
                return template
        slugs = ", ".join(t.slug for t in templates)
        raise ValidationError(f"there is no template “{slug}”; the templates are: {slugs}")

    def create_from(
        self, slug: str, title: str | None = None, start_date: dt.date | None = None
    ) -> tuple[int, Changes]:
        template = self.get(slug)
        workshop = template.to_workshop(title, start_date)  # checks the title before storing
        if self._db is None:
            raise ValidationError("no database to create the workshop in")
        with self._db.session() as session:
            workshop_id = workshops.add_workshop(session, workshop)
            board_ids = {
                name: boards.add_board(
                    session, Board(name, workshop_id, structure=template.structure_for(name))
                )
                for name in template.boards
            }
            stored = workshops.get_workshop(session, workshop_id).items()
            planned = [item for day in template.days for item in day.items]
            for item, saved in zip(planned, stored, strict=True):
                if item.board is not None and saved.id is not None:
                    boards.link_item(session, saved.id, board_ids[item.board])
        changes = Changes(workshop_id=workshop_id, workshop_list=True, boards=bool(template.boards))
        return workshop_id, changes
