"""Child process of ``startup.py``: start one GUI, print ``shown`` once it is on screen, quit.

Usage (the parent runs this; it is not meant to be run by hand):

    python benchmarks/_startup_child.py bare
    python benchmarks/_startup_child.py sprintdesk --db PATH

"On screen" means: the top-level window has received its first ``QEvent.Paint`` (on the
offscreen platform that follows the first expose) *and* the event loop has come back round
once more (``QTimer.singleShot(0, ...)`` scheduled from inside that paint). Only then is
``shown <ns>`` printed, ``<ns>`` being the time since this script's first line ran (for
information: the parent measures the wall time itself, from ``Popen`` to this line).

A ``singleShot(0, ...)`` placed right after ``window.show()`` is not enough: on the
offscreen platform it fires *before* the expose and the first paint.

``sprintdesk`` mode goes through the real start-up path, ``sprintdesk.cli.main(["--db",
PATH])``. The only intervention is a wrapper around ``SprintDesk.show_library`` that
arms the same first-paint hook on ``self.library`` and then calls the original.
``bare`` mode does the same with a plain ``QMainWindow``. After ``shown`` the app is quit
through ``QApplication.quit`` (so SprintDesk's ``aboutToQuit`` clean-up runs) and the exit
code is the app's.
"""

from __future__ import annotations

import time

T0_NS = time.perf_counter_ns()

import argparse  # noqa: E402
import sys  # noqa: E402

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402


class _FirstPaint(QObject):
    """Event filter on one window: on its first paint, report after one more loop turn."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and watched is self._window and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        elapsed = time.perf_counter_ns() - T0_NS
        print(f"shown {elapsed}", flush=True)
        self._window.removeEventFilter(self)
        QTimer.singleShot(0, QCoreApplication.quit)


def _watchdog(seconds: float) -> None:
    def give_up() -> None:
        print("timeout: no first paint", file=sys.stderr, flush=True)
        QCoreApplication.exit(3)

    QTimer.singleShot(int(seconds * 1000), give_up)


def run_bare(timeout: float) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(900, 560)  # the library window's default size
    _FirstPaint(window)
    window.show()
    _watchdog(timeout)
    return app.exec()


def run_sprintdesk(db: str, timeout: float) -> int:
    from sprintdesk import app as app_module
    from sprintdesk.cli import main

    original = app_module.SprintDesk.show_library
    armed: list[bool] = []

    def show_library(self: app_module.SprintDesk) -> None:
        if not armed:  # only the first show at start-up
            armed.append(True)
            _FirstPaint(self.library)
            _watchdog(timeout)
        original(self)

    app_module.SprintDesk.show_library = show_library  # type: ignore[method-assign]
    return main(["--db", db])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["bare", "sprintdesk"])
    parser.add_argument("--db", help="database file (sprintdesk mode)")
    parser.add_argument("--timeout", type=float, default=30.0, help="give up after this many seconds")
    args = parser.parse_args()
    if args.kind == "bare":
        return run_bare(args.timeout)
    if not args.db:
        parser.error("sprintdesk mode needs --db PATH")
    return run_sprintdesk(args.db, args.timeout)


if __name__ == "__main__":
    raise SystemExit(main())
