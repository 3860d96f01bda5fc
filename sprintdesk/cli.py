"""The command line: ``sprintdesk [--db PATH]`` opens the app; subcommands work headless.

Errors print one line ``sprintdesk: error: ...`` on stderr and exit 1 (2 for wrong usage).
Heavy modules (Qt, SQLAlchemy) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from sprintdesk import __version__

PROG = "sprintdesk"


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _db_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="database file (default: $SPRINTDESK_DB, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="SprintDesk: timed agendas and a presenter view for workshops.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _db_option(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    listing = commands.add_parser("list", help="list the workshops")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _db_option(listing, argparse.SUPPRESS)

    new = commands.add_parser("new", help="create a blank workshop and print its id")
    new.add_argument("--title", required=True)
    new.add_argument("--date", metavar="YYYY-MM-DD", help="first day of the workshop")
    _db_option(new, argparse.SUPPRESS)

    notes = commands.add_parser(
        "import-notes",
        help="import sticky notes from a .txt (one per line) or .csv file into a board",
    )
    notes.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    notes.add_argument("file", metavar="FILE")
    notes.add_argument("--board", metavar="NAME", help="board to add to (created if missing)")
    _db_option(notes, argparse.SUPPRESS)
    return parser


def _open(args: argparse.Namespace, *, create: bool = True, must_exist: bool = False) -> object:
    """The database to work on. A named one (``--db``, ``SPRINTDESK_DB``) must be in an
    existing folder, and must exist already unless the command creates things; with
    ``must_exist`` even the default one must (a new database cannot hold the workshop)."""
    from sprintdesk.storage.database import open_database
    from sprintdesk.storage.location import is_explicit, resolve_database

    explicit = is_explicit(args.db)
    return open_database(
        resolve_database(args.db),
        create_folder=not explicit,
        must_exist=must_exist or (explicit and not create),
    )


def _cmd_list(args: argparse.Namespace) -> int:
    from sprintdesk.domain.durations import format_minutes
    from sprintdesk.services.workshops import WorkshopService

    summaries = WorkshopService(_open(args, create=False)).list()  # type: ignore[arg-type]
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

    title = check_title(args.title)  # validate before touching the database
    date = parse_date(args.date) if args.date is not None else None
    new_id, _ = WorkshopService(_open(args)).create(title, start_date=date)  # type: ignore[arg-type]
    print(new_id)
    return 0


def _cmd_import_notes(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sprintdesk.services.errors import ValidationError
    from sprintdesk.services.note_import import NoteImportService

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        result = NoteImportService(_open(args, must_exist=True)).import_file(  # type: ignore[arg-type]
            args.workshop_id, path.name, data, args.board
        )
    except ValidationError as error:
        raise ValidationError(f"{path.name}: {error} (nothing was imported)") from None
    plural = "" if result.count == 1 else "s"
    made = " (new board)" if result.created_board else ""
    print(f"imported {result.count} note{plural} into “{result.board_name}”{made}")
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from sprintdesk.app import run_app

    return run_app(args.db)


def _fail(message: str, code: int) -> int:
    message = " ".join(str(message).split())
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    from sprintdesk.domain.errors import ValidationError

    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        return _fail(f"{error} (see sprintdesk --help)", 2)
    handlers = {"list": _cmd_list, "new": _cmd_new, "import-notes": _cmd_import_notes, None: _cmd_gui}
    try:
        from sprintdesk.storage.errors import StorageError

        return handlers[args.command](args)
    except (ValidationError, StorageError) as error:
        return _fail(str(error).rstrip("."), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 1)
    except Exception as error:  # never a traceback for the user
        return _fail(f"unexpected {type(error).__name__}: {error}", 1)
