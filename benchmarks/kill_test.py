"""Kill test, long run (issue 6): SIGKILL a child making real edits, many times, on one file.

The child (``tests/crash_child.py``) applies randomised edits through the services and prints
each one once it is committed; this script kills it at a random moment, reopens the database,
runs ``PRAGMA integrity_check`` and checks every acknowledged edit (the same harness as
``tests/test_crash_kill.py``, with more kills). It also measures what one small commit costs
with ``synchronous=NORMAL`` (SprintDesk's setting) and ``FULL`` in WAL mode on this machine.

With ``--others`` (issue 10) the child also backs up and imports notes as the app does, while
other processes open and close the same file at random moments (``sprintdesk list``,
``sprintdesk export --json``, ``sprintdesk import-notes`` and the ``sqlite3`` shell, see
``tests/crash_others.py``); every import that reported success is checked after every round,
and ``--clean-closes N`` adds N rounds that end with a clean close instead of a kill.

Exit 0 when every kill passed, 1 on any failure.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import crash_child  # noqa: E402
import crash_others  # noqa: E402
from sqlalchemy import event  # noqa: E402

from sprintdesk.services.boards import BoardService  # noqa: E402
from sprintdesk.services.workshops import WorkshopService  # noqa: E402
from sprintdesk.storage.database import open_database  # noqa: E402


@dataclasses.dataclass
class Totals:
    kills: int = 0
    acked: int = 0
    objects_checked: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    integrity: Counter[str] = dataclasses.field(default_factory=Counter)
    pending: Counter[str] = dataclasses.field(default_factory=Counter)
    committed_unacked: int = 0
    ops: Counter[str] = dataclasses.field(default_factory=Counter)
    clean_closes: int = 0
    others: Counter[str] = dataclasses.field(default_factory=Counter)
    imports_checked: int = 0


def run_kills(
    folder: Path,
    kills: int,
    seed: int,
    low_ms: float,
    high_ms: float,
    verbose: bool,
    others: bool = False,
    clean_closes: int = 0,
) -> Totals:
    db_path = folder / "killed.sprintdesk"
    rng = random.Random(seed)
    expected: crash_child.State = {}
    totals = Totals()
    outside = crash_others.Outside(db_path, folder, random.Random(seed + 1)) if others else None
    if outside is not None:
        outside.set_up()
    closing = set(rng.sample(range(kills + clean_closes), clean_closes))
    for kill in range(kills + clean_closes):
        delay = rng.uniform(low_ms, high_ms) / 1000
        events = outside.events(delay, rng.randint(2, 4)) if outside is not None else None
        result = crash_child.kill_round(
            db_path,
            f"bench-{seed}-{kill}",
            delay,
            expected,
            others=outside is not None,
            events=events,
            clean_close=kill in closing,
        )
        if outside is not None:
            outside.finish()
            result.failures += outside.failures + outside.verify()
            outside.failures.clear()
            totals.imports_checked = len(outside.imported)
            totals.others = Counter(outside.counts)
        totals.clean_closes += kill in closing
        totals.kills += kill not in closing
        totals.acked += result.acked
        totals.objects_checked += result.objects_checked
        totals.integrity[result.integrity] += 1
        totals.pending[result.pending_op or "(between edits)"] += 1
        totals.committed_unacked += result.pending_committed
        totals.ops.update(result.ops)
        totals.failures += [f"kill {kill}: {failure}" for failure in result.failures]
        if verbose or result.failures:
            print(
                f"kill {kill:4d}: {delay * 1000:5.0f} ms, {result.acked:4d} acked, "
                f"{result.objects_checked:5d} objects ok, integrity {result.integrity}, "
                f"in flight: {result.pending_op} (committed: {result.pending_committed})"
                + (f"  FAILED: {result.failures[:3]}" if result.failures else "")
            )
    live = sum(1 for value in expected.values() if value is not None)
    print(f"database at the end: {live} live objects, {len(expected) - live} deleted ones checked gone")
    return totals


def _commit_times(connection: sqlite3.Connection, commits: int) -> list[float]:
    connection.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, x REAL, text TEXT)")
    connection.commit()
    times = []
    for i in range(commits):
        start = time.perf_counter()
        connection.execute("INSERT INTO t (x, text) VALUES (?, ?)", (i * 0.5, "a small note"))
        connection.commit()
        times.append(time.perf_counter() - start)
    return times


def measure_sqlite(folder: Path, synchronous: str, commits: int) -> list[float]:
    path = folder / f"commit-{synchronous.lower()}.db"
    connection = sqlite3.connect(path, isolation_level="DEFERRED")
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={synchronous}")
        return _commit_times(connection, commits)
    finally:
        connection.close()


def measure_service(folder: Path, synchronous: str, commits: int) -> list[float]:
    """One note moved through BoardService per commit, on a database opened by open_database."""
    db = open_database(folder / f"service-{synchronous.lower()}.sprintdesk")
    if synchronous != "NORMAL":

        def _set(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA synchronous={synchronous}")

        event.listen(db.engine, "connect", _set)  # after SprintDesk's own PRAGMAs
        db.engine.dispose()
    with db.engine.connect() as connection:
        level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert (mode, level) == ("wal", {"NORMAL": 1, "FULL": 2}[synchronous]), (mode, level)
    workshop_id, _ = WorkshopService(db).create("Commit cost")
    boards = BoardService(db)
    board_id, _ = boards.create(workshop_id, "Wall")
    (note_id,), _ = boards.add_notes(board_id, ["a small note"])
    times = []
    for i in range(commits):
        start = time.perf_counter()
        boards.move_notes(board_id, [(note_id, float(i), 0.0)])
        times.append(time.perf_counter() - start)
    db.close()
    return times


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95)]
    median, mean = statistics.median(values) * 1000, statistics.fmean(values) * 1000
    return f"median {median:7.3f} ms, mean {mean:7.3f} ms, p95 {p95 * 1000:7.3f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs, all on one database file (200)")
    parser.add_argument("--seed", type=int, default=6, help="seed of the kill delays and the edits (6)")
    parser.add_argument("--min-ms", type=float, default=20.0, help="shortest delay after the first ack (20)")
    parser.add_argument("--max-ms", type=float, default=300.0, help="longest delay after the first ack (300)")
    parser.add_argument("--commits", type=int, default=500, help="commits per synchronous setting (500)")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the files (a temporary one)")
    parser.add_argument("--verbose", action="store_true", help="one line per kill")
    parser.add_argument(
        "--others",
        action="store_true",
        help="other programs on the file (list, export, import-notes, sqlite3); child backs up and imports",
    )
    parser.add_argument("--clean-closes", type=int, default=0, help="rounds ending in a clean close (0)")
    parser.add_argument("--skip-commits", action="store_true", help="skip the commit-cost measurement")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sprintdesk-kill-", dir=args.dir) as name:
        folder = Path(name)
        print(f"files in {folder} (the same filesystem as --dir, or the system temp folder)")
        started = time.perf_counter()
        totals = run_kills(
            folder,
            args.kills,
            args.seed,
            args.min_ms,
            args.max_ms,
            args.verbose,
            others=args.others,
            clean_closes=args.clean_closes,
        )
        elapsed = time.perf_counter() - started
        print()
        print(f"kills                          {totals.kills}")
        print(f"clean closes                   {totals.clean_closes}")
        if args.others:
            print("other programs on the file     " + ", ".join(f"{k} {v}" for k, v in totals.others.items()))
            print(f"imports by other programs      {totals.imports_checked} reported success, all checked")
        print(f"acknowledged edits checked     {totals.acked}")
        print(f"object checks (last states)    {totals.objects_checked}")
        print(f"failures                       {len(totals.failures)}")
        print(f"integrity_check                {dict(totals.integrity)}")
        print(f"committed, not yet acked       {totals.committed_unacked} of {totals.kills} kills")
        print(f"time                           {elapsed:.1f} s")
        print(
            "edit in flight at the kill     " + ", ".join(f"{k} {v}" for k, v in totals.pending.most_common())
        )
        print("acknowledged edits by kind     " + ", ".join(f"{k} {v}" for k, v in totals.ops.most_common()))
        for failure in totals.failures[:20]:
            print("FAILED", failure)
        if args.skip_commits:
            return 1 if totals.failures or set(totals.integrity) != {"ok"} else 0

        print()
        print(f"one small commit, WAL, {args.commits} commits each (same folder):")
        figures = {}
        for synchronous in ("NORMAL", "FULL", "NORMAL", "FULL"):  # twice, alternating
            for kind, measure in (
                ("sqlite3 INSERT", measure_sqlite),
                ("BoardService.move_notes", measure_service),
            ):
                sub = folder / f"{kind.split()[0]}-{len(figures)}"
                sub.mkdir()
                figures[(kind, synchronous, len(figures))] = measure(sub, synchronous, args.commits)
        for kind in ("sqlite3 INSERT", "BoardService.move_notes"):
            for synchronous in ("NORMAL", "FULL"):
                runs = [v for (k, s, _), v in figures.items() if k == kind and s == synchronous]
                print(
                    f"  {kind:24s} synchronous={synchronous:6s} {_ms(runs[-1])}  (first run: {_ms(runs[0])})"
                )
    return 1 if totals.failures or set(totals.integrity) != {"ok"} else 0


if __name__ == "__main__":
    sys.exit(main())
