"""Peak memory (and time) of importing the largest files SprintDesk accepts (issue 10, item 6).

Method
------
Each import is one fresh child process running SprintDesk's own command line in-process
(``sprintdesk.cli.main([...])``: the bounded read, the JSON pre-scan, parsing, the schema
check and the one-transaction store, exactly as ``sprintdesk import`` and ``sprintdesk
import-notes`` do) on a fresh copy of a small database. The parent waits for it with
``os.wait4`` and reports that child's own peak resident set size (``ru_maxrss``) and its wall
time. The baseline is the same child importing a tiny file of the same kind: interpreter,
SQLAlchemy, jsonschema and the schema itself, i.e. what any import costs.

Files (made in a temporary folder; the figures in RESULTS.md name their sizes):

* ``notes .txt``: 50,000 notes (the limit) of about 199 characters, 10 MB (the limit).
* ``notes .csv``: 50,000 rows with text, colour, author (500 people), cluster (200) and
  votes, just under 10 MB.
* ``workshop (SprintDesk-written)``: a workshop file as ``sprintdesk export --json`` writes
  it (indented), just under 50 MB: boards of 2,500 notes in 25 clusters, a vote of 200
  people x 10 dots each, a run log and outcomes.
* ``workshop (compact)``: the same records without indentation or spaces, cut to just under
  50 MB and 5,000,000 JSON values: the most records a file may hold.
* ``workshop (long texts)``: notes of 100,000 characters (the longest a note may be) of
  Greek and Latin text, just under 50 MB.
* ``workshop (200,000 dots)``: 4,000 people with 50 dots each on 2,000 notes, 11 MB (the
  hostile-input run's file of that size took 106 s).
* refused files, to show that what is refused costs no more: 50 MB of empty lists (was
  1.2 GB), 50 MB nested 25,000,000 deep, 50 MB of short texts under the value limit.

Exit status 0 when every accepted file's peak is at most ``--target-mb`` (default 500 MB)
and every refused file's peak at most the largest accepted one's, 1 otherwise.

    .venv/bin/python benchmarks/import_memory.py            # about 5 minutes
    .venv/bin/python benchmarks/import_memory.py --only notes
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _report import table

HERE = Path(__file__).resolve().parent
MB = 1_000_000


@dataclass
class Result:
    name: str
    size: int
    peak_mb: float
    seconds: float
    outcome: str


def _child(command: list[str]) -> int:
    """Runs in the child: SprintDesk's command line, in this process."""
    from sprintdesk.cli import main

    return main(command)


def measure(name: str, command: list[str], size: int, env: dict[str, str]) -> Result:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(command)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    outcome = "imported" if code == 0 else (err.strip().splitlines() or [f"exit {code}"])[-1]
    outcome = outcome.replace("sprintdesk: error: ", "refused: ")
    if code == 0 and not out.strip():
        outcome = "exit 0, no output"
    return Result(name, size, usage.ru_maxrss / 1024, seconds, outcome[:72])


# -- files ---------------------------------------------------------------------------------------


def notes_txt(path: Path, count: int) -> Path:
    line = "Shorter sign-up: ask for the e-mail address only and the rest later, once they have seen"
    text = "\n".join(f"{i:05d} {line} {line} {line}"[:199] for i in range(count))  # 200 bytes a note
    path.write_text(text, encoding="utf-8")
    return path


