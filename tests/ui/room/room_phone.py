"""A simulated phone for the room's widget tests: plain HTTP (urllib, http.client) against
the real room server on 127.0.0.1, following the API in /work/briefs/contract13.md."""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class Phone:
    def __init__(self, join_url: str) -> None:
        parts = urllib.parse.urlsplit(join_url)
        assert parts.hostname == "127.0.0.1", "tests only ever talk to loopback"
        self.base = f"{parts.scheme}://{parts.netloc}"
        self.secret = parts.path.rsplit("/", 1)[-1]
        self.token: str | None = None
        self.participant: dict[str, Any] = {}
        self._stream: http.client.HTTPConnection | None = None
        self.events: list[str] = []

    def call(self, method: str, path: str, body: object = None, *, auth: bool = True) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if auth and self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as refused:
            raw = refused.read()
            return refused.code, json.loads(raw) if raw else None

    def lobby(self) -> dict[str, Any]:
        status, body = self.call("GET", f"/api/join/{self.secret}", auth=False)
        assert status == 200, body
        return dict(body)

    def join(self, participant_id: int | None = None, name: str | None = None, role: str = "") -> None:
        body: dict[str, Any] = {"secret": self.secret}
        if participant_id is not None:
            body["participant_id"] = participant_id
        if name is not None:
            body["name"], body["role"] = name, role
        status, answer = self.call("POST", "/api/join", body, auth=False)
        assert status == 200, answer
        self.token = answer["token"]
        self.participant = answer["participant"]

    def write(self, text: str, key: str) -> tuple[int, Any]:
        return self.call("POST", "/api/notes", {"key": key, "text": text})

    def listen(self) -> None:
        """Open the event stream (the phone is "online" while it is open), read in a thread."""
        host, port = urllib.parse.urlsplit(self.base).netloc.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", f"/api/events?token={self.token}")
        answer = connection.getresponse()
        assert answer.status == 200, answer.status
        self._stream = connection

        def read() -> None:
            try:
                for line in answer:
                    self.events.append(line.decode(errors="replace").rstrip("\n"))
            except (OSError, ValueError, AttributeError, http.client.HTTPException):  # hung up
                pass

        threading.Thread(target=read, daemon=True).start()

    def hang_up(self) -> None:
        if self._stream is not None:
            sock = self._stream.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(2)
            self._stream.close()
            self._stream = None
