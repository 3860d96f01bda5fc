"""One case of ``participants.py`` in a fresh process: the real SprintDesk workshop window open
offscreen on a real SQLite file, a server in a worker thread of this process (SprintDesk's room
server, or the floor), the phones in a child process (``_phones.py``), and the measurements
taken on the interface thread: the event-loop lag probe and the moment each note's item
appears in the board scene.

Prints one JSON line (``RESULT {...}``) for the parent; ``participants.py`` makes the tables.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _pagesize import first_load
from _room_server import RoomUnderTest, start_sprintdesk_room
from PySide6.QtCore import QEvent, QObject, QProcess, Qt, QTimer

PROBE_MS = 5
LATE_S = 120.0  # how long after its planned end a phase may last before the phones are stopped
BOARD_WAIT_S = 60.0  # after the last note, for the board to show them all before the vote
WIDTH, HEIGHT = 1600, 900
HERE = Path(__file__).resolve().parent
RESOURCES = HERE.parent / "resources" / "participant"


def now() -> int:
    return time.monotonic_ns()


class LagProbe(QObject):
    """A single-shot precise timer of 5 ms armed again each time it fires; the lateness of a
    firing is how long after ``armed + 5 ms`` it ran: what any timer, repaint or key press
    waits for the interface thread at that moment."""

    def __init__(self) -> None:
        super().__init__()
        self.samples: list[tuple[int, int]] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._fire)
        self.armed = 0

    def start(self) -> None:
        self.armed = now()
        self.timer.start(PROBE_MS)

    def stop(self) -> None:
        self.timer.stop()

    def _fire(self) -> None:
        fired = now()
        self.samples.append((fired, fired - self.armed - PROBE_MS * 1_000_000))
        self.armed = now()
        self.timer.start(PROBE_MS)


class PaintTimes(QObject):
    """The moments the board view's viewport painted."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.times.append(now())
        return False


