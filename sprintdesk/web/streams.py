"""The phones' event streams (server-sent events): who is connected, and what to tell them.

Lives in the server's thread; only ``online`` is read from other threads (under a lock).
A stream is a queue of (event, data) pairs its handler writes out; ``None`` ends it.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

KEEP_ALIVE_S = 15.0
QUEUE_LIMIT = 64  # a phone that reads nothing for this long is dropped, not buffered forever

Event = tuple[str, dict[str, object]] | None


@dataclass(eq=False)
class Stream:
    participant_id: int
    token_hash: str
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def send(self, event: str, data: dict[str, object]) -> None:
        try:
            self.queue.put_nowait((event, data))
        except asyncio.QueueFull:  # a phone that reads nothing: end it, it will reconnect
            self.end()

    def end(self) -> None:
        while True:
            try:
                self.queue.put_nowait(None)
                return
            except asyncio.QueueFull:
                self.queue.get_nowait()


class Streams:
    def __init__(self) -> None:
        self._streams: set[Stream] = set()
        self._lock = threading.Lock()
        self._online: Counter[int] = Counter()

    def add(self, stream: Stream) -> None:
        with self._lock:
            self._streams.add(stream)
            self._online[stream.participant_id] += 1

    def remove(self, stream: Stream) -> None:
        with self._lock:
            if stream in self._streams:
                self._streams.discard(stream)
                self._online[stream.participant_id] -= 1
                if self._online[stream.participant_id] <= 0:
                    del self._online[stream.participant_id]

    def online(self) -> dict[int, int]:
        with self._lock:
            return dict(self._online)

    def all(self) -> list[Stream]:
        with self._lock:
            return list(self._streams)

    def of(self, participant_id: int) -> list[Stream]:
        return [s for s in self.all() if s.participant_id == participant_id]

    def broadcast(self, event: str, data: dict[str, object]) -> None:
        for stream in self.all():
            stream.send(event, data)


def _frame(event: str, data: dict[str, object]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


async def pump(
    request: web.Request, stream: Stream, first: list[tuple[str, dict[str, object]]]
) -> web.StreamResponse:
    """Write the stream out until it ends or the phone goes; a comment line keeps it alive."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)
    try:
        for event, data in first:
            await response.write(_frame(event, data))
        while True:
            try:
                item = await asyncio.wait_for(stream.queue.get(), KEEP_ALIVE_S)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if item is None:
                break
            await response.write(_frame(*item))
            if item[0] == "bye":
                break
    except ConnectionError:
        pass
    return response
