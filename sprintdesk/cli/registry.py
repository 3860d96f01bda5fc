"""How a command is declared (one way for all of them) and what every command shares: the
``--db`` option and opening the database it names."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from sprintdesk.cli.usage import UsageError

if TYPE_CHECKING:
    from sprintdesk.storage.database import Database

__all__ = ["Command", "UsageError", "db_option", "open_database_for"]


@dataclasses.dataclass(frozen=True, slots=True)
class Command:
    """One sub-command: its name and help, what it adds to its parser, and what it runs."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str | None = None
    takes_db: bool = True  # most commands take --db PATH after their own arguments


def db_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="database file (default: $SPRINTDESK_DB, else the user data folder)",
    )


def open_database_for(args: argparse.Namespace, *, create: bool = True, must_exist: bool = False) -> Database:
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
