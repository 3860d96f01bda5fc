"""One SprintDesk per database: the first one listens on a local socket named after the
database; a second one started on the same file asks it to come to the front and quits."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
RAISE_MESSAGE = b"raise\n"


def server_name(database: str) -> str:
    digest = hashlib.sha1(database.encode("utf-8")).hexdigest()[:16]
    return f"sprintdesk-{digest}"


def ask_running_instance(database: str) -> bool:
    """True when a SprintDesk already has this database open and was asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(database))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(RAISE_MESSAGE)
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for a second SprintDesk on the same database and brings ours to the front."""

    def __init__(
        self, database: str, bring_to_front: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._bring_to_front = bring_to_front
        self._server = QLocalServer(self)
        name = server_name(database)
        if not self._server.listen(name):
            QLocalServer.removeServer(name)  # a socket left by a crashed SprintDesk
            self._server.listen(name)
        self._server.newConnection.connect(self._connected)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _connected(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
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
