"""A second SprintDesk on the same database asks the first to come to the front: by any name
of the file (hard link, symbolic link, relative path), through a socket in a folder only the
user can reach, and never believing (or answering) a process of another user."""

from __future__ import annotations

import os
import select
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from sprintdesk.storage.location import instance_key
from sprintdesk.ui.shared.single_instance import InstanceServer, ask_running_instance, peer_uid, server_name

ASK = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication
    from sprintdesk.storage.location import instance_key
    from sprintdesk.ui.shared.single_instance import ask_running_instance
    app = QCoreApplication([])
    expected = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print("answered" if ask_running_instance(instance_key(sys.argv[1]), expected_uid=expected) else "nobody")
    """
)
NOBODY = 65534


@pytest.fixture(autouse=True)
def runtime_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private, short runtime folder per test (socket paths are limited to ~104 bytes);
    the children started here inherit it."""
    folder = Path(tempfile.mkdtemp(prefix="sd-run-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _database(path: Path) -> Path:
    sqlite3.connect(path).close()  # a real (empty) SQLite file
    return path


def _ask(database: str | Path, *extra: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", ASK, str(database), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _ask_while_serving(qtbot, database: str | Path, *extra: str, cwd: Path | None = None) -> str:  # type: ignore[no-untyped-def]
    """Ask from another process while this one's event loop runs (the server answers)."""
    process = subprocess.Popen(
        [sys.executable, "-c", ASK, str(database), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    return out.strip()


@pytest.mark.slow  # starts a second SprintDesk or another program
def test_second_instance_brings_the_first_forward(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = str(tmp_path / "w.sqlite3")
    raised: list[bool] = []
    server = InstanceServer(instance_key(database), lambda: raised.append(True))
    assert server.listening
    try:
        assert _ask_while_serving(qtbot, database) == "answered"
        assert raised == [True]
    finally:
        server.close()
    assert _ask(database) == "nobody"  # once the first one is gone, nobody answers
    assert _ask(tmp_path / "other.sqlite3") == "nobody"


@pytest.mark.slow  # starts a second SprintDesk or another program
def test_every_name_of_the_file_finds_the_running_instance(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = _database(tmp_path / "w.sqlite3")
    hard = tmp_path / "hard-link.sqlite3"
    os.link(database, hard)
    (tmp_path / "sub").mkdir()
    symbolic = tmp_path / "sub" / "link.sqlite3"
    symbolic.symlink_to(database)
    raised: list[bool] = []
    server = InstanceServer(instance_key(str(database)), lambda: raised.append(True))
    try:
        assert _ask_while_serving(qtbot, hard) == "answered"
        assert _ask_while_serving(qtbot, symbolic) == "answered"
        assert _ask_while_serving(qtbot, "../w.sqlite3", cwd=tmp_path / "sub") == "answered"
        assert len(raised) == 3
        copy = tmp_path / "copy.sqlite3"
        shutil.copyfile(database, copy)  # another file with the same bytes is another database
        assert _ask_while_serving(qtbot, copy) == "nobody"
    finally:
        server.close()


def test_the_socket_is_in_a_folder_only_the_user_can_reach(app, tmp_path, runtime_folder) -> None:  # type: ignore[no-untyped-def]
    folder = runtime_folder / "sprintdesk"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # as an older or careless program might have left it
    server = InstanceServer(instance_key(str(_database(tmp_path / "w.sqlite3"))), lambda: None)
    try:
        path = Path(server.name)
        assert path.parent == folder
        found = os.stat(folder)
        assert stat.S_IMODE(found.st_mode) == 0o700 and found.st_uid == os.getuid()
        assert stat.S_ISSOCK(os.stat(path).st_mode)
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
        assert not str(path).startswith(tempfile.gettempdir() + "/sprintdesk-")
    finally:
        server.close()


def test_a_folder_that_is_a_link_or_not_ours_is_not_used(runtime_folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (runtime_folder / "sprintdesk").symlink_to(elsewhere)
    name = server_name("some database")
    assert name is not None and Path(name).parent.name == "sprintdesk-run"  # the cache fallback
    assert not Path(name).is_relative_to(elsewhere)
    if os.getuid() == 0:  # a folder another user made (only root can make one for the test)
        (runtime_folder / "sprintdesk").unlink()
        (runtime_folder / "sprintdesk").mkdir(mode=0o700)
        os.chown(runtime_folder / "sprintdesk", NOBODY, NOBODY)
        name = server_name("some database")
        assert name is not None and Path(name).parent.name == "sprintdesk-run"


@pytest.mark.slow  # starts a second SprintDesk or another program
def test_a_stale_socket_of_a_killed_instance_is_replaced(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = str(_database(tmp_path / "w.sqlite3"))
    name = server_name(instance_key(database))
    assert name is not None
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound, then closed without removing the file: what a killed one leaves
    stale.close()
    assert stat.S_ISSOCK(os.stat(name).st_mode)
    assert _ask(database) == "nobody"
    raised: list[bool] = []
    server = InstanceServer(instance_key(database), lambda: raised.append(True))
    try:
        assert server.listening
        assert _ask_while_serving(qtbot, database) == "answered" and raised == [True]
    finally:
        server.close()


@pytest.mark.slow  # starts a second SprintDesk or another program
def test_a_server_ignores_a_peer_of_another_user(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The uid the server expects is injected (making a real other-user client needs a path
    that user can reach, which the private folder forbids): the check itself is the real one."""
    database = str(_database(tmp_path / "w.sqlite3"))
    raised: list[bool] = []
    server = InstanceServer(instance_key(database), lambda: raised.append(True), expected_uid=os.getuid() + 1)
    try:
        assert _ask_while_serving(qtbot, database) == "nobody"
        assert raised == []
    finally:
        server.close()


@pytest.mark.slow  # starts a second SprintDesk or another program
def test_a_client_does_not_believe_a_server_of_another_user(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = str(_database(tmp_path / "w.sqlite3"))
    raised: list[bool] = []
    server = InstanceServer(instance_key(database), lambda: raised.append(True))
    try:
        assert _ask_while_serving(qtbot, database, str(os.getuid() + 1)) == "nobody"
        assert raised == []
        assert _ask_while_serving(qtbot, database, str(os.getuid())) == "answered"
    finally:
        server.close()


@pytest.mark.slow  # starts a second SprintDesk or another program
def test_a_socket_that_never_answers_is_not_believed(tmp_path: Path) -> None:
    """A listener that takes the connection but says nothing (a hung program, or not a
    SprintDesk at all): the second SprintDesk does not quit on its word."""
    database = str(_database(tmp_path / "w.sqlite3"))
    name = server_name(instance_key(database))
    assert name is not None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as mute:
        mute.bind(name)
        mute.listen(5)  # connections are queued by the kernel, never read, never answered
        assert _ask(database) == "nobody"


IMPOSTOR = textwrap.dedent(
    """
    import os, socket, sys
    path = sys.argv[1]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)               # as root, in root's private folder
    os.setgid(int(sys.argv[2]))
    os.setuid(int(sys.argv[2]))       # then listen as another user: the kernel records that uid
    listener.listen(5)
    print("listening", flush=True)
    while True:
        connection, _ = listener.accept()
        connection.recv(64)
        connection.sendall(b"raised\\n")  # says everything a SprintDesk would say
        connection.close()
    """
)


@pytest.mark.slow  # starts a second SprintDesk or another program
@pytest.mark.skipif(
    sys.platform == "win32" or os.getuid() != 0, reason="running a process as another user needs root"
)
def test_a_socket_of_another_user_never_makes_sprintdesk_quit(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = str(_database(tmp_path / "w.sqlite3"))
    key = instance_key(database)
    name = server_name(key)
    assert name is not None
    impostor = subprocess.Popen(
        [sys.executable, "-c", IMPOSTOR, name, str(NOBODY)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert impostor.stdout is not None and impostor.stdout.readline().strip() == "listening"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:  # it does answer...
            probe.connect(name)
            assert peer_uid(probe.fileno()) == NOBODY
            probe.sendall(b"raise\n")
            assert probe.recv(64) == b"raised\n"
        assert ask_running_instance(key) is False  # ...but it is not believed
        raised: list[bool] = []
        server = InstanceServer(key, lambda: raised.append(True))  # and ours takes its place
        try:
            assert server.listening
            assert _ask_while_serving(qtbot, database) == "answered" and raised == [True]
        finally:
            server.close()
    finally:
        impostor.kill()
        impostor.wait(timeout=30)


APP = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from sprintdesk.app import SprintDesk
    from sprintdesk.cli import main

    QMessageBox.critical = lambda _p, _title, text: print("refused:", " ".join(text.split()), flush=True)
    stay = sys.argv[2] == "stay"
    original_front = SprintDesk.bring_to_front

    def bring_to_front(self):
        original_front(self)
        print("raised", flush=True)

    original_show = SprintDesk.show_library

    def show_library(self):
        original_show(self)

        def check():
            if self.instance_server is None:
                QTimer.singleShot(10, check)
                return
            print("opened", flush=True)
            if not stay:
                QApplication.quit()

        QTimer.singleShot(0, check)

    SprintDesk.bring_to_front = bring_to_front
    SprintDesk.show_library = show_library
    print("exit", main(["--db", sys.argv[1]]), flush=True)
    """
)


def _line(process: subprocess.Popen[bytes], timeout: float = 60) -> str:
    assert process.stdout is not None
    read = b""
    while not read.endswith(b"\n"):
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        assert ready, f"no line from the first SprintDesk in {timeout} s (so far {read!r})"
        chunk = os.read(process.stdout.fileno(), 1)
        assert chunk, f"the first SprintDesk ended (so far {read!r})"
        read += chunk
    return read.decode().strip()


def _second(database: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", APP, str(database), "quit"], capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.strip().splitlines()


@pytest.mark.slow  # starts a second SprintDesk or another program
@pytest.mark.skipif(sys.platform == "win32", reason="select() on a pipe is POSIX")
def test_a_second_app_on_a_link_to_a_new_database_brings_the_first_forward(tmp_path: Path) -> None:
    """The real app, twice: the first makes a new database (the socket is named after the
    file once it exists); the second, started on a hard link and on a symbolic link made
    afterwards, says so and quits, and the first came forward each time."""
    database = tmp_path / "new.sqlite3"
    first = subprocess.Popen(
        [sys.executable, "-c", APP, str(database), "stay"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        assert _line(first) == "opened"
        hard, symbolic = tmp_path / "hard.sqlite3", tmp_path / "symbolic.sqlite3"
        os.link(database, hard)
        symbolic.symlink_to(database)
        for name in (hard, symbolic):
            said = _second(name)
            assert said == [
                f"sprintdesk: {name} is already open in SprintDesk; brought it to the front",
                "exit 0",
            ], said
            assert _line(first) == "raised"
    finally:
        first.kill()
        first.wait(timeout=30)


CHURN = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QElapsedTimer
    from PySide6.QtNetwork import QLocalSocket
    from sprintdesk.ui.shared.single_instance import InstanceServer, RAISE_MESSAGE

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
            client.connectToServer(server.name)
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


@pytest.mark.slow  # starts a second SprintDesk or another program
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
