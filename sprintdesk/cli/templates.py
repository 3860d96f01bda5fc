"""The template and method commands: ``templates``, ``save-template``, ``template-export``,
``template-import``, ``template-rename``, ``template-delete`` and ``methods``. Errors are
raised as the domain's ValidationError and printed by ``dispatch`` as one line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sprintdesk.cli.registry import Command, open_database_for

if TYPE_CHECKING:
    from sprintdesk.services.personal_templates import PersonalTemplateService
    from sprintdesk.services.templates import TemplateService
    from sprintdesk.storage.database import Database


def _templates_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _save_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    parser.add_argument("--title", help="the template's title (default: the workshop's)")


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="SLUG")
    parser.add_argument("path", metavar="PATH.json")


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH.json")


def _rename_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="SLUG")
    parser.add_argument("title", metavar="TITLE")


def _delete_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="SLUG")


def _methods_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", metavar="WORDS", default="", help="words in the title or instructions")
    parser.add_argument("--phase", metavar="PHASE", help="open, understand, diverge, decide, …")
    parser.add_argument("--minutes", type=int, metavar="N", help="only methods that fit in N minutes")
    parser.add_argument("--people", type=int, metavar="N", help="only methods that suit N people")
    parser.add_argument("--show", metavar="SLUG", help="print one method's instructions in full")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _existing_database(args: argparse.Namespace, *, strict: bool = True) -> Database | None:
    """The database, when there is one: listing templates never creates a database. A named
    one (``--db``) that is missing is an error when ``strict``."""
    from sprintdesk.storage.location import is_url, resolve_database

    target = resolve_database(getattr(args, "db", None))
    if not is_url(target) and not Path(target).expanduser().exists():
        if strict and getattr(args, "db", None):
            from sprintdesk.domain.errors import ValidationError

            raise ValidationError(f"there is no database at {target}")
        return None
    return open_database_for(args, create=False, must_exist=True)


def template_service_for(args: argparse.Namespace, slug: str) -> TemplateService:
    """The TemplateService to create a workshop from ``slug`` with: an unknown slug fails
    before a database is created (a personal one needs the existing database)."""
    from sprintdesk.services.templates import TemplateService

    if slug.strip() not in {t.slug for t in TemplateService().list()}:
        db = _existing_database(args, strict=False)
        if db is None:
            TemplateService().get(slug)  # raises: the built-in slugs
        TemplateService(db).get(slug)
        return TemplateService(db)
    return TemplateService(open_database_for(args))


def cmd_templates(args: argparse.Namespace) -> int:
    from sprintdesk.domain.durations import format_minutes
    from sprintdesk.services.templates import TemplateService

    templates = TemplateService(_existing_database(args)).list()
    if args.json:
        payload = [
            {
                "slug": t.slug,
                "title": t.title,
                "days": len(t.days),
                "total_minutes": t.total_minutes,
                "source": t.source,
                "personal": t.personal,
            }
            for t in templates
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    slug_width = max(len(t.slug) for t in templates)
    title_width = max(len(t.title) for t in templates)
    for t in templates:
        days = f"{len(t.days)} day" + ("s" if len(t.days) != 1 else "")
        mark = "  (yours)" if t.personal else ""
        print(
            f"{t.slug.ljust(slug_width)}  {t.title.ljust(title_width)}  {days:>7}  "
            f"{t.total_minutes:>5} min  ({format_minutes(t.total_minutes)}){mark}"
        )
    return 0


def _personal(
    args: argparse.Namespace, *, create: bool = True, must_exist: bool = False
) -> PersonalTemplateService:
    from sprintdesk.services.personal_templates import PersonalTemplateService

    return PersonalTemplateService(open_database_for(args, create=create, must_exist=must_exist))


def cmd_save_template(args: argparse.Namespace) -> int:
    from sprintdesk.domain.workshop import check_title

    if args.title is not None:
        check_title(args.title, "Template title")
    template, _ = _personal(args, create=False, must_exist=True).save_workshop(args.workshop_id, args.title)
    print(f"saved “{template.title}” as the template {template.slug}")
    return 0


def cmd_template_export(args: argparse.Namespace) -> int:
    from sprintdesk.services.personal_templates import PersonalTemplateService
    from sprintdesk.services.templates import TemplateService

    target = Path(args.path)
    if args.slug.strip() in {t.slug for t in TemplateService().list()}:
        size = PersonalTemplateService.export_builtin(args.slug, target)
    else:
        db = _existing_database(args, strict=False)
        if db is None:
            TemplateService().get(args.slug)  # raises, naming the built-in slugs
            raise AssertionError("not reached: the slug is not a built-in one")
        size = PersonalTemplateService(db).export(args.slug, target)
    print(f"wrote template {args.slug.strip()} to {target} ({size:,} bytes)")
    return 0


def cmd_template_import(args: argparse.Namespace) -> int:
    from sprintdesk.cli.read_input import read_input
    from sprintdesk.domain.errors import ValidationError
    from sprintdesk.domain.file_limits import TEMPLATE_FILE_BYTES
    from sprintdesk.services.personal_templates import PersonalTemplateService

    path = Path(args.path)
    data = read_input(path, " (nothing was imported)", TEMPLATE_FILE_BYTES, "template files")
    try:
        PersonalTemplateService.read(data)  # checked before any database is opened
        template, _ = _personal(args).import_bytes(data)
    except ValidationError as error:
        raise ValidationError(f"{path.name}: {error} (nothing was imported)") from None
    print(f"imported “{template.title}” as the template {template.slug}")
    return 0


def cmd_template_rename(args: argparse.Namespace) -> int:
    _personal(args, create=False, must_exist=True).rename(args.slug, args.title)
    print(f"renamed the template {args.slug.strip()}")
    return 0


def cmd_template_delete(args: argparse.Namespace) -> int:
    _personal(args, create=False, must_exist=True).delete(args.slug)
    print(f"deleted the template {args.slug.strip()}")
    return 0


def cmd_methods(args: argparse.Namespace) -> int:
    from sprintdesk.services.methods import MethodService

    service = MethodService()
    if args.show:
        method = service.get(args.show)
        print(f"{method.title}  ·  {method.phase.label}  ·  {method.duration_label}  ·  {method.group_label}")
        print(method.summary)
        print()
        print(method.instructions())
        print()
        print(method.facilitator_notes())
        return 0
    found = service.search(args.search, phase=args.phase, minutes=args.minutes, people=args.people)
    if args.json:
        payload = [
            {
                "slug": m.slug,
                "title": m.title,
                "phase": m.phase.value,
                "kind": m.kind.value,
                "minutes": {"min": m.min_minutes, "typical": m.typical_minutes, "max": m.max_minutes},
                "people": {"min": m.min_people, "max": m.max_people},
                "summary": m.summary,
                "instructions": list(m.steps),
                "source": m.source,
            }
            for m in found
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No methods match. Try fewer words, or another phase.")
        return 0
    slug_width = max(len(m.slug) for m in found)
    title_width = max(len(m.title) for m in found)
    for m in found:
        print(
            f"{m.slug.ljust(slug_width)}  {m.title.ljust(title_width)}  {m.phase.label:<10}  "
            f"{m.duration_label:>11}  {m.group_label}"
        )
    return 0


COMMANDS = (
    Command(
        "templates", "list the workshop templates (built-in and yours)", _templates_arguments, cmd_templates
    ),
    Command(
        "save-template", "keep a workshop's plan as a personal template", _save_arguments, cmd_save_template
    ),
    Command(
        "template-export",
        "write a template (built-in or yours) to a file",
        _export_arguments,
        cmd_template_export,
    ),
    Command(
        "template-import",
        "import a template file as a personal template",
        _import_arguments,
        cmd_template_import,
    ),
    Command(
        "template-rename", "give one of your templates a new title", _rename_arguments, cmd_template_rename
    ),
    Command("template-delete", "delete one of your templates", _delete_arguments, cmd_template_delete),
    Command("methods", "list or search the method library", _methods_arguments, cmd_methods, takes_db=False),
)