def every_tick(samples: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The probe's firings, plus the ticks a late firing stood for: a firing L late means a
    probe due every 5 ms meanwhile would have waited L - 5, L - 10, ... ms (each at its own
    moment). Without them a 10 s freeze is one sample among thousands and hides below p99."""
    period = PROBE_MS * 1_000_000
    ticks = []
    for fired, late in samples:
        ticks.append((fired, late))
        missed = 1
        while late - missed * period > 0:
            ticks.append((fired - missed * period, late - missed * period))
            missed += 1
    return ticks


def watch_board(scene: Any) -> dict[int, int]:
    """Note id -> the moment its item was added to the board scene (``BoardScene._new_item``
    is wrapped on this one instance; nothing else changes)."""
    arrived: dict[int, int] = {}
    original = scene._new_item

    def new_item(note: Any) -> Any:
        item = original(note)
        if note.id is not None and note.id not in arrived:
            arrived[note.id] = now()
        return item

    scene._new_item = new_item
    return arrived


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each thread of this process so far, by Python thread name."""
    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = names.get(int(task.name), "other threads")
        if int(task.name) == threading.main_thread().native_id:
            name = "interface thread"
        found[name] = found.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return found


class CpuSampler:
    """Every 250 ms, in a thread of its own (so a blocked interface thread cannot delay it
    by more than a GIL switch): the process's CPU time and each thread's."""

    def __init__(self) -> None:
        self.samples: list[tuple[int, float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((now(), time.process_time(), thread_cpu()))
            self._stop.wait(0.25)

    def between(self, first: int | None, last: int | None) -> tuple[float, dict[str, float]]:
        """CPU / wall between two moments (the samples nearest inside them), and per thread."""
        inside = [s for s in self.samples if first is not None and last is not None and first <= s[0] <= last]
        if len(inside) < 2:
            return 0.0, {}
        (t0, cpu0, threads0), (t1, cpu1, threads1) = inside[0], inside[-1]
        wall = (t1 - t0) / 1e9
        threads = {
            name: (seconds - threads0.get(name, 0.0)) / wall
            for name, seconds in threads1.items()
            if name != "cpu-sampler"
        }
        return (cpu1 - cpu0) / wall, threads


def make_database(path: Path) -> tuple[int, int]:
    """The sample workshop and an empty board "Ideas from the room" linked to its first item."""
    from sprintdesk.domain.clock import SystemClock
    from sprintdesk.samples import add_workshop
    from sprintdesk.services.bundle import Services
    from sprintdesk.storage.database import open_database

    db = open_database(path)
    try:
        services = Services.of(db, SystemClock())
        workshop_id = add_workshop(services)
        board_id, _ = services.boards.create(workshop_id, "Ideas from the room")
        first = services.workshops.get(workshop_id).items()[0]
        assert first.id is not None
        services.boards.link_item(first.id, board_id)
        return workshop_id, board_id
    finally:
        db.close()


def wait_for(app: Any, condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until ``condition`` holds (checked every 20 ms) or the time is out."""
    from PySide6.QtCore import QEventLoop

    if condition():
        return True
    loop = QEventLoop()
    check = QTimer()
    check.timeout.connect(lambda: loop.quit() if condition() else None)
    check.start(20)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    check.stop()
    return condition()


def run_case(args: Any) -> dict[str, Any]:
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from sprintdesk.app import SprintDesk, make_qapplication
    from sprintdesk.domain.clock import SystemClock
    from sprintdesk.storage.database import open_database
    from sprintdesk.ui.shared.settings import AppSettings
    from sprintdesk.ui.shared.theme import apply_theme
    from sprintdesk.ui.workshop.window import TAB_BOARDS

    app = make_qapplication()
    apply_theme(app)
    root = Path(args.root)
    db_path = root / "sprintdesk.db"
    workshop_id, board_id = make_database(db_path)
    settings = AppSettings(QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat))
    loopback_room_limits()
    desk = SprintDesk(open_database(db_path), SystemClock(), settings)
    window = desk.open_workshop(workshop_id)
    assert window is not None
    window.resize(WIDTH, HEIGHT)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    panel = window.boards
    panel.show_board(board_id)
    wait_for(app, lambda: False, 0.3)
    arrived = watch_board(panel.scene)
    paints = PaintTimes()
    panel.view.viewport().installEventFilter(paints)
    out: dict[str, Any] = {"kind": args.kind, "phones": args.phones}

    room: RoomUnderTest
    if args.kind == "sprintdesk":
        room = start_sprintdesk_room(desk, window, db_path, workshop_id, board_id, args.route, args.share)
    else:
        from _floor import FloorServer

        floor = FloorServer(args.kind.removeprefix("floor-"), root / "floor.db", RESOURCES)
        room = RoomUnderTest(floor.start(), floor.secret, floor.start_vote, floor.stop, floor.check)
        room.check_now = floor.check
    out["route"] = room.route
    if args.kind == "sprintdesk":
        out["page"] = first_load(room.base, room.secret)

    probe = LagProbe()
    probe.start()
    marks: dict[str, int] = {}
    sampler = CpuSampler()
    sampler.start()
    phones_out = root / f"phones-{args.kind}.json"
    process = QProcess()
    process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
    lines: list[str] = []

    def read_lines() -> None:
        while process.canReadLine():
            line = bytes(process.readLine().data()).decode().strip()
            lines.append(line)
            word = line.split()[0] if line else ""
            marks[word] = now()
            if word == "joined":
                room.after_join()

    process.readyReadStandardOutput.connect(read_lines)
    command = [
        str(HERE / "_phones.py"),
        "--base", room.base, "--secret", room.secret, "--phones", str(args.phones),
        "--join-spread", str(args.join_spread), "--note-spread", str(args.note_spread),
        "--dot-spread", str(args.dot_spread), "--seed", str(args.seed), "--out", str(phones_out),
    ]  # fmt: skip
    marks["start"] = now()
    process.start(sys.executable, command)
    phones_pid = int(process.processId())

    def give_up() -> None:
        """In the watchdog's thread: the interface thread did not come back in time."""
        out["stopped"] = f"the interface thread did not come back within {deadline:.0f} s; phones stopped"
        os.kill(phones_pid, signal.SIGTERM)
        for _ in range(100):
            if phones_out.exists():
                break
            time.sleep(0.2)
        time.sleep(0.5)
        samples = [*probe.samples, (now(), now() - probe.armed - PROBE_MS * 1_000_000)]  # the freeze so far
        phones = json.loads(phones_out.read_text()) if phones_out.exists() else {"errors": ["no output"]}
        stored = room.check_now()
        out.update(measure(phones, dict(arrived), list(paints.times), samples, dict(marks), sampler))
        out["stored"] = {"dots": stored.get("dots")}
        out["lost_doubled"] = lost_and_doubled(phones, stored)
        print("RESULT " + json.dumps(out), flush=True)
        os._exit(0)

    deadline = (
        args.deadline
        or args.join_spread + args.note_spread + args.dot_spread + 2 * LATE_S + BOARD_WAIT_S + 60
    )
    watchdog = threading.Timer(deadline, give_up)
    watchdog.daemon = True
    watchdog.start()
    expected = args.phones * 10
    running = QProcess.ProcessState.NotRunning
    ended = lambda: process.state() == running  # noqa: E731
    limit = args.join_spread + args.note_spread + LATE_S
    if wait_for(app, lambda: "notes-done" in marks or ended(), limit) and "notes-done" in marks:
        wait_for(app, lambda: len(arrived) >= expected or args.kind != "sprintdesk", BOARD_WAIT_S)
        marks["vote_start"] = now()
        room.start_vote()
        wait_for(app, ended, args.dot_spread + LATE_S)
    if not ended():
        out["stopped"] = "time limit: the phones were stopped"
        process.terminate()
        wait_for(app, ended, 20)
    if not ended():
        process.kill()
        process.waitForFinished(5000)
    watchdog.cancel()
    probe.stop()
    sampler.stop()
    out["board_view"] = {
        "visible": panel.view.isVisible(),
        "tab": window.tabs.currentIndex(),
        "paints": len(paints.times),
        "notes_in_scene": len(panel.scene.notes),
    }
    wait_for(app, lambda: False, 0.2)
    room.stop()
    stored = room.check()
    window.close()
    desk.close()
    app.processEvents()

    phones = json.loads(phones_out.read_text()) if phones_out.exists() else {"errors": ["no output"]}
    out["phones_exit"] = process.exitCode()
    out["lines"] = lines
    out.update(measure(phones, arrived, paints.times, probe.samples, marks, sampler))
    out["stored"] = {"dots": stored.get("dots")}
    out["lost_doubled"] = lost_and_doubled(phones, stored)
    return out


def measure(
    phones: dict[str, Any],
    arrived: dict[int, int],
    paints: list[int],
    samples: list[tuple[int, int]],
    marks: dict[str, int],
    sampler: CpuSampler,
) -> dict[str, Any]:
    acked = [n for n in phones.get("notes", []) if n.get("id") is not None]
    notes_start = phones.get("marks", {}).get("notes_start", marks["start"])
    phone_marks = phones.get("marks", {})
    end = phone_marks.get("dots_done") or phone_marks.get("stopped") or now()
    on_board = [arrived[n["id"]] - n["ack"] for n in acked if n["id"] in arrived]
    painted = []
    for n in acked:
        if n["id"] in arrived:
            at = bisect.bisect_left(paints, arrived[n["id"]])
            if at < len(paints):
                painted.append(paints[at] - n["ack"])
    notes_done = phones.get("marks", {}).get("notes_done", end)
    vote_start = marks.get("vote_start")

    def lag_in(first: int, last: int) -> list[float]:
        return [late / 1e6 for fired, late in every_tick(samples) if first <= fired <= last]

    cpu_notes, threads_notes = sampler.between(notes_start, notes_done)
    cpu_vote, threads_vote = sampler.between(vote_start, end)
    return {
        "ack_ms": [(n["ack"] - n["send"]) / 1e6 for n in acked],
        "tries": sum(n.get("tries", 1) - 1 for n in phones.get("notes", [])),
        "unacked": len(phones.get("notes", [])) - len(acked),
        "board_ms": [d / 1e6 for d in on_board],
        "painted_ms": [d / 1e6 for d in painted],
        "not_on_board": len(acked) - len(on_board),
        "lag_ms": lag_in(notes_start, end),
        "lag_notes_ms": lag_in(notes_start, notes_done),
        "lag_vote_ms": lag_in(vote_start or end, end),
        "lag_idle_ms": lag_in(0, notes_start),
        "dot_ms": [(d["ack"] - d["send"]) / 1e6 for d in phones.get("dots", []) if d.get("status") == 200],
        "dot_bytes": [d.get("bytes", 0) for d in phones.get("dots", [])],
        "dots_refused": sum(1 for d in phones.get("dots", []) if d.get("status") != 200),
        "join_ms": [(j["end"] - j["start"]) / 1e6 for j in phones.get("joins", [])],
        "reads_ms": {path: [t / 1e6 for t in times] for path, times in phones.get("reads", {}).items()},
        "vote_seen_ms": [(t - vote_start) / 1e6 for t in phones.get("vote_seen", [])] if vote_start else [],
        "events": phones.get("events", {}),
        "errors": phones.get("errors", [])[:20],
        "error_count": len(phones.get("errors", [])),
        "cpu": cpu_notes,
        "cpu_threads": threads_notes,
        "cpu_vote": cpu_vote,
        "cpu_vote_threads": threads_vote,
        "phones_cpu": phones.get("marks", {}).get("cpu_ns", 0)
        / max(1, phones.get("marks", {}).get("wall", 1)),
        "notes_s": (notes_done - notes_start) / 1e9,
        "vote_s": (end - vote_start) / 1e9 if vote_start else None,
    }


def lost_and_doubled(phones: dict[str, Any], stored: dict[str, Any]) -> dict[str, int]:
    """Acknowledged notes against what the server's store holds after the run, by text (each
    note's text is unique) and by key; a resend answered with another id counts as doubled."""
    acked = {n["text"]: n for n in phones.get("notes", []) if n.get("id") is not None}
    counts: dict[str, int] = stored.get("texts", {})
    lost = sum(1 for text in acked if counts.get(text, 0) == 0)
    doubled = sum(1 for text in acked if counts.get(text, 0) > 1)
    doubled += sum(1 for count in stored.get("keys", {}).values() if count > 1)
    ids = {n["key"]: n["id"] for n in acked.values()}
    resent_elsewhere = sum(
        1
        for r in phones.get("resends", [])
        if r.get("id") is not None and r["key"] in ids and r["id"] != ids[r["key"]]
    )
    dots_acked = sum(1 for d in phones.get("dots", []) if d.get("status") == 200)
    return {
        "acked": len(acked),
        "lost": lost,
        "doubled": doubled + resent_elsewhere,
        "resends": len(phones.get("resends", [])),
        "resends_acked": sum(1 for r in phones.get("resends", []) if r.get("id") is not None),
        "dots_acked": dots_acked,
        "dots_stored": int(stored.get("dots", -1)),
    }


def sqlite_counts(path: Path, notes_sql: str, keys_sql: str | None, dots_sql: str) -> dict[str, Any]:
    """Read the store after the run (SQLite only, read-only)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        texts = dict(connection.execute(notes_sql).fetchall())
        keys = dict(connection.execute(keys_sql).fetchall()) if keys_sql else {}
        dots = connection.execute(dots_sql).fetchone()[0]
    finally:
        connection.close()
    return {"texts": texts, "keys": {str(k): v for k, v in keys.items()}, "dots": dots}


def today() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def loopback_room_limits() -> None:
    """Every simulated phone comes from 127.0.0.1, where a room's phones come from as many
    addresses: the per-address limits (64 connections, 10 joins at once) would throttle the
    benchmark, not the room. The server the window makes gets the room-wide limits only."""
    import sprintdesk.web.server as web_server
    from sprintdesk.domain.participation import MAX_CONNECTIONS, Rate

    class LoopbackRoomServer(web_server.RoomServer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("per_client_limit", MAX_CONNECTIONS)
            kwargs.setdefault("join_rate", Rate(1_000_000, 1_000_000))
            super().__init__(*args, **kwargs)

    web_server.RoomServer = LoopbackRoomServer  # type: ignore[misc]
