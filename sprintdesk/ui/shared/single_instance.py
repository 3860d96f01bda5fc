"""One SprintDesk per database: the first one listens on a local socket named after the
database; a second one started on the same file asks it to come to the front and quits.

Only the person's own SprintDesk may answer, and only theirs may ask:

- The socket lives in a folder only this user can reach: ``<runtime folder>/sprintdesk``
  (``$XDG_RUNTIME_DIR`` on Linux, Qt's RuntimeLocation elsewhere), else
  ``<cache folder>/sprintdesk-run``; either is used only if it is a real folder (not a link),
  owned by this user and 0700. The socket itself is made with UserAccessOption. On Windows
  it is a named pipe, restricted to the user by the same option.
- Both ends read the other's user id from the kernel (SO_PEERCRED on Linux, LOCAL_PEERCRED
  on the BSDs and macOS) and drop a peer of another user. The server answers ``raised``
  after it accepted the request; the client says the database is open only after that
  answer, so a socket someone else put there, or a busy or dead server, never makes a
  second SprintDesk quit claiming the database is open: it goes on to the database lock,
  which says who has it.

The name is given by the caller (``storage.location.instance_key``: the file's device and
inode once it exists), so a hard link or another path to the same file finds the running one.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import stat
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QObject, QStandardPaths
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
ANSWER_MS = 2000
RAISE_MESSAGE = b"raise\n"
RAISED_MESSAGE = b"raised\n"
MAX_SOCKET_PATH = 100  # sun_path holds 104 (macOS) to 108 (Linux) bytes with its final NUL


def _private_folder(folder: Path) -> bool:
    """Make (if needed) and check a folder only this user can enter."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(folder)
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
            return False
        if stat.S_IMODE(found.st_mode) != 0o700:
            os.chmod(folder, 0o700)
    except OSError:
        return False
    return True


def _candidate_folders() -> list[Path]:
    found = []
    for location, name in (
        (QStandardPaths.StandardLocation.RuntimeLocation, "sprintdesk"),
        (QStandardPaths.StandardLocation.GenericCacheLocation, "sprintdesk-run"),
    ):
        base = QStandardPaths.writableLocation(location)
        if base:
            found.append(Path(base) / name)
    return found


def endpoint_folder() -> Path | None:
    """The private folder the sockets live in; None if no such folder can be had (then
    SprintDesk runs without the single-instance socket: the database lock still holds)."""
    for folder in _candidate_folders():
        if len(os.fsencode(folder)) + 26 <= MAX_SOCKET_PATH and _private_folder(folder):
            return folder
    return None


def server_name(key: str) -> str | None:
    """The socket path (a pipe name on Windows) for a database key; None when there is no
    private place for it."""
    if sys.platform == "win32":
        digest = hashlib.sha256(f"{getpass.getuser()}\0{key}".encode("utf-8", "surrogatepass"))
        return f"sprintdesk-{digest.hexdigest()[:24]}"
    folder = endpoint_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return str(folder / f"{digest}.sock")


def peer_uid(descriptor: int) -> int | None:
    """The user id of the process at the other end of a connected local socket, as the
    kernel recorded it at connect/listen time; None when it cannot be read."""
    if descriptor < 0 or sys.platform == "win32":
        return None
    try:
        peer = socket.fromfd(descriptor, socket.AF_UNIX, socket.SOCK_STREAM)  # a duplicate
    except OSError:
        return None
    try:  # closing the duplicate leaves the connection open (no shutdown)
        if hasattr(socket, "SO_PEERCRED"):  # Linux: struct ucred {pid, uid, gid}
            ucred = peer.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            return int(struct.unpack("3i", ucred)[1])
        if hasattr(socket, "LOCAL_PEERCRED"):  # BSD, macOS: struct xucred {version, uid, ...}
            credentials = peer.getsockopt(0, socket.LOCAL_PEERCRED, 76)  # level SOL_LOCAL
            return int(struct.unpack_from("Ii", credentials)[1])
    except OSError:
        return None
    finally:
        peer.close()
    return None


def peer_is_us(descriptor: int, expected_uid: int | None = None) -> bool:
    """True when the other end runs as this user (or ``expected_uid``, for tests). Windows:
    the pipe's access list already admits only this user."""
    if sys.platform == "win32":
        return True
    if not (hasattr(socket, "SO_PEERCRED") or hasattr(socket, "LOCAL_PEERCRED")):
        return True  # no way to ask the kernel; the 0700 folder is the only gate
    uid = peer_uid(descriptor)
    return uid is not None and uid == (os.getuid() if expected_uid is None else expected_uid)


def ask_running_instance(key: str, *, expected_uid: int | None = None) -> bool:
    """True when a SprintDesk of this user already has this database open and answered
    that it came to the front."""
    name = server_name(key)
    if name is None:
        return False
    client = QLocalSocket()
    client.connectToServer(name)
    try:
        if not client.waitForConnected(CONNECT_MS):
            return False
        if not peer_is_us(int(client.socketDescriptor()), expected_uid):
            return False  # somebody else's socket: never believe it
        client.write(RAISE_MESSAGE)
        if not client.waitForBytesWritten(CONNECT_MS):
            return False
        answer = b""
        deadline = QDeadlineTimer(ANSWER_MS)
        while b"\n" not in answer and len(answer) < 64:
            if not client.bytesAvailable() and not client.waitForReadyRead(max(1, deadline.remainingTime())):
                break
            answer += bytes(client.readAll().data())
        return answer == RAISED_MESSAGE
    finally:
        client.abort()


class InstanceServer(QObject):
    """Listens for a second SprintDesk on the same database and brings ours to the front."""

    def __init__(
        self,
        key: str,
        bring_to_front: Callable[[], None],
        parent: QObject | None = None,
        *,
        expected_uid: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._bring_to_front = bring_to_front
        self._expected_uid = expected_uid
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(key)
        if name is not None and not self._server.listen(name):
            # A socket left by a killed SprintDesk (or put there by anything else): we hold
            # the database lock, so no live SprintDesk of ours is behind it.
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._connected)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    @property
    def name(self) -> str:
        return self._server.fullServerName()

    def _connected(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if not peer_is_us(int(connection.socketDescriptor()), self._expected_uid):
                connection.abort()  # another user's process: not a word to it
                connection.deleteLater()
                continue
            # Bound methods and sender(), no lambdas holding the socket: a lambda keeps a Python
            # wrapper of a socket that Qt deletes (on disconnect, or with the server), and a
            # signal reaching such a wrapper crashes the process.
            connection.readyRead.connect(self._read)
            connection.disconnected.connect(self._dropped)

    def _read(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket) and bytes(connection.readAll().data()).startswith(
            RAISE_MESSAGE.strip()
        ):
            connection.write(RAISED_MESSAGE)
            connection.flush()
            self._bring_to_front()

    def _dropped(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            connection.readyRead.disconnect(self._read)
            connection.disconnected.disconnect(self._dropped)
            connection.deleteLater()

    def close(self) -> None:
        """Stop listening and drop every connection now (silently: nothing is left to arrive)."""
        if not self._server.isListening():
            return
        self._server.close()
        for connection in self._server.findChildren(QLocalSocket):
            connection.blockSignals(True)
            connection.abort()