def notes_csv(path: Path, count: int) -> Path:
    colors = ("yellow", "blue", "green", "pink")
    rows = ["text,color,author,cluster,votes"]
    body = "Shorter sign-up: ask for the e-mail address only, the rest later once they have seen it work"
    for i in range(count):
        rows.append(f'"{i} {body} {body[:70]}",{colors[i % 4]},Person {i % 500},Theme {i % 200},{i % 7}')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _workshop_document(
    boards: int, notes_per_board: int = 2_500, text: str | None = None
) -> dict[str, object]:
    import datetime as dt

    from sprintdesk.domain.outcomes import OutcomeKind, Status
    from sprintdesk.domain.run_events import RunAction
    from sprintdesk.domain.workshop import ItemKind, Role
    from sprintdesk.export.interchange.workshop_file import (
        FileBoard,
        FileCluster,
        FileDay,
        FileItem,
        FileNote,
        FileOutcome,
        FileParticipant,
        FileRunEvent,
        FileVote,
        FileVoteSession,
        WorkshopFile,
        to_document,
    )

    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    people = 200
    n = 0
    file_boards = []
    for b in range(boards):
        notes = []
        for i in range(notes_per_board):
            n += 1
            body = text if text is not None else f"Idea {n}: shorter sign-up, ask for the e-mail only ({b})"
            notes.append(
                FileNote(
                    f"n{n}", body, x=i * 10.0, y=b * 5.0, author=f"p{i % people}", cluster=f"c{b}-{i % 25}"
                )
            )
        dots = (
            tuple(
                FileVote(f"p{p}", notes[(p * 10 + d) % len(notes)].key)
                for p in range(people)
                for d in range(10)
            )
            if notes_per_board >= 10
            else ()
        )
        file_boards.append(
            FileBoard(
                f"b{b}",
                f"Board {b}",
                clusters=tuple(FileCluster(f"c{b}-{c}", f"Theme {c}") for c in range(25)),
                notes=tuple(notes),
                vote=FileVoteSession(10, 0, False, True, dots),
            )
        )
    content = WorkshopFile(
        title="The largest accepted workshop",
        participants=tuple(FileParticipant(f"p{p}", f"Person {p}", Role.OTHER) for p in range(people)),
        days=(
            FileDay(
                "Day 1",
                dt.time(9, 0),
                tuple(FileItem(f"i{i}", f"Item {i}", 10, ItemKind.EXERCISE) for i in range(40)),
            ),
        ),
        run_log=tuple(
            FileRunEvent(RunAction.START, f"i{i % 40}", at + dt.timedelta(seconds=i), 0.0, True)
            for i in range(2_000)
        ),
        boards=tuple(file_boards),
        outcomes=tuple(
            FileOutcome(OutcomeKind.ACTION, f"Action {i}", at, owner=f"p{i % people}", status=Status.OPEN)
            for i in range(500)
        ),
    )
    return to_document(content, at)


