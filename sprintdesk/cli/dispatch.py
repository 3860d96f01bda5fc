"""The parser, built from every command's declaration, and the one place that runs a command
and turns its failure into one line (``sprintdesk: error: ...``, exit 1; 2 for wrong usage).

``sprintdesk`` and ``sprintdesk --db PATH`` launch the app without building the parser (its
sub-commands' help texts and modules cost start-up time)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from sprintdesk import __version__
from sprintdesk.cli.usage import UsageError

if TYPE_CHECKING:  # the commands' declarations load only when the parser is built
    from sprintdesk.cli.registry import Command

PROG = "sprintdesk"
# The modules that declare commands, in the order of the help's list.
COMMAND_MODULES = ("workshops", "templates", "exchange", "backups", "outcomes", "desktop")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def commands() -> list[Command]:
    found: list[Command] = []
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"sprintdesk.cli.{name}")
        found.extend(module.COMMANDS)
    return found


def build_parser() -> argparse.ArgumentParser:
    from sprintdesk.cli.registry import db_option

    parser = _Parser(prog=PROG, description="SprintDesk: timed agendas and a presenter view for workshops.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    db_option(parser, None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in commands():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.description)
        command.arguments(sub)
        if command.takes_db:
            db_option(sub, argparse.SUPPRESS)
        sub.set_defaults(run=command.run)
    return parser


def launch_app(args: argparse.Namespace) -> int:
    from sprintdesk.app import run_app

    return run_app(args.db)


def _start_export_journal() -> None:
    """Record the temporary files of exports (so a killed one is cleaned up at the next
    start) and remove what killed exports left behind."""
    from sprintdesk.export.temp_journal import start_journal
    from sprintdesk.storage.location import export_journal_dir

    start_journal(export_journal_dir())


def fail(message: str, code: int) -> int:
    message = " ".join(str(message).split())
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def plain_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """``sprintdesk`` or ``sprintdesk --db PATH``: the app itself. Anything else: None."""
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
        plain = plain_launch(sys.argv[1:] if argv is None else argv)
        args = plain if plain is not None else build_parser().parse_args(argv)
    except UsageError as error:
        return fail(f"{error} (see sprintdesk --help)", 2)
    if args.command is None:
        return launch_app(args)
    try:
        from sprintdesk.services.errors import ExportError, StorageError

        _start_export_journal()  # the app does this itself, after its first paint
        code: int = args.run(args)
        return code
    except UsageError as error:
        return fail(f"{error} (see sprintdesk {args.command} --help)", 2)
    except (ValidationError, StorageError, ExportError) as error:
        return fail(str(error).rstrip("."), 1)
    except KeyboardInterrupt:
        return fail("interrupted", 1)
    except Exception as error:  # never a traceback for the user
        return fail(f"unexpected {type(error).__name__}: {error}", 1)
