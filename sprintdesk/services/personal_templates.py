"""Personal templates: save a workshop as a template (its days, items, boards and links;
no notes, votes or run log), rename, delete, export to a file and import one. An import is
checked completely before the one transaction that stores it."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.clock import Clock, SystemClock, local_today
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.file_limits import TEMPLATE_FILE_BYTES
from sprintdesk.domain.personal_templates import StoredTemplate, slug_from_title, unique_slug
from sprintdesk.domain.workshop import Workshop, check_title
from sprintdesk.export.bounded_read import read_at_most
from sprintdesk.export.interchange.template_file import (
    Template,
    TemplateDay,
    TemplateError,
    TemplateItem,
    builtin_templates,
    load_template,
)
from sprintdesk.export.interchange.template_write import (
    dump_document,
    read_template_file,
    template_document,
    write_template_file,
)
from sprintdesk.services.changes import Changes
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import personal_template_repository as repo
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database

CHANGED = Changes(templates=True)


def personal_templates(db: Database) -> list[Template]:
    """The personal templates, by title; a stored body that no longer reads is left out."""
    with db.session() as session:
        stored = repo.list_templates(session)
    found = []
    for entry in stored:
        try:
            template = load_template(entry.body.encode("utf-8"))
        except TemplateError:
            continue
        found.append(dataclasses.replace(template, slug=entry.slug, title=entry.title, personal=True))
    return sorted(found, key=lambda t: t.title.casefold())


def template_from_workshop(
    workshop: Workshop,
    board_names: dict[int, str],
    slug: str,
    title: str,
    structures: dict[int, BoardStructure] | None = None,
    *,
    saved_on: dt.date,
) -> Template:
    """The plan of a workshop as a template: boards in their order (with their structures),
    items linked by name."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for board_id, name in board_names.items():
        unique, number = name, 2
        while unique.casefold() in used:
            unique, number = f"{name[:110]} ({number})", number + 1
        used.add(unique.casefold())
        names[board_id] = unique
    days = tuple(
        TemplateDay(
            title=day.title,
            start_time=day.start_time,
            items=tuple(
                TemplateItem(
                    item.title,
                    item.duration_minutes,
                    item.kind,
                    item.instructions,
                    item.notes,
                    names.get(item.board_id) if item.board_id is not None else None,
                )
                for item in day.items
            ),
        )
        for day in workshop.days
    )
    return Template(
        slug=slug,
        title=title,
        source=f"Saved from the workshop “{workshop.title}” on {saved_on:%d %b %Y}",
        description=" ".join(workshop.goal.split())[:5000],
        days=days,
        boards=tuple(names.values()),
        personal=True,
        structures=tuple(
            (names[board_id], structure)
            for board_id, structure in (structures or {}).items()
            if board_id in names
        ),
    )


