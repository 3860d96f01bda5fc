"""The bundle (packaging/build-bundle) beside the installed package: size on disk, download
size, ``--version`` and time to the first window, measured in one run; and the newest glibc
symbol version the bundle needs (which Linux distributions it can run on).

Method
------
* Sizes: the bytes of every file under the folder (links not followed); the bundle as the
  ``tar.gz`` a person would download (gzip -6); the installed package as the virtual
  environment a regular ``pip install .`` makes (without the Python it points at).
* ``--version``: wall time from ``Popen`` to the process's exit.
* First window: wall time from ``Popen`` of ``sprintdesk --db PATH`` (a database with a few
  workshops) to its window being mapped on a virtual X server (Xvfb, Qt's xcb platform), seen
  by polling ``xdotool search --onlyvisible --classname sprintdesk``; then the app is
  terminated and waited for before the next run.
* The two kinds alternate (bundle, installed, bundle, ...) after warm-up runs of each that
  are not counted. Every run has a clean environment: HOME in a temporary folder and an empty
  folder as PATH (no Python on it), plus DISPLAY and QT_QPA_PLATFORM=xcb for the window.
* glibc: ``objdump -T`` over every ELF file of the bundle, the highest GLIBC_, GLIBCXX_ and
  CXXABI_ versions, and the libraries it takes from the system (NEEDED, not in the bundle).

    .venv/bin/python benchmarks/bundle.py --installed benchmarks/out/venv-installed
    .venv/bin/python benchmarks/bundle.py --runs 20 --warmup 3

``--installed`` names a virtual environment with a regular (not editable) install of this
checkout: ``python3 -m venv DIR && DIR/bin/pip install .``; without it, one is made in
benchmarks/out/venv-installed. Exit status 0, or 2 when something could not run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _report import percentile, table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def targz_bytes(folder: Path, out: Path) -> int:
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=folder.name)
    size = out.stat().st_size
    out.unlink()
    return size


def elf_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def glibc_needs(folder: Path) -> dict[str, str]:
    """Highest GLIBC_/GLIBCXX_/CXXABI_ version any ELF file needs, and the system libraries."""
    versions: dict[str, set[str]] = {"GLIBC": set(), "GLIBCXX": set(), "CXXABI": set()}
    needed: set[str] = set()
    present: set[str] = set()
    for path in elf_files(folder):
        present.add(path.name)
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for prefix, found in versions.items():
            found.update(re.findall(rf"\b{prefix}_([0-9.]+)", symbols))
        headers = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
        needed.update(line.split()[1] for line in headers.splitlines() if line.strip().startswith("NEEDED"))
    present.update(path.name for path in folder.rglob("*") if path.is_symlink())

    def newest(values: set[str]) -> str:
        return max(values, key=lambda v: tuple(int(x) for x in v.split("."))) if values else "-"

    result = {prefix: newest(found) for prefix, found in versions.items()}
    result["from the system"] = ", ".join(sorted(needed - present))
    return result


def clean_env(root: Path) -> dict[str, str]:
    home, empty = root / "home", root / "bin"
    home.mkdir(exist_ok=True)
    empty.mkdir(exist_ok=True)
    return {"HOME": str(home), "PATH": str(empty)}


@contextmanager
def xvfb() -> Iterator[str]:
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            yield ":" + announced.readline().strip()
    finally:
        server.terminate()
        server.wait(timeout=10)


def version_ms(program: Path, env: dict[str, str]) -> float:
    start = time.perf_counter_ns()
    done = subprocess.run([str(program), "--version"], env=env, capture_output=True, text=True)
    stop = time.perf_counter_ns()
    if done.returncode != 0 or not done.stdout.startswith("sprintdesk "):
        raise RuntimeError(f"{program} --version: {done.returncode} {done.stdout!r} {done.stderr[-500:]}")
    return (stop - start) / 1e6


def window_ms(program: Path, db: Path, env: dict[str, str], display: str, timeout: float = 60) -> float:
    xenv = {**os.environ, "DISPLAY": display}
    start = time.perf_counter_ns()
    app = subprocess.Popen(
        [str(program), "--db", str(db)],
        env={**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and app.poll() is None:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--classname", "^sprintdesk$"],
                env=xenv,
                capture_output=True,
            )
            if found.stdout.strip():
                return (time.perf_counter_ns() - start) / 1e6
        raise RuntimeError(f"{program}: no window within {timeout:.0f} s (exit {app.poll()})")
    finally:
        app.terminate()
        app.wait(timeout=30)


def alternate(
    kinds: dict[str, Path], measure: Callable[[Path], float], runs: int, warmup: int
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {kind: [] for kind in kinds}
    for round_no in range(warmup + runs):
        for kind, program in kinds.items():
            value = measure(program)
            if round_no >= warmup:
                samples[kind].append(value)
    return samples


def timing_rows(samples: dict[str, list[float]]) -> list[list[str]]:
    rows = [["kind", "runs", "median ms", "p90 ms", "min ms", "max ms"]]
    for kind, values in samples.items():
        rows.append(
            [
                kind,
                str(len(values)),
                f"{statistics.median(values):.0f}",
                f"{percentile(values, 0.9):.0f}",
                f"{min(values):.0f}",
                f"{max(values):.0f}",
            ]
        )
    return rows


def ensure_installed(venv: Path) -> Path:
    program = venv / "bin" / "sprintdesk"
    if not program.exists():
        print(f"making {venv} (python3 -m venv, pip install .) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], check=True)
    return program


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "SprintDesk")
    parser.add_argument("--installed", type=Path, default=HERE / "out" / "venv-installed")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workshops", type=int, default=5)
    args = parser.parse_args()
    bundle = args.bundle / "sprintdesk"
    if not bundle.exists():
        print(f"no bundle at {args.bundle}: build it with packaging/build-bundle", file=sys.stderr)
        return 2
    for tool in ("Xvfb", "xdotool", "objdump"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing (apt-get install xvfb xdotool binutils)", file=sys.stderr)
            return 2
    installed = ensure_installed(args.installed)
    kinds = {"bundle": bundle, "installed (pip install .)": installed}

    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = clean_env(tmp)
        db = tmp / "bench.sqlite3"
        for number in range(1, args.workshops + 1):
            subprocess.run(
                [str(bundle), "--db", str(db), "new", "--title", f"Benchmark workshop {number}"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        sizes = [
            ["what", "MB on disk", "tar.gz MB"],
            [
                f"bundle ({args.bundle.name}/)",
                f"{folder_bytes(args.bundle) / 1e6:.0f}",
                f"{targz_bytes(args.bundle, tmp / 'bundle.tar.gz') / 1e6:.0f}",
            ],
            [f"installed: the venv {args.installed.name}/", f"{folder_bytes(args.installed) / 1e6:.0f}", "-"],
        ]
        versions = alternate(kinds, lambda program: version_ms(program, env), args.runs, args.warmup)
        with xvfb() as display:
            windows = alternate(
                kinds, lambda program: window_ms(program, db, env, display), args.runs, args.warmup
            )
    needs = glibc_needs(args.bundle)

    print(table(sizes))
    print()
    print("--version, process start to exit")
    print(table(timing_rows(versions)))
    print()
    print("process start to the first window mapped (Xvfb, xcb)")
    print(table(timing_rows(windows)))
    print()
    system = needs.pop("from the system")
    print(table([["the bundle needs", "newest version"], *[[key, value] for key, value in needs.items()]]))
    print(f"\nlibraries taken from the system: {system}")
    ldd = subprocess.run(["ldd", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"\nbuilt on: {ldd}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
