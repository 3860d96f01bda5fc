"""Phones for the room's server tests (issue 13): plain HTTP clients (http.client) and
event-stream readers on raw sockets, all to 127.0.0.1 only; and a recorder of the Changes the
server hands over. Imported by tests/web (a module of its own, not a conftest, so that its
name cannot clash with another package's conftest)."""

from __future__ import annotations

import contextlib
import http.client
import json
import queue
import socket
import threading
from collections.abc import Iterator

from sprintdesk.services.changes import Changes
from sprintdesk.web.address import JoinAddress

LOOPBACK = "127.0.0.1"


class Reply:
    def __init__(self, status: int, body: bytes, headers: http.client.HTTPMessage) -> None:
        self.status = status
        self.body = body
        self.headers = headers

    @property
    def json(self) -> dict[str, object]:
        loaded = json.loads(self.body)
        assert isinstance(loaded, dict)
        return loaded

    def __repr__(self) -> str:
        return f"<{self.status} {self.body[:200]!r}>"


class Phone:
    """One phone: HTTP requests to the room's server, with its token once it joined."""

    def __init__(self, address: JoinAddress, host: str | None = None) -> None:
        self.address = address
        self.host = host or f"{address.host}:{address.port}"
        self.token: str | None = None
        self.participant_id: int | None = None

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        token: str | None = None,
    ) -> Reply:
        assert self.address.host == LOOPBACK
        connection = http.client.HTTPConnection(LOOPBACK, self.address.port, timeout=10)
        try:
            sent = {"Host": self.host}
            data = raw
            if body is not None:
                data = json.dumps(body).encode()
                sent["Content-Type"] = "application/json"
            bearer = token if token is not None else self.token
            if bearer:
                sent["Authorization"] = f"Bearer {bearer}"
            sent.update(headers or {})
            chunked = sent.get("Transfer-Encoding") == "chunked"
            connection.request(method, path, body=data, headers=sent, encode_chunked=chunked)
            response = connection.getresponse()
            return Reply(response.status, response.read(), response.headers)
        finally:
            connection.close()

    def join(self, **who: object) -> Reply:
        reply = self.request("POST", "/api/join", {"secret": self.address.secret, **who})
        assert reply.status == 200, reply
        self.token = str(reply.json["token"])
        self.participant_id = int(reply.json["participant"]["id"])  # type: ignore[index]
        return reply

    def events(self) -> EventStream:
        assert self.token is not None
        return EventStream(self.address, self.host, self.token)


class EventStream:
    """GET /api/events read on a raw socket in a thread; events land in a queue."""

    def __init__(self, address: JoinAddress, host: str, token: str) -> None:
        self.sock = socket.create_connection((LOOPBACK, address.port), timeout=30)
        request = (
            f"GET /api/events?token={token} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.events: queue.Queue[tuple[str, dict[str, object]] | None] = queue.Queue()
        self.status: int | None = None
        self.headers = ""
        self.ended = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        reader = self.sock.makefile("rb")
        try:
            head = []
            while (line := reader.readline()) not in (b"\r\n", b""):
                head.append(line.decode("latin-1"))
            self.status = int(head[0].split()[1]) if head else None
            self.headers = "".join(head)
            chunked = "chunked" in self.headers.lower()
            event, data = "", ""
            for line in self._lines(reader, chunked):
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and event:
                    self.events.put((event, json.loads(data)))
                    event, data = "", ""
        except OSError:
            pass
        finally:
            self.events.put(None)
            self.ended.set()

    @staticmethod
    def _lines(reader: object, chunked: bool) -> Iterator[str]:
        buffer = b""
        while True:
            if chunked:
                size_line = reader.readline()  # type: ignore[attr-defined]
                if not size_line:
                    return
                size = int(size_line.strip() or b"0", 16)
                if size == 0:
                    return
                buffer += reader.read(size)  # type: ignore[attr-defined]
                reader.readline()  # type: ignore[attr-defined]
            else:
                chunk = reader.readline()  # type: ignore[attr-defined]
                if not chunk:
                    return
                buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                yield line.decode("utf-8").rstrip("\r")

    def next(self, wanted: str | None = None, timeout: float = 10.0) -> tuple[str, dict[str, object]]:
        """The next event (named ``wanted``, skipping others); fails on timeout or end."""
        while True:
            item = self.events.get(timeout=timeout)
            assert item is not None, "the event stream ended"
            if wanted is None or item[0] == wanted:
                return item

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(5)


class Recorder:
    """on_changes: what the server handed over, from its own thread."""

    def __init__(self) -> None:
        self.changes: list[Changes] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, changes: Changes) -> None:
        with self.lock:
            self.changes.append(changes)
            self.threads.add(threading.current_thread().name)