class PersonalTemplateService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()  # the day a template was saved

    def list(self) -> list[Template]:
        return personal_templates(self._db)

    def all(self) -> builtins.list[Template]:
        """Built-in templates first, then yours."""
        return builtin_templates() + self.list()

    def get(self, slug: str) -> Template:
        for template in self.all():
            if template.slug == slug.strip():
                return template
        slugs = ", ".join(t.slug for t in self.all())
        raise ValidationError(f"there is no template “{slug}”; the templates are: {slugs}")

    def _personal(self, slug: str) -> StoredTemplate:
        with self._db.session() as session:
            stored = repo.find_template(session, slug.strip())
        if stored is None:
            if slug.strip() in {t.slug for t in builtin_templates()}:
                raise ValidationError(f"“{slug}” is a built-in template; only your own can be changed")
            raise ValidationError(f"there is no personal template “{slug}”")
        return stored

    def _check_title_free(self, title: str, except_slug: str | None = None) -> None:
        for template in self.list():
            if template.title.casefold() == title.casefold() and template.slug != except_slug:
                raise ValidationError(
                    f"you have a template called “{template.title}” already; choose another title"
                )

    def _taken(self) -> set[str]:
        with self._db.session() as session:
            taken = repo.slugs(session)
        return taken | {t.slug for t in builtin_templates()}

    def save_workshop(self, workshop_id: int, title: str | None = None) -> tuple[Template, Changes]:
        """Keep a workshop's plan as a personal template; its slug is made from the title."""
        with self._db.session() as session:
            workshop = workshops.get_workshop(session, workshop_id)
            listed = [b for b in boards.list_boards(session, workshop_id) if b.id is not None]
            board_names = {b.id: b.name for b in listed if b.id is not None}
            structures = {b.id: b.structure for b in listed if b.id is not None and b.structure is not None}
        title = check_title(
            title if title is not None and title.strip() else workshop.title, "Template title"
        )
        self._check_title_free(title)
        slug = unique_slug(slug_from_title(title), self._taken())
        saved_on = local_today(self._clock)
        template = template_from_workshop(workshop, board_names, slug, title, structures, saved_on=saved_on)
        body = dump_document(template_document(template))
        load_template(body.encode("utf-8"))  # what is stored must read back
        self._store(StoredTemplate(slug, title, body))
        return template, CHANGED

    def _store(self, stored: StoredTemplate) -> None:
        with self._db.session() as session:
            if stored.slug in repo.slugs(session):
                raise ValidationError(f"you have a template “{stored.slug}” already")
            repo.add_template(session, stored)

    def rename(self, slug: str, title: str) -> Changes:
        stored = self._personal(slug)
        title = check_title(title, "Template title")
        self._check_title_free(title, except_slug=stored.slug)
        document: dict[str, Any] = json.loads(stored.body)
        document["title"] = title
        body = dump_document(document)
        with self._db.session() as session:
            repo.update_template(session, stored.slug, title, body)
        return CHANGED

    def delete(self, slug: str) -> Changes:
        stored = self._personal(slug)
        with self._db.session() as session:
            repo.delete_template(session, stored.slug)
        return CHANGED

    def export(self, slug: str, path: Path) -> int:
        """Write a template (built-in or yours) to a template file; the bytes written."""
        template = self.get(slug)
        if not template.personal:
            return self.export_builtin(slug, path)
        document: dict[str, Any] = json.loads(self._personal(slug).body)
        document["slug"], document["title"] = template.slug, template.title
        return write_template_file(dump_document(document), Path(path))

    @staticmethod
    def export_builtin(slug: str, path: Path) -> int:
        """Write a built-in template to a file (no database needed)."""
        for template in builtin_templates():
            if template.slug == slug.strip():
                return write_template_file(dump_document(template_document(template)), Path(path))
        raise ValidationError(f"there is no built-in template “{slug}”")

    @staticmethod
    def read(data: bytes) -> tuple[Template, dict[str, Any]]:
        """Check a template file without a database (TemplateError, one line)."""
        return read_template_file(data)

    def import_bytes(self, data: bytes) -> tuple[Template, Changes]:
        """A template file as a new personal template: all of it, or nothing."""
        template, document = self.read(data)
        if template.slug in {t.slug for t in builtin_templates()}:
            raise TemplateError(
                f"“{template.slug}” is the slug of a built-in template; change the file's slug"
            )
        with self._db.session() as session:
            if repo.find_template(session, template.slug) is not None:
                raise TemplateError(
                    f"you have a template “{template.slug}” already; delete or rename it first"
                )
        self._check_title_free(template.title)
        document["title"] = template.title
        self._store(StoredTemplate(template.slug, template.title, dump_document(document)))
        return dataclasses.replace(template, personal=True), CHANGED

    def import_file(self, path: Path | str) -> tuple[Template, Changes]:
        path = Path(path)
        try:
            data = read_at_most(path, TEMPLATE_FILE_BYTES, "template files", TemplateError)
        except OSError as error:
            raise TemplateError(f"cannot read {path}: {error.strerror or error}") from None
        return self.import_bytes(data)
