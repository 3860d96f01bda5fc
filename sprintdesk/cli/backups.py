"""The database itself: ``check`` (without changing it), ``backup`` and ``backups``."""

from __future__ import annotations

import argparse
from pathlib import Path

from sprintdesk.cli.registry import Command


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    pass


def _cmd_check(args: argparse.Namespace) -> int:
    from sprintdesk.storage.database import check_database
    from sprintdesk.storage.location import resolve_database

    problem = check_database(resolve_database(args.db))
    print("ok" if problem is None else " ".join(problem.split()))
    return 0 if problem is None else 1


def _backup_target(args: argparse.Namespace) -> Path:
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
    info = take_backup(path, "asked for (sprintdesk backup)")
    print(f"backed up {path} to {info.path}")
    print(f"it holds {info.describe().split('(', 1)[1].rstrip(')')}")
    return 0


def _cmd_backups(args: argparse.Namespace) -> int:
    from sprintdesk.storage.backup import backup_folder, list_backups

    path = _backup_target(args)
    found = list_backups(path)
    if not found:
        print(f"No backups yet of {path}. Make one with: sprintdesk backup --db {path}")
        return 0
    print(f"{len(found)} backup{'s' if len(found) != 1 else ''} of {path} in {backup_folder(path)}:")
    width = max(len(b.reason) for b in found)
    for b in found:
        workshops = "?" if b.workshops is None else str(b.workshops)
        notes = "?" if b.notes is None else str(b.notes)
        print(
            f"{b.created:%Y-%m-%d %H:%M:%S} UTC  {b.reason.ljust(width)}  "
            f"{workshops:>4} workshops  {notes:>6} notes  {b.path.name}"
        )
    return 0


COMMANDS = (
    Command(
        "check",
        "check the database without changing it: prints ok, or the problem (exit 1)",
        _no_arguments,
        _cmd_check,
    ),
    Command("backup", "back the database up now and say where to", _no_arguments, _cmd_backup),
    Command("backups", "list the database's backups, newest first", _no_arguments, _cmd_backups),
)
