"""The command line: ``sprintdesk [--db PATH]`` opens the app; subcommands work headless.

Errors print one line ``sprintdesk: error: ...`` on stderr and exit 1 (2 for wrong usage).
Heavy modules (Qt, SQLAlchemy) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
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

    new = commands.add_parser("new", help="create a workshop (blank or from a template) and print its id")
    new.add_argument("--title", help="the workshop's title (required without --template)")
    new.add_argument("--template", metavar="SLUG", help="start from a template (see sprintdesk templates)")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="first day of the workshop")
    _db_option(new, argparse.SUPPRESS)

    templates = commands.add_parser("templates", help="list the workshop templates (built-in and yours)")
    templates.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _db_option(templates, argparse.SUPPRESS)
    from sprintdesk import cli_templates

    cli_templates.add_commands(commands, _db_option)

    notes = commands.add_parser(
        "import-notes",
        help="import sticky notes from a .txt (one per line) or .csv file into a board",
    )
    notes.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    notes.add_argument("file", metavar="FILE")
    notes.add_argument("--board", metavar="NAME", help="board to add to (created if missing)")
    _db_option(notes, argparse.SUPPRESS)

    export = commands.add_parser(
        "export",
        help="write a workshop's summary PDF, handout, Markdown, notes CSV or workshop file",
        description="Write one or more exports of a workshop; each file is written atomically.",
    )
    export.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    export.add_argument("--pdf", metavar="OUT.pdf", help="the facilitator summary as PDF")
    export.add_argument("--handout", metavar="OUT.pdf", help="the attendee handout as PDF")
    export.add_argument("--markdown", metavar="OUT.md", help="the summary as Markdown")
    export.add_argument("--csv", metavar="OUT.csv", help="every note, one row each")
    export.add_argument("--json", metavar="OUT.json", help="the whole workshop, for sprintdesk import")
    export.add_argument(
        "--private-notes",
        action="store_true",
        help="include the facilitator's private item notes in the Markdown",
    )
    _db_option(export, argparse.SUPPRESS)

    importing = commands.add_parser(
        "import",
        help="import a workshop file (from export --json) as a new workshop and print its id",
    )
    importing.add_argument("file", metavar="FILE.json")
    _db_option(importing, argparse.SUPPRESS)

    check = commands.add_parser(
        "check",
        help="check the database without changing it: prints ok, or the problem (exit 1)",
    )
    _db_option(check, argparse.SUPPRESS)
    backup = commands.add_parser("backup", help="back the database up now and say where to")
    _db_option(backup, argparse.SUPPRESS)
    listing_backups = commands.add_parser("backups", help="list the database's backups, newest first")
    _db_option(listing_backups, argparse.SUPPRESS)
    from sprintdesk import cli_outcomes

    cli_outcomes.register(commands, _db_option)
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

    date = parse_date(args.date) if args.date is not None else None
    if args.template is not None:
        title = check_title(args.title) if args.title is not None else None
        from sprintdesk import cli_templates

        service = cli_templates.template_service_for(args, args.template, _open)  # before creating a database
        new_id, _ = service.create_from(args.template, title=title, start_date=date)
        print(new_id)
        return 0
    if args.title is None:
        raise UsageError("new needs --title TITLE, or --template SLUG")
    title = check_title(args.title)  # validate before touching the database
    new_id, _ = WorkshopService(_open(args)).create(title, start_date=date)  # type: ignore[arg-type]
    print(new_id)
    return 0


def _cmd_import_notes(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sprintdesk.cli_input import read_input
    from sprintdesk.domain.file_limits import NOTE_FILE_BYTES
    from sprintdesk.services.errors import ValidationError
    from sprintdesk.services.note_import import NoteImportService

    path = Path(args.file)
    data = read_input(path, limit=NOTE_FILE_BYTES, files="note files")
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


_OUTPUTS = ("pdf", "handout", "markdown", "csv", "json")


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sprintdesk.services.exports import ExportService
    from sprintdesk.services.workshop_file import WorkshopFileService

    if not any(getattr(args, name) for name in _OUTPUTS):
        raise UsageError("export needs at least one of --pdf, --handout, --markdown, --csv, --json")
    targets = [Path(getattr(args, name)) for name in _OUTPUTS if getattr(args, name)]
    if len({t.resolve() for t in targets}) < len(targets):
        raise UsageError("export needs a different file for each output")
    db = _open(args, create=False, must_exist=True)
    exports = ExportService(db)  # type: ignore[arg-type]
    summary = None
    if args.pdf or args.handout or args.markdown or args.csv:
        summary = exports.summary(args.workshop_id)
    written = []
    if args.json:
        size = WorkshopFileService(db).export(args.workshop_id, Path(args.json))  # type: ignore[arg-type]
        written.append(f"wrote workshop file {args.json} ({size:,} bytes)")
    if args.markdown:
        written.append(exports.markdown(summary, Path(args.markdown), private_notes=args.private_notes))
    if args.csv:
        written.append(exports.notes_csv(summary, Path(args.csv)))
    for kind, target in (("summary", args.pdf), ("handout", args.handout)):
        if target:
            written.append(exports.pdf(kind, summary, Path(target)))
    for line in written:
        print(line if isinstance(line, str) else line.describe())
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sprintdesk.cli_input import read_input
    from sprintdesk.domain.file_limits import WORKSHOP_FILE_BYTES
    from sprintdesk.services.errors import ValidationError
    from sprintdesk.services.workshop_file import WorkshopFileService

    path = Path(args.file)
    data = read_input(path, limit=WORKSHOP_FILE_BYTES, files="workshop files")
    try:
        content = WorkshopFileService.read(data)  # checked before any database is opened
    except ValidationError as error:
        raise ValidationError(f"{path.name}: {error} (nothing was imported)") from None
    imported = WorkshopFileService(_open(args)).store(content)  # type: ignore[arg-type]
    print(imported.workshop_id)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from sprintdesk.storage.database import check_database
    from sprintdesk.storage.location import resolve_database

    problem = check_database(resolve_database(args.db))
    print("ok" if problem is None else " ".join(problem.split()))
    return 0 if problem is None else 1


def _backup_target(args: argparse.Namespace) -> object:
    from sprintdesk.services.errors import StorageError
    from sprintdesk.storage.backup import sqlite_path_of
    from sprintdesk.storage.location import resolve_database

    path = sqlite_path_of(resolve_database(args.db))
    if path is None:
        raise StorageError("only SQLite database files have SprintDesk backups")
    return path


def _cmd_backup(args: argparse.Namespace) -> int:
    from sprintdesk.storage.backup import take_backup

    path = _backup_target(args)
    info = take_backup(path, "asked for (sprintdesk backup)")  # type: ignore[arg-type]
    print(f"backed up {path} to {info.path}")
    print(f"it holds {info.describe().split('(', 1)[1].rstrip(')')}")
    return 0


def _cmd_backups(args: argparse.Namespace) -> int:
    from sprintdesk.storage.backup import backup_folder, list_backups

    path = _backup_target(args)
    found = list_backups(path)  # type: ignore[arg-type]
    if not found:
        print(f"No backups yet of {path}. Make one with: sprintdesk backup --db {path}")
        return 0
    print(f"{len(found)} backup{'s' if len(found) != 1 else ''} of {path} in {backup_folder(path)}:")  # type: ignore[arg-type]
    width = max(len(b.reason) for b in found)
    for b in found:
        workshops = "?" if b.workshops is None else str(b.workshops)
        notes = "?" if b.notes is None else str(b.notes)
        print(
            f"{b.created:%Y-%m-%d %H:%M:%S} UTC  {b.reason.ljust(width)}  "
            f"{workshops:>4} workshops  {notes:>6} notes  {b.path.name}"
        )
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from sprintdesk.app import run_app

    return run_app(args.db)


def _start_export_journal() -> None:
    """Record the temporary files of exports (so a killed one is cleaned up at the next
    start) and remove what killed exports left behind."""
    from sprintdesk.export.temp_journal import start_journal
    from sprintdesk.storage.location import export_journal_dir

    start_journal(export_journal_dir())


def _fail(message: str, code: int) -> int:
    message = " ".join(str(message).split())
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _plain_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """``sprintdesk`` or ``sprintdesk --db PATH``: the app itself, without building the whole
    parser (its sub-commands' help texts cost start-up time). Anything else returns None."""
    args = list(argv)
    if not args:
        return argparse.Namespace(command=None, db=None)
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return argparse.Namespace(command=None, db=args[1])
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return argparse.Namespace(command=None, db=args[0][len("--db=") :])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from sprintdesk.domain.errors import ValidationError

    try:
        plain = _plain_launch(sys.argv[1:] if argv is None else argv)
        args = plain if plain is not None else build_parser().parse_args(argv)
    except UsageError as error:
        return _fail(f"{error} (see sprintdesk --help)", 2)
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {None: _cmd_gui}
    if args.command is not None:  # the app itself needs none of the commands' modules
        from sprintdesk import cli_templates
        from sprintdesk.cli_outcomes import HANDLERS as OUTCOME_HANDLERS

        handlers.update(
            {
                "list": _cmd_list,
                "new": _cmd_new,
                "import-notes": _cmd_import_notes,
                "export": _cmd_export,
                "import": _cmd_import,
                "check": _cmd_check,
                "backup": _cmd_backup,
                "backups": _cmd_backups,
                **cli_templates.handlers(_open),
                **OUTCOME_HANDLERS,
            }
        )
    try:
        from sprintdesk.services.errors import ExportError, StorageError

        if args.command is not None:  # the app does this itself, after its first paint
            _start_export_journal()
        return handlers[args.command](args)
    except UsageError as error:
        return _fail(f"{error} (see sprintdesk {args.command} --help)", 2)
    except (ValidationError, StorageError, ExportError) as error:
        return _fail(str(error).rstrip("."), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 1)
    except Exception as error:  # never a traceback for the user
        return _fail(f"unexpected {type(error).__name__}: {error}", 1)
