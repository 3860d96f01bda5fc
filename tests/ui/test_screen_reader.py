"""A screen reader can use SprintDesk: the app runs on a virtual X server with Qt's X11
platform (offscreen has no accessibility bridge), a D-Bus session and the AT-SPI bus, and
tests/ui/atspi_walker.py, in the system's own /usr/bin/python3 (Debian's python3-pyatspi),
drives it the way Orca does: every interactive control of the workshop list, the New workshop
dialog, and the sample's Details, Agenda, Boards (with the vote panel), Run and Outcomes tabs
has a role and a meaningful name; the countdown says its remaining time; and keys alone make a
workshop from a template, add a participant, start the timer, add a note and cast a dot, which
are then read back from the database.

Needs xvfb, dbus, at-spi2-core and python3-pyatspi (Debian); skips without them, fails with
CI=true. Takes about 30 s.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sprintdesk import samples
from sprintdesk.domain.clock import SystemClock
from sprintdesk.domain.timer import TimerState
from sprintdesk.services.bundle import Services
from sprintdesk.services.run import LiveRun
from sprintdesk.storage.database import open_database

WALKER = Path(__file__).with_name("atspi_walker.py")
SYSTEM_PYTHON = "/usr/bin/python3"
LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
# The walker's keyboard path (tests/ui/atspi_walker.py): what it creates.
TITLE, PERSON, NOTE = "Screen reader retro", "Ana", "Keyboard notes work"


def _missing() -> str | None:
    """Why this machine cannot run the test, or None."""
    for tool, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus")):
        if shutil.which(tool) is None:
            return f"{tool} is missing (apt-get install {package})"
    if _launcher() is None:
        return "at-spi-bus-launcher is missing (apt-get install at-spi2-core)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing: the walker needs the system's Python with python3-pyatspi"
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, text=True)
    if found.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (apt-get install python3-pyatspi)"
    return None


def _launcher() -> str | None:
    return next((path for path in LAUNCHERS if Path(path).exists()), None)


def _system_env(**extra: str) -> dict[str, str]:
    """The environment without this virtualenv's Python settings (the walker is the system's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def _stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """End a process this test started, with the children it started (its own group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _xvfb(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on a free display: SPRINTDESK_XVFB_DISPLAY if set, else one from the process id."""
    first = int(os.environ.get("SPRINTDESK_XVFB_DISPLAY") or 100 + os.getpid() % 300)
    for number in range(first, first + 20):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 20
        while not socket.exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for the server's socket, not a guessed time
        if socket.exists() and server.poll() is None:
            return server, f":{number}"
        _stop(server)  # another one took that display meanwhile: try the next
    raise AssertionError("Xvfb did not start on any display tried")


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A display, a D-Bus session and the AT-SPI bus; the environment to reach them."""
    problem = _missing()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    started: list[subprocess.Popen[bytes] | subprocess.Popen[str]] = []
    try:
        server, display = _xvfb(tmp_path)
        started.append(server)
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=_system_env(DISPLAY=display),  # what it activates (the AT-SPI registry) finds the display
            start_new_session=True,
        )
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert address, "dbus-daemon did not start"
        env = _system_env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address)
        launcher = subprocess.Popen(
            [str(_launcher()), "--launch-immediately"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        started.append(launcher)
        yield env
    finally:
        for process in reversed(started):
            _stop(process)


@pytest.mark.slow
def test_a_screen_reader_can_use_sprintdesk(desktop: dict[str, str], tmp_path: Path) -> None:
    began = time.monotonic()
    db_path = tmp_path / "sprintdesk.sqlite3"
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    app_env = dict(
        desktop,
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_RUNTIME_DIR=str(run_dir),
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "sprintdesk", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=app_env,
        start_new_session=True,
    )
    try:
        walked = subprocess.run(
            [SYSTEM_PYTHON, str(WALKER), samples.TITLE],
            capture_output=True,
            text=True,
            env=desktop,
            timeout=150,
        )
    finally:
        _stop(app)
    app_output = app.stdout.read()[-3000:] if app.stdout else ""
    assert walked.returncode == 0 and walked.stdout.strip(), walked.stderr[-4000:] + app_output
    report = json.loads(walked.stdout)
    context = f"\n{walked.stderr[-3000:]}\napp:\n{app_output}"
    assert "error" not in report, report["error"] + context

    # every interactive control on every screen walked has a meaningful name
    screens = report["screens"]
    assert set(screens) == {
        "workshop list (first run)",
        "new workshop dialog",
        *(f"sample: {tab}" for tab in ("Details", "Agenda", "Boards", "Run", "Outcomes")),
    }
    unnamed = [problem for screen in screens.values() for problem in screen["problems"]]
    assert unnamed == [], "\n".join(unnamed)
    assert all(screen["checked"] >= 5 for screen in screens.values()), screens
    assert screens["sample: Boards"]["checked"] >= 40, "the board's tools and the vote panel were walked"
    # the first run's three ways in say what they do
    assert all(len(str(sentence).split()) >= 12 for sentence in report["ways_in"].values()), report["ways_in"]
    assert "blank" not in report["alt_t"].lower() and report["alt_t"].startswith("combo box")
    # the countdown says its time, and that it runs
    assert report["countdown_sample"] == "Countdown: 15:00 ready"
    running = report["countdown_running"]
    assert running.startswith("Countdown: 0") and running.endswith("remaining"), running

    # the keyboard path, read back from the database
    assert report["keyboard_done"], report["keyboard"]
    db = open_database(db_path, read_only=True)
    try:
        services = Services.of(db, SystemClock())
        titles = {w.title: w.id for w in services.workshops.list()}
        assert {samples.TITLE, f"{samples.TITLE} — follow-up", TITLE} == set(titles)
        made = services.workshops.get(titles[TITLE])
        assert made.items() and [p.name for p in made.participants] == [PERSON]
        status = LiveRun(db, made.id or 0, SystemClock()).status()
        assert status is not None and status.state is TimerState.RUNNING
        (board,) = services.boards.boards_of(made.id or 0)
        assert board.board.id is not None
        notes = {n.text: n.id for n in services.boards.load(board.board.id).notes}
        assert NOTE in notes
        votes = services.voting.state(board.board.id).votes
        assert [(v.participant_id, v.note_id) for v in votes] == [(made.participants[0].id, notes[NOTE])]
    finally:
        db.close()
    print(f"screen-reader test: walker {report['seconds']} s, whole test {time.monotonic() - began:.1f} s")