def _largest(make: object, dumps: object, limit: int = 50 * MB) -> bytes:
    """The most boards whose file stays under ``limit`` bytes and 5,000,000 values."""
    from sprintdesk.domain.file_limits import JSON_VALUES
    from sprintdesk.export.interchange.reader import json_shape

    one, two = (len(dumps(make(count))) for count in (1, 2))  # type: ignore[operator]
    boards = max(1, (limit - one) // (two - one) + 1)
    while True:
        data: bytes = dumps(make(boards))  # type: ignore[operator]
        if len(data) <= limit and json_shape(data)[1] <= JSON_VALUES:
            return data
        boards -= 1


def dots_document(people: int, budget: int, notes: int) -> dict[str, object]:
    """One board, ``people * budget`` dots (the hostile-input run's 11 MB, 200,000-dot file
    took 106 s, and its dots were past the budget; these are within it)."""
    return {
        "format": "sprintdesk.workshop",
        "version": 1,
        "exported_at": "2026-12-01T17:00:00Z",
        "workshop": {
            "title": "Dots",
            "goal": "",
            "start_date": None,
            "facilitator": "",
            "participants": [{"key": f"p{p}", "name": f"Person {p}", "role": "Other"} for p in range(people)],
            "days": [{"title": "", "start_time": "09:00", "items": []}],
            "run_log": [],
            "boards": [
                {
                    "key": "b1",
                    "name": "Wall",
                    "private_writing": False,
                    "clusters": [],
                    "notes": [
                        {"key": f"n{i}", "text": f"idea {i}", "x": i, "y": 0, "color": "yellow",
                         "author": None, "cluster": None, "covered": False, "imported_votes": 0}
                        for i in range(notes)
                    ],
                    "vote": {
                        "budget": budget, "supervote_budget": 0, "allow_stacking": False, "revealed": True,
                        "votes": [
                            {"participant": f"p{p}", "note": f"n{(p * budget + d) % notes}",
                             "supervote": False}
                            for p in range(people) for d in range(budget)
                        ],
                    },
                }
            ],
        },
    }  # fmt: skip


def indented(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def compact(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def workshop_files(folder: Path) -> dict[str, Path]:
    files = {
        "workshop (SprintDesk-written)": _largest(lambda b: _workshop_document(b), indented),
        "workshop (compact)": _largest(lambda b: _workshop_document(b), compact),
        "workshop (long texts)": _largest(
            lambda b: _workshop_document(b, 20, ("Ελένη Zoë Ærøskøbing " * 5_000)[:100_000]), compact
        ),
        "tiny workshop (baseline)": compact(_workshop_document(1, 5)),
        "workshop (200,000 dots)": compact(dots_document(4_000, 50, 2_000)),
    }
    paths = {}
    for name, data in files.items():
        path = folder / (
            name.split(" (")[0].replace(" ", "-")
            + "-"
            + name.split("(")[1].rstrip(")").replace(" ", "-")
            + ".json"
        )
        path.write_bytes(data)
        paths[name] = path
    return paths


def refused_files(folder: Path) -> dict[str, Path]:
    head = b'{"format": "sprintdesk.workshop", "version": 1, "exported_at": "2026-12-01T09:00:00Z", "x": '
    room = 50 * MB - len(head) - 2
    empties = head + b"[" + b"[]," * (room // 3 - 1) + b"[]]}"
    deep = head + b"[" * (room // 2) + b"]" * (room // 2) + b"}"
    words = head + b"[" + b'"a few words of text here",' * 1_700_000 + b'""]}'
    paths = {}
    for name, data in (
        ("refused: empty lists", empties),
        ("refused: nested", deep),
        ("refused: short texts", words),
    ):
        path = folder / (name.split(": ")[1].replace(" ", "-") + ".json")
        path.write_bytes(data)
        paths[name] = path
    return paths


def make_files(folder: Path, only: str | None) -> dict[str, str]:
    """Runs in a child (``--make``), so that the parent never holds the big files: a child
    started from a big parent would inherit its peak (``ru_maxrss`` survives ``exec``)."""
    made: dict[str, Path] = {}
    if only in (None, "notes"):
        made["tiny notes .txt (baseline)"] = notes_txt(folder / "tiny.txt", 5)
        made["notes .txt"] = notes_txt(folder / "notes.txt", 50_000)
        made["notes .csv"] = notes_csv(folder / "notes.csv", 50_000)
    if only in (None, "workshop"):
        made.update(workshop_files(folder))
        made.update(refused_files(folder))
    return {name: str(path) for name, path in made.items()}


def run(args: argparse.Namespace) -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="sprintdesk-import-memory-"))
    env = {k: v for k, v in os.environ.items() if k != "SPRINTDESK_DB"}
    env.update({"HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"), "QT_QPA_PLATFORM": "offscreen"})
    results: list[Result] = []
    try:
        template_db = folder / "template.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "sprintdesk", "new", "--title", "Target", "--db", str(template_db)],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        only = ["--only", args.only] if args.only else []
        made = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--make", str(folder), *only],
            check=True, env=env, capture_output=True, text=True,
        )  # fmt: skip
        files: dict[str, str] = json.loads(made.stdout)
        order = sorted(
            files, key=lambda name: ("workshop" in name or "refused" in name, "baseline" not in name)
        )
        for name in order:
            path = Path(files[name])
            target = folder / f"db-{len(results)}.sqlite3"
            shutil.copy(template_db, target)
            kind = ["import-notes", "1"] if "notes" in name else ["import"]
            results.append(measure(name, [*kind, str(path), "--db", str(target)], path.stat().st_size, env))
            print(f"  {results[-1]}", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Peak memory of importing the largest accepted files.")
    parser.add_argument("--only", choices=("notes", "workshop"), help="run one kind of file only")
    parser.add_argument(
        "--target-mb", type=float, default=500.0, help="most peak RSS an accepted file may take"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(json.loads(args.child))
    if args.make:
        print(json.dumps(make_files(Path(args.make), args.only)))
        return 0
    results = run(args)
    rows = [["file", "size", "peak RSS MB", "over baseline MB", "seconds", "outcome"]]
    baseline = {"notes": 0.0, "workshop": 0.0}
    for r in results:
        kind = "notes" if "notes" in r.name else "workshop"
        if "baseline" in r.name:
            baseline[kind] = r.peak_mb
        extra = r.peak_mb - baseline[kind]
        rows.append(
            [
                r.name,
                f"{r.size / MB:.2f} MB",
                f"{r.peak_mb:.0f}",
                f"{extra:+.0f}",
                f"{r.seconds:.1f}",
                r.outcome,
            ]
        )
    print(table(rows))
    accepted = [r for r in results if not r.name.startswith("refused") and "baseline" not in r.name]
    refused = [r for r in results if r.name.startswith("refused")]
    if any(r.outcome != "imported" for r in accepted) or any(
        not r.outcome.startswith("refused") for r in refused
    ):
        print("a file was not imported (or refused) as expected", file=sys.stderr)
        return 1
    worst = max((r.peak_mb for r in accepted), default=0.0)
    met = worst <= args.target_mb and all(r.peak_mb <= max(worst, args.target_mb) for r in refused)
    verdict = "met" if met else "MISSED"
    print(f"largest accepted peak {worst:.0f} MB; target <= {args.target_mb:.0f} MB: {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
