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


CHURN = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QElapsedTimer
    from PySide6.QtNetwork import QLocalSocket
    from sprintdesk.ui.single_instance import InstanceServer, RAISE_MESSAGE

    app = QCoreApplication([])
    raised = []

    def spin(ms):
        timer = QElapsedTimer()
        timer.start()
        while timer.elapsed() < ms:
            app.processEvents()

    for round_ in range(int(sys.argv[2])):
        server = InstanceServer(sys.argv[1], lambda: raised.append(1))
        clients = []
        for n in range(6):
            client = QLocalSocket()
            client.connectToServer(server._server.serverName())
            client.waitForConnected(500)
            client.write(RAISE_MESSAGE)
            client.flush()
            clients.append(client)
        spin(20)
        for client in clients[:3]:  # some leave, the others are still connected at close
            client.disconnectFromServer()
        spin(5)
        server.close()
        del server
        spin(5)
        for client in clients:
            client.abort()
        spin(5)
    print("ok", len(raised))
    """
)


def test_connections_coming_and_going_never_crash_the_server(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Sockets that disconnect, and sockets still open when the server closes and is deleted,
    with the event loop running in between: once a crash every few dozen runs."""
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", CHURN, str(tmp_path / "w.sqlite3"), "40"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    said, count = result.stdout.split()
    assert said == "ok" and int(count) > 0
