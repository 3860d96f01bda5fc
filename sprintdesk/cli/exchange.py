"""Moving things in and out: ``import-notes``, ``export`` and ``import``. Each file named is
read no further than its limit, and each export is written atomically."""

from __future__ import annotations

import argparse

from sprintdesk.cli.registry import Command, UsageError, open_database_for


def _import_notes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--board", metavar="NAME", help="board to add to (created if missing)")


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    parser.add_argument("--pdf", metavar="OUT.pdf", help="the facilitator summary as PDF")
    parser.add_argument("--handout", metavar="OUT.pdf", help="the attendee handout as PDF")
    parser.add_argument("--markdown", metavar="OUT.md", help="the summary as Markdown")
    parser.add_argument("--csv", metavar="OUT.csv", help="every note, one row each")
    parser.add_argument("--json", metavar="OUT.json", help="the whole workshop, for sprintdesk import")
    parser.add_argument(
        "--private-notes",
        action="store_true",
        help="include the facilitator's private item notes in the Markdown",
    )


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.json")


def _cmd_import_notes(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sprintdesk.cli.read_input import read_input
    from sprintdesk.domain.file_limits import NOTE_FILE_BYTES
    from sprintdesk.services.errors import ValidationError
    from sprintdesk.services.note_import import NoteImportService

    path = Path(args.file)
    data = read_input(path, limit=NOTE_FILE_BYTES, files="note files")
    try:
        result = NoteImportService(open_database_for(args, must_exist=True)).import_file(
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
    db = open_database_for(args, create=False, must_exist=True)
    exports = ExportService(db)
    written: list[str] = []
    if args.json:
        size = WorkshopFileService(db).export(args.workshop_id, Path(args.json))
        written.append(f"wrote workshop file {args.json} ({size:,} bytes)")
    if args.pdf or args.handout or args.markdown or args.csv:
        summary = exports.summary(args.workshop_id)
        if args.markdown:
            written.append(
                exports.markdown(summary, Path(args.markdown), private_notes=args.private_notes).describe()
            )
        if args.csv:
            written.append(exports.notes_csv(summary, Path(args.csv)).describe())
        for kind, target in (("summary", args.pdf), ("handout", args.handout)):
            if target:
                written.append(exports.pdf(kind, summary, Path(target)).describe())
    for line in written:
        print(line)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sprintdesk.cli.read_input import read_input
    from sprintdesk.domain.file_limits import WORKSHOP_FILE_BYTES
    from sprintdesk.services.errors import ValidationError
    from sprintdesk.services.workshop_file import WorkshopFileService

    path = Path(args.file)
    data = read_input(path, limit=WORKSHOP_FILE_BYTES, files="workshop files")
    try:
        content = WorkshopFileService.read(data)  # checked before any database is opened
    except ValidationError as error:
        raise ValidationError(f"{path.name}: {error} (nothing was imported)") from None
    imported = WorkshopFileService(open_database_for(args)).store(content)
    print(imported.workshop_id)
    return 0


COMMANDS = (
    Command(
        "import-notes",
        "import sticky notes from a .txt (one per line) or .csv file into a board",
        _import_notes_arguments,
        _cmd_import_notes,
    ),
    Command(
        "export",
        "write a workshop's summary PDF, handout, Markdown, notes CSV or workshop file",
        _export_arguments,
        _cmd_export,
        description="Write one or more exports of a workshop; each file is written atomically.",
    ),
    Command(
        "import",
        "import a workshop file (from export --json) as a new workshop and print its id",
        _import_arguments,
        _cmd_import,
    ),
)
