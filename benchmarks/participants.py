"""Participants' phones (issue 13): simulated phones on loopback against SprintDesk's room
server, with the real workshop window open offscreen, beside the floor in the same run.

For each number of phones (default 30, 100, 300, 1,000) three cases run one after the other,
each in a fresh process (``_room_case.py``) that opens the real ``WorkshopWindow`` offscreen
(1600 x 900, Boards tab, an empty board "Ideas from the room" linked to the first agenda item
of the sample workshop, on a real SQLite file) and starts a server in a worker thread:

* ``floor-bare``: a bare aiohttp server of the same kind that answers the same requests with
  the same shapes and does nothing else (``_floor.py``);
* ``floor-sqlite``: the same, committing each note and each dot to a SQLite file of its own;
* ``sprintdesk``: SprintDesk's room server (``sprintdesk.web.server.RoomServer``), joining
  started on 127.0.0.1, its ``on_changes`` handed to the interface thread by a queued signal
  into the ``ChangeHub`` (``_room_server.py`` says which path was used).

The phones (``_phones.py``, a child process with one asyncio loop and an aiohttp session per
phone) join within ``--join-spread`` s, write 10 notes each at random moments over
``--note-spread`` s (30 s), resend some with the same key, then cast 3 dots each once the
facilitator starts the vote from the board panel (``--dot-spread`` s of reaction time).

Measured, for the notes phase and the vote together (the "burst"):

* acknowledgement: a note's ``POST /api/notes`` from send to response, at the phone (p50, p99);
* on the board: from the phone's acknowledgement to the note's item added to the facilitator's
  board scene (``BoardScene._new_item`` wrapped on the window's scene; p99), and to the
  viewport's next paint after that (informational: a note outside the view is not painted);
* event-loop lag: a 5 ms single-shot ``PreciseTimer`` armed again each time it fires on the
  interface thread; lateness = fired - (armed + 5 ms); a firing L ms late also counts the
  ticks it stood for (L - 5, L - 10, ... ms), so a freeze weighs by its length (p99);
* CPU: process time / wall of the app's process between "all joined" and "all dots cast"
  (100 % = one core), and per thread (interface thread, server thread);
* lost / doubled: acknowledged notes (by their unique texts and keys) against the store after
  the run; a resend answered with another id counts as doubled; dots acknowledged / stored.

The participant page's first load (``_pagesize.py``) is measured on SprintDesk's server. A
case whose interface thread does not come back in time (about 7 minutes) is ended by a
watchdog thread with what was measured so far, and marked "stopped" (it meets no target).
Exit status 0 when every target is met, 1 when one is missed, 2 when the benchmark could not
run. Times are ``time.monotonic_ns()``, the same clock in every process.

    .venv/bin/python benchmarks/participants.py                        # 30, 100, 300, 1,000 phones
    .venv/bin/python benchmarks/participants.py --quick                # 30 and 100, 5 s of notes
    .venv/bin/python benchmarks/participants.py --phones 100 --kinds floor-bare,sprintdesk
    .venv/bin/python benchmarks/participants.py --costs --phones 1000  # the service's calls alone
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import percentile, table

KINDS = ("floor-bare", "floor-sqlite", "sprintdesk")
PAGE_LIMIT = 60 * 1024


def p(values: list[float], share: float) -> float | None:
    return percentile(values, share) if values else None


def ms(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def run_case(kind: str, phones: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    folder = root / f"{kind}-{phones}"
    folder.mkdir()
    command = [
        sys.executable, __file__, "--case", kind, "--phones", str(phones), "--root", str(folder),
        "--join-spread", str(args.join_spread), "--note-spread", str(args.note_spread),
        "--dot-spread", str(args.dot_spread), "--seed", str(args.seed), "--route", args.route,
        *(["--share"] if args.share else []),
    ]  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[7:])
            return result
    tail = (done.stderr or done.stdout).strip().splitlines()[-8:]
    return {"kind": kind, "phones": phones, "failed": "\n".join(tail) or f"exit {done.returncode}"}


def row(result: dict[str, Any]) -> list[str]:
    if "failed" in result:
        failed = "failed: " + result["failed"].splitlines()[-1][:60]
        return [f"{result['phones']:,}", result["kind"], failed] + [""] * (len(HEADER) - 3)
    counts = result["lost_doubled"]
    return [
        f"{result['phones']:,}",
        result["kind"] + (" (stopped)" if result.get("stopped") else ""),
        ms(p(result["ack_ms"], 0.5), 2),
        ms(p(result["ack_ms"], 0.99)),
        ms(p(result["board_ms"], 0.99)) if result["kind"] == "sprintdesk" else "-",
        ms(p(result["painted_ms"], 0.99)) if result["kind"] == "sprintdesk" else "-",
        ms(p(result["lag_ms"], 0.99)),
        f"{100 * result['cpu']:.0f} %",
        f"{counts['lost']}",
        f"{counts['doubled']}",
        ms(p(result["dot_ms"], 0.99)),
        ms(p(result["join_ms"], 0.99), 0),
        f"{result['error_count']}",
    ]


HEADER = ["phones", "server", "ack p50 ms", "ack p99 ms", "on board p99 ms", "painted p99 ms",
          "lag p99 ms", "CPU", "lost", "doubled", "dot p99 ms", "join p99 ms", "errors"]  # fmt: skip


def detail_rows(results: list[dict[str, Any]]) -> list[list[str]]:
    rows = [["phones", "server", "acked", "resends ok", "tries", "dots ok/stored", "not on board",
             "lag p99 notes/vote", "lag max", "lag idle p99", "CPU threads (notes)",
             "CPU vote", "phones CPU", "vote seen p99 ms", "dot bytes"]]  # fmt: skip
    for r in results:
        if "failed" in r:
            continue
        c = r["lost_doubled"]
        threads = ", ".join(f"{k} {100 * v:.0f} %" for k, v in sorted(r["cpu_threads"].items()) if v >= 0.01)
        rows.append(
            [
                f"{r['phones']:,}",
                r["kind"],
                f"{c['acked']}",
                f"{c['resends_acked']}/{c['resends']}",
                f"{r['tries']}",
                f"{c['dots_acked']}/{c['dots_stored']}",
                f"{r['not_on_board']}" if r["kind"] == "sprintdesk" else "-",
                f"{ms(p(r['lag_notes_ms'], 0.99))}/{ms(p(r['lag_vote_ms'], 0.99))}",
                ms(max(r["lag_ms"]) if r["lag_ms"] else None),
                ms(p(r["lag_idle_ms"], 0.99), 2),
                threads,
                f"{100 * r['cpu_vote']:.0f} %",
                f"{100 * r['phones_cpu']:.0f} %",
                ms(p(r["vote_seen_ms"], 0.99)),
                f"{median(r['dot_bytes']):,.0f}" if r["dot_bytes"] else "-",
            ]
        )
    return rows


def targets(results: list[dict[str, Any]]) -> list[tuple[str, float | None, str, bool | None]]:
    """(target, value, limit text, met) for the issue's targets."""
    by = {(r["kind"], r["phones"]): r for r in results if "failed" not in r}
    checks: list[tuple[str, float | None, str, bool | None]] = []

    def add(name: str, value: float | None, limit: float, unit: str = "ms", stopped: bool = False) -> None:
        met = None if value is None else value <= limit and not stopped
        checks.append(
            (name + (" (run stopped: partial)" if stopped else ""), value, f"<= {limit:g} {unit}", met)
        )

    for phones in (100, 1000):
        real = by.get(("sprintdesk", phones))
        if real is None:
            continue
        cut = bool(real.get("stopped"))
        add(
            f"{phones:,} phones: acknowledgement p99",
            p(real["ack_ms"], 0.99),
            50 if phones == 100 else 100,
            "ms",
            cut,
        )
        if phones == 100:
            add("100 phones: on the board p99", p(real["board_ms"], 0.99), 250, "ms", cut)
        else:
            floor = by.get(("floor-bare", phones))
            if floor is not None:
                real_p99, floor_p99 = p(real["ack_ms"], 0.99), p(floor["ack_ms"], 0.99)
                ratio = None if real_p99 is None or not floor_p99 else real_p99 / floor_p99
                add("1,000 phones: acknowledgement p99 / bare server's p99", ratio, 5, "x", cut)
        add(f"{phones:,} phones: event-loop lag p99", p(real["lag_ms"], 0.99), 16, "ms", cut)
        add(f"{phones:,} phones: notes lost", real["lost_doubled"]["lost"], 0, "", cut)
        add(f"{phones:,} phones: notes doubled", real["lost_doubled"]["doubled"], 0, "", cut)
    page = next((r["page"] for r in results if r.get("page")), None)
    if page is not None:
        add("participant page: first load (bytes transferred)", page["wire"], PAGE_LIMIT, "bytes")
    return checks


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> int:
    print()
    print("Notes and dots (the burst: all notes, then the vote)")
    print(table([HEADER] + [row(r) for r in results]))
    print()
    print("Details")
    print(table(detail_rows(results)))
    page = next((r["page"] for r in results if r.get("page")), None)
    if page is not None:
        print()
        print("Participant page, first load (SprintDesk's server)")
        rows = [["file", "status", "encoding", "bytes on the wire", "body bytes"]]
        for f in page["files"]:
            rows.append(
                [f["path"], str(f["status"]), f["encoding"] or "-", f"{f['wire']:,}", f"{f['body']:,}"]
            )
        rows.append(["total", "", "", f"{page['wire']:,}", f"{page['body']:,}"])
        print(table(rows))
    errors = [(r["kind"], r["phones"], e) for r in results if "failed" not in r for e in r["errors"][:3]]
    if errors:
        print()
        print("First errors seen by the phones")
        for kind, phones, error in errors[:12]:
            print(f"  {kind} {phones}: {error[:160]}")
    print()
    print("Targets")
    checks = targets(results)
    rows = [["target", "value", "limit", "result"]]
    for name, value, limit, met in checks:
        rows.append(
            [
                name,
                "-" if value is None else f"{value:,.2f}",
                limit,
                "-" if met is None else ("MET" if met else "MISSED"),
            ]
        )
    print(table(rows))
    if any("failed" in r for r in results) or not checks or any(met is None for *_, met in checks):
        return 2
    return 0 if all(met for *_, met in checks) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", default=None, help="comma-separated (default 30,100,300,1000)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    parser.add_argument(
        "--quick", action="store_true", help="30 and 100 phones, 5 s of notes, 2 s to join and vote"
    )
    parser.add_argument("--join-spread", type=float, default=None, help="s (default 10; quick 2)")
    parser.add_argument("--note-spread", type=float, default=None, help="s (default 30; quick 5)")
    parser.add_argument("--dot-spread", type=float, default=None, help="s (default 10; quick 2)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--route", default="auto", help="auto (the UI's path when there) or direct")
    parser.add_argument("--share", action="store_true", help="also show the board on the shared screen")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--costs", action="store_true", help="only time the participation service's calls (no HTTP, no Qt)"
    )
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--deadline", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = args.quick
    args.join_spread = args.join_spread if args.join_spread is not None else (2.0 if quick else 10.0)
    args.note_spread = args.note_spread if args.note_spread is not None else (5.0 if quick else 30.0)
    args.dot_spread = args.dot_spread if args.dot_spread is not None else (2.0 if quick else 10.0)
    if args.case:
        from _room_case import run_case as case

        args.kind = args.case
        args.phones = int(args.phones)
        print("RESULT " + json.dumps(case(args)), flush=True)
        return 0
    if args.costs:
        from _service_costs import print_costs

        phones = int(args.phones or 1000)
        print_costs(phones, [0, 1_000, 3_000, 10_000], 20)
        return 0
    sizes = [int(n) for n in (args.phones or ("30,100" if quick else "30,100,300,1000")).split(",")]
    kinds = args.kinds.split(",")
    print(
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, Linux {platform.release()}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"phones {', '.join(f'{n:,}' for n in sizes)}; joining over {args.join_spread:g} s, "
        f"10 notes each over {args.note_spread:g} s, 3 dots each within {args.dot_spread:g} s, "
        f"seed {args.seed}"
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="sprintdesk-phones-") as folder:
        for phones in sizes:
            for kind in kinds:
                print(f"  {phones:>5,} phones, {kind} ...", flush=True)
                result = run_case(kind, phones, args, Path(folder))
                if "failed" in result:
                    print(f"    failed: {result['failed']}", flush=True)
                else:
                    ack, lag = ms(p(result["ack_ms"], 0.99)), ms(p(result["lag_ms"], 0.99))
                    load = os.getloadavg()[0]
                    print(f"    ack p99 {ack} ms, lag p99 {lag} ms, load average {load:.1f}", flush=True)
                results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results))
    return report(results, args)


if __name__ == "__main__":
    sys.exit(main())
