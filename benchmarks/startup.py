"""Start-up time: process start to the first shown main window, SprintDesk vs a bare PySide6.

Method
------
Each measurement is one fresh child process (``benchmarks/_startup_child.py``), run with
the same interpreter as this script. The parent takes ``time.perf_counter_ns()`` just
before ``subprocess.Popen`` and again when it reads the child's ``shown`` line on stdout;
that difference is the figure. The child prints ``shown`` once its top-level window has
been painted for the first time and the event loop has turned once more (see the child's
docstring for why a ``singleShot(0)`` straight after ``show()`` is not enough), then quits.

* ``bare``: ``QApplication`` + an empty ``QMainWindow``, shown. The floor for any PySide6
  app on this machine: interpreter start, Qt libraries, platform plugin, fonts.
* ``sprintdesk``: the real start-up path, ``sprintdesk.cli.main(["--db", PATH])``, with
  ``SprintDesk.show_library`` wrapped to arm the same first-paint hook on the library
  window. Nothing else is patched.

The two kinds alternate (bare, sprintdesk, bare, ...) so that machine noise hits both
alike, after warm-up runs of each kind that are not counted (they also fill the bytecode
cache). The database is a fresh temporary file with a few workshops made beforehand with
``sprintdesk new --title ... --db PATH``; HOME and the XDG folders point into a temporary
folder, so the user's settings and data are never read or written; ``QT_QPA_PLATFORM`` is
``offscreen``, and ``SPRINTDESK_DB`` and ``PYTHONDONTWRITEBYTECODE`` are removed from the
children's environment (the latter so that the warm-up runs really do fill the bytecode cache).

Reported: median, p90 (nearest rank), min and max of the wall times per kind, the child's
own in-process figure (from its first line to ``shown``), and the ratio of the medians.
Exit status 0 when ``median(sprintdesk) / median(bare) <= --target-ratio``, 1 when the
target is missed, 2 when a child failed.

    .venv/bin/python benchmarks/startup.py                 # 2 warm-up + 15 runs of each
    .venv/bin/python benchmarks/startup.py --runs 30 --warmup 3 --target-ratio 1.5
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _report import percentile, table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHILD = HERE / "_startup_child.py"
KINDS = ("bare", "sprintdesk")


class ChildError(RuntimeError):
    pass


@dataclass
class Samples:
    wall_ms: list[float] = field(default_factory=list)
    child_ms: list[float] = field(default_factory=list)


def isolated_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SPRINTDESK_DB", None)
    # Let the warm-up runs write bytecode, as any normal installation has it (pip compiles a
    # wheel on install; an editable install writes it on first run). With this set, every
    # measured run would compile SprintDesk's sources again and the bare window none.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    folders = {
        "HOME": root / "home",
        "XDG_CONFIG_HOME": root / "config",
        "XDG_DATA_HOME": root / "data",
        "XDG_CACHE_HOME": root / "cache",
        "XDG_STATE_HOME": root / "state",
        "XDG_RUNTIME_DIR": root / "runtime",
    }
    for name, folder in folders.items():
        folder.mkdir(mode=0o700, exist_ok=True)
        env[name] = str(folder)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def sprintdesk_command() -> list[str]:
    script = Path(sys.executable).parent / "sprintdesk"
    if script.exists():
        return [str(script)]
    found = shutil.which("sprintdesk")
    return [found] if found else [sys.executable, "-m", "sprintdesk"]


def make_database(path: Path, workshops: int, env: dict[str, str]) -> None:
    for number in range(1, workshops + 1):
        subprocess.run(
            [*sprintdesk_command(), "new", "--title", f"Benchmark workshop {number}", "--db", str(path)],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def run_child(kind: str, db: Path, env: dict[str, str], timeout: float) -> tuple[float, float]:
    """(wall ms from Popen to 'shown', the child's own ms from its first line to 'shown')."""
    command = [sys.executable, str(CHILD), kind, "--timeout", str(timeout)]
    if kind == "sprintdesk":
        command += ["--db", str(db)]
    start = time.perf_counter_ns()
    proc = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = ""
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while not line.startswith("shown"):
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                proc.kill()
                _, err = proc.communicate()
                raise ChildError(f"{kind}: no 'shown' within {timeout:.0f} s\n{err}")
            line = proc.stdout.readline()
            if not line:  # EOF: the child ended without showing a window
                break
    stop = time.perf_counter_ns()
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise ChildError(f"{kind}: did not quit after 'shown'\n{err}") from None
    if not line.startswith("shown") or proc.returncode != 0:
        raise ChildError(f"{kind}: exit status {proc.returncode}, output {line!r}\n{err}")
    child_ns = int(line.split()[1])
    return (stop - start) / 1e6, child_ns / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up time of SprintDesk vs a bare PySide6 window.")
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each kind (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="uncounted runs of each kind first (default 2)")
    parser.add_argument("--workshops", type=int, default=5, help="workshops in the temporary database")
    parser.add_argument("--target-ratio", type=float, default=1.5, help="max median ratio (default 1.5)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a child is killed")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    samples = {kind: Samples() for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="sprintdesk-startup-") as tmp:
        root = Path(tmp)
        env = isolated_env(root)
        db = root / "bench.sqlite3"
        make_database(db, args.workshops, env)
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM=offscreen; "
            f"{args.warmup} warm-up + {args.runs} measured runs of each kind, alternating; "
            f"database with {args.workshops} workshops",
            flush=True,
        )
        try:
            for round_number in range(args.warmup + args.runs):
                counted = round_number >= args.warmup
                for kind in KINDS:
                    wall, child = run_child(kind, db, env, args.timeout)
                    if counted:
                        samples[kind].wall_ms.append(wall)
                        samples[kind].child_ms.append(child)
                    if args.verbose:
                        label = "run" if counted else "warm-up"
                        print(f"  {label:7} {kind:10} {wall:8.1f} ms (in child {child:7.1f} ms)", flush=True)
        except ChildError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    rows = [["kind", "runs", "median ms", "p90 ms", "min ms", "max ms", "in-child median ms"]]
    for kind in KINDS:
        s = samples[kind]
        rows.append(
            [
                kind,
                str(len(s.wall_ms)),
                f"{statistics.median(s.wall_ms):.1f}",
                f"{percentile(s.wall_ms, 0.9):.1f}",
                f"{min(s.wall_ms):.1f}",
                f"{max(s.wall_ms):.1f}",
                f"{statistics.median(s.child_ms):.1f}",
            ]
        )
    ratio = statistics.median(samples["sprintdesk"].wall_ms) / statistics.median(samples["bare"].wall_ms)
    extra = statistics.median(samples["sprintdesk"].wall_ms) - statistics.median(samples["bare"].wall_ms)
    met = ratio <= args.target_ratio
    print()
    print(table(rows))
    print()
    print(f"ratio of medians sprintdesk / bare: {ratio:.2f}  (SprintDesk adds {extra:.0f} ms)")
    print(f"target ratio <= {args.target_ratio:g}: {'MET' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
