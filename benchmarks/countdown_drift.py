"""Countdown drift: SprintDesk's countdown vs the monotonic clock, with the GUI thread stalled.

Method
------
A real run on a temporary database: a workshop with one agenda item (long enough not to
run out during the benchmark), a ``LiveRun`` on the real ``SystemClock`` and the real
``RunController`` (its 100 ms ``PreciseTimer`` tick; chimes muted). The benchmark waits for
the event loop to run, takes ``t0 = time.monotonic()`` and presses start
(``RunController.toggle``, which also writes the START event to the run log). Then:

* every ``RunController.sig_status`` (emitted by the controller's own tick, and after the
  start action) is compared with the truth, ``allotted - (time.monotonic() - t0)``; the
  error is ``status.remaining - truth``;
* the baseline is a naive countdown in the same run: its own 100 ms ``PreciseTimer``, started
  at ``t0``, that subtracts 100 ms from the allotted time on every ``timeout``, compared with
  the truth in the same way;
* a stall ``QTimer`` (every ``--stall-every`` seconds, first one after that interval) runs
  ``time.sleep(--stall-ms / 1000)`` in its slot on the GUI thread: an event loop blocked by
  slow work, the thing a drift-free countdown has to survive. Qt delivers at most one
  ``timeout`` per timer after a stall, so the naive countdown loses the missed ticks.

After ``--seconds`` the run stops. Reported for both countdowns: samples, max and median
absolute error, and the error at the end (positive: the countdown shows more time left than
there is). Also reported: the largest gap between two ticks (how stale the screen was
during a stall; no countdown can repaint while the GUI thread is blocked) and the offset
between ``t0`` and the timer's own start reading. Exit status 0 when SprintDesk's max
absolute error is <= ``--target-ms``, 1 otherwise.

    .venv/bin/python benchmarks/countdown_drift.py                 # 60 s, 500 ms stall every 3 s
    .venv/bin/python benchmarks/countdown_drift.py --seconds 10    # quick check
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _report import table


@dataclass
class Series:
    name: str
    errors: list[float] = field(default_factory=list)  # seconds, shown - truth
    last_tick: float | None = None
    max_gap: float = 0.0

    def add(self, now: float, error: float) -> None:
        self.errors.append(error)
        if self.last_tick is not None:
            self.max_gap = max(self.max_gap, now - self.last_tick)
        self.last_tick = now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Countdown error against the monotonic clock, with stalls.")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run (default 60)")
    parser.add_argument("--stall-every", type=float, default=3.0, help="seconds between stalls (default 3)")
    parser.add_argument("--stall-ms", type=float, default=500.0, help="length of one stall (default 500)")
    parser.add_argument("--target-ms", type=float, default=50.0, help="max allowed error (default 50)")
    parser.add_argument(
        "--platform", default="offscreen", help="QT_QPA_PLATFORM for this process (default offscreen)"
    )
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.stall_every <= 0 or args.stall_ms < 0:
        parser.error("--seconds and --stall-every must be positive, --stall-ms not negative")

    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ.pop("SPRINTDESK_DB", None)

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from sprintdesk.domain.agenda_run import RunStatus
    from sprintdesk.domain.clock import SystemClock
    from sprintdesk.domain.workshop import AgendaItem
    from sprintdesk.services.agenda import AgendaService
    from sprintdesk.services.run import LiveRun
    from sprintdesk.services.workshops import WorkshopService
    from sprintdesk.storage.database import open_database
    from sprintdesk.ui.run.controller import TICK_MS, RunController
    from sprintdesk.ui.shared.hub import ChangeHub

    app = QApplication.instance() or QApplication(sys.argv[:1])
    minutes = math.ceil(args.seconds / 60) + 1  # never runs out: no overtime branch involved

    with tempfile.TemporaryDirectory(prefix="sprintdesk-drift-") as tmp:
        db = open_database(Path(tmp) / "drift.sqlite3")
        workshops = WorkshopService(db)
        workshop_id, _ = workshops.create("Drift benchmark")
        day_id = workshops.get(workshop_id).days[0].id
        assert day_id is not None
        AgendaService(db).add_item(day_id, 0, AgendaItem(title="Timed exercise", duration_minutes=minutes))

        clock = SystemClock()
        live = LiveRun(db, workshop_id, clock)
        controller = RunController(live, ChangeHub(), clock)
        controller.set_muted(True)

        allotted = minutes * 60.0
        state: dict[str, float] = {}
        sprintdesk = Series("SprintDesk (RunController)")
        naive = Series(f"naive (-{TICK_MS} ms per timeout)")
        naive_left = [allotted]
        stalls: list[float] = []

        def truth(now: float) -> float:
            return allotted - (now - state["t0"])

        def on_status(status: RunStatus | None) -> None:
            if "t0" not in state or status is None or status.state.value != "running":
                return
            now = time.monotonic()
            sprintdesk.add(now, status.remaining - truth(now))

        def on_naive() -> None:
            now = time.monotonic()
            naive_left[0] -= TICK_MS / 1000
            naive.add(now, naive_left[0] - truth(now))

        def stall() -> None:
            begin = time.monotonic()
            time.sleep(args.stall_ms / 1000)  # the GUI thread is blocked: nothing ticks, nothing paints
            stalls.append(time.monotonic() - begin)

        def progress() -> None:
            elapsed = time.monotonic() - state["t0"]
            worst = max((abs(e) for e in sprintdesk.errors), default=0.0)
            print(
                f"  {elapsed:5.1f} s  stalls {len(stalls):3}  SprintDesk max |error| {worst * 1000:6.2f} ms"
                f"  naive error now {naive.errors[-1] * 1000 if naive.errors else 0:8.1f} ms",
                flush=True,
            )

        naive_timer = QTimer()
        naive_timer.setInterval(TICK_MS)
        naive_timer.setTimerType(Qt.TimerType.PreciseTimer)
        naive_timer.timeout.connect(on_naive)
        stall_timer = QTimer()
        stall_timer.setInterval(round(args.stall_every * 1000))
        stall_timer.setTimerType(Qt.TimerType.PreciseTimer)
        stall_timer.timeout.connect(stall)
        progress_timer = QTimer()
        progress_timer.setInterval(10_000)
        progress_timer.timeout.connect(progress)
        end_timer = QTimer()
        end_timer.setSingleShot(True)
        end_timer.setInterval(round(args.seconds * 1000))
        end_timer.setTimerType(Qt.TimerType.PreciseTimer)
        controller.sig_status.connect(on_status)

        def begin() -> None:
            state["t0"] = time.monotonic()
            naive_timer.start()
            controller.toggle()  # start the item: RunController -> LiveRun -> AgendaRun.start
            run = live.run
            assert run is not None and run.timer.started_at is not None
            state["start_offset"] = run.timer.started_at - state["t0"]
            stall_timer.start()
            progress_timer.start()
            end_timer.start()

        def finish() -> None:
            state["t_end"] = time.monotonic()
            for timer in (naive_timer, stall_timer, progress_timer):
                timer.stop()
            controller.stop()
            app.quit()

        end_timer.timeout.connect(finish)

        print(
            f"countdown drift: {args.seconds:g} s run, {args.stall_ms:g} ms stall "
            f"every {args.stall_every:g} s, tick {TICK_MS} ms, item of {minutes} min, "
            f"QT_QPA_PLATFORM={args.platform}",
            flush=True,
        )
        QTimer.singleShot(0, begin)
        app.exec()
        controller.deleteLater()
        db.close()

    if not sprintdesk.errors or not naive.errors:
        print("error: no samples were recorded", file=sys.stderr)
        return 2

    expected_ticks = int(args.seconds * 1000 / TICK_MS)
    rows = [
        ["countdown", "samples", "max |error| ms", "median |error| ms", "error at end ms", "max tick gap ms"]
    ]
    for series in (sprintdesk, naive):
        absolute = [abs(e) for e in series.errors]
        rows.append(
            [
                series.name,
                str(len(series.errors)),
                f"{max(absolute) * 1000:.3f}",
                f"{statistics.median(absolute) * 1000:.3f}",
                f"{series.errors[-1] * 1000:+.3f}",
                f"{series.max_gap * 1000:.1f}",
            ]
        )
    worst = max(abs(e) for e in sprintdesk.errors) * 1000
    met = worst <= args.target_ms
    print()
    print(table(rows))
    print()
    print(
        f"run {state['t_end'] - state['t0']:.2f} s; {len(stalls)} stalls, "
        f"{sum(stalls):.2f} s stalled in total (longest {max(stalls, default=0) * 1000:.1f} ms); "
        f"{expected_ticks} ticks expected without stalls"
    )
    print(f"timer start reading - t0: {state['start_offset'] * 1e6:.1f} µs")
    verdict = "MET" if met else "MISSED"
    print(f"target: SprintDesk max |error| <= {args.target_ms:g} ms: {verdict} ({worst:.3f} ms)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
