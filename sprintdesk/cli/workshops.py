"""Workshops from the command line: ``list`` and ``new``."""

from __future__ import annotations

import argparse

from sprintdesk.cli.registry import Command, UsageError, open_database_for


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", help="the workshop's title (required without --template)")
    parser.add_argument("--template", metavar="SLUG", help="start from a template (see sprintdesk templates)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="first day of the workshop")


def _cmd_list(args: argparse.Namespace) -> int:
    from sprintdesk.domain.durations import format_minutes
    from sprintdesk.services.workshops import WorkshopService

    summaries = WorkshopService(open_database_for(args, create=False)).list()
    if args.json:
        import json

        payload = [
            {
                "id": s.id,
                "title": s.title,
                "date": s.start_date.isoformat() if s.start_date else None,
                "days": s.day_count,
                "items": s.item_count,
                "total_minutes": s.total_minutes,
                "updated_at": s.updated_at.isoformat(),
            }
            for s in summaries
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if not summaries:
        print("No workshops yet. Create one with: sprintdesk new --title TITLE")
        return 0
    width = max(len(s.title) for s in summaries)
    for s in summaries:
        date = s.start_date.isoformat() if s.start_date else "no date".ljust(10)
        days = f"{s.day_count} day" + ("s" if s.day_count != 1 else "")
        print(f"{s.id:>5}  {s.title.ljust(width)}  {date}  {days:>7}  {format_minutes(s.total_minutes):>8}")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from sprintdesk.domain.workshop import check_title, parse_date
    from sprintdesk.services.workshops import WorkshopService

    date = parse_date(args.date) if args.date is not None else None
    if args.template is not None:
        title = check_title(args.title) if args.title is not None else None
        from sprintdesk.cli import templates

        service = templates.template_service_for(args, args.template)  # before creating a database
        new_id, _ = service.create_from(args.template, title=title, start_date=date)
        print(new_id)
        return 0
    if args.title is None:
        raise UsageError("new needs --title TITLE, or --template SLUG")
    title = check_title(args.title)  # validate before touching the database
    new_id, _ = WorkshopService(open_database_for(args)).create(title, start_date=date)
    print(new_id)
    return 0


COMMANDS = (
    Command("list", "list the workshops", _list_arguments, _cmd_list),
    Command("new", "create a workshop (blank or from a template) and print its id", _new_arguments, _cmd_new),
)
