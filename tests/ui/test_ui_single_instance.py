"""A second SprintDesk on the same database asks the first to come to the front."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from sprintdesk.ui.single_instance import InstanceServer

ASK = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication
    from sprintdesk.ui.single_instance import ask_running_instance
    app = QCoreApplication([])
    print("answered" if ask_running_instance(sys.argv[1]) else "nobody")
    """
)


def _ask(database: str) -> str:
    result = subprocess.run([sys.executable, "-c", ASK, database], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_second_instance_brings_the_first_forward(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = str(tmp_path / "w.sqlite3")
    raised: list[bool] = []
    server = InstanceServer(database, lambda: raised.append(True))
    assert server.listening
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", ASK, database], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        qtbot.waitUntil(lambda: bool(raised), timeout=10_000)
        out, err = process.communicate(timeout=30)
        assert out.strip() == "answered", err
    finally:
        server.close()
    assert _ask(database) == "nobody"  # once the first one is gone, nobody answers
    assert _ask(str(tmp_path / "other.sqlite3")) == "nobody"
