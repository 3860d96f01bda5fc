"""Simulated participants' phones for ``participants.py``: one process, one asyncio loop, an
``aiohttp`` client session per phone (its own connections, as a phone has), speaking the HTTP
API of ``/work/briefs/contract13.md`` to a server on 127.0.0.1 only.

Run by ``participants.py`` as a child process (so the phones' own CPU does not share the
server's interpreter and GIL)::

    python benchmarks/_phones.py --base http://127.0.0.1:PORT --secret S --phones 100 --out r.json

What each phone does, as the participant page would:

1. at a random moment of the join window: loads the page (``GET /j/<secret>`` and the files it
   names), ``GET /api/join/<secret>``, ``POST /api/join`` with a new name and a role,
   ``GET /api/me``, and opens the event stream (``GET /api/events?token=``), kept open to the end;
2. when every phone has joined (the child prints ``joined``): the person presses "Add" for
   ``--notes`` notes at random moments spread over ``--note-spread`` seconds; as the page
   (``resources/participant/app.js``), the phone keeps them in an outbox and sends them one at
   a time, oldest first, each with a client-made key, again after 1 s (doubling to 15 s, up
   to 8 tries) on 5xx, 408, 429 or a dropped connection. A note's time to acknowledgement runs
   from the press, so waiting in the outbox counts. One note of each phone is sent again with
   the same key right after its acknowledgement (a response lost on the way); every tenth
   phone also sends one note a second time at the moment it is pressed, beside the outbox (a
   resend while the first is still being handled). Then the child prints ``notes-done``;
3. when the vote opens (a ``room`` event with a vote) the phone reads ``GET /api/vote`` at once,
   as the page does; after a random reaction time within ``--dot-spread`` seconds it reads it
   again and taps ``--dots`` dots on different notes, one at a time about half a second apart
   (``POST /api/dots``, whose answer is the new ``<myvote>``). Then ``dots-done``.

As the page: a ``mine`` event makes a ``GET /api/me``, a ``vote`` event (once a vote is open) a
``GET /api/vote``, each time.

Times are ``time.monotonic_ns()`` (CLOCK_MONOTONIC, the same clock in every process), so the
parent can set a note's acknowledgement beside the moment its item appeared on the board.
The JSON written to ``--out`` holds every request's timings and status.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

ROLES_WANTED = 3
RETRIES = 8  # 1 + 2 + 4 + 8 + 15 + 15 + 15 s of waiting: about a minute
TAP_GAP_S = 0.5
PAGE_FILE = re.compile(r'(?:src|href)="(/[A-Za-z0-9_.-]+)"')


def now() -> int:
    return time.monotonic_ns()


@dataclass
class Plan:
    base: str
    secret: str
    phones: int
    notes: int
    dots: int
    join_spread: float
    note_spread: float
    dot_spread: float
    seed: int
    page: bool


@dataclass
class Record:
    """Everything measured, written out as JSON at the end."""

    joins: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    resends: list[dict[str, Any]] = field(default_factory=list)
    dots: list[dict[str, Any]] = field(default_factory=list)
    reads: dict[str, list[int]] = field(default_factory=dict)  # "GET /api/vote" -> [ns, ...]
    events: dict[str, int] = field(default_factory=dict)
    vote_seen: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    marks: dict[str, int] = field(default_factory=dict)

    def error(self, text: str) -> None:
        if len(self.errors) < 200:
            self.errors.append(text)


class Phone:
    def __init__(self, index: int, plan: Plan, record: Record, rng: random.Random) -> None:
        self.index = index
        self.plan = plan
        self.record = record
        self.rng = rng
        self.token = ""
        self.headers: dict[str, str] = {}
        self.vote_open = asyncio.Event()
        self.listener: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[Any]] = set()

    # -- joining ----------------------------------------------------------------------------
    async def join(self, session: aiohttp.ClientSession) -> None:
        await asyncio.sleep(self.rng.uniform(0, self.plan.join_spread))
        start = now()
        if self.plan.page:
            await self.load_page(session)
        async with session.get(f"/api/join/{self.plan.secret}") as response:
            about = await response.json()
            if response.status != 200:
                raise RuntimeError(f"GET /api/join: {response.status} {about}")
        roles = about.get("roles") or [""]
        body = {
            "secret": self.plan.secret,
            "name": f"Phone {self.index + 1:04d}",
            "role": roles[self.index % min(len(roles), ROLES_WANTED)],
        }
        async with session.post("/api/join", json=body, headers=origin(self.plan)) as response:
            joined = await response.json()
            if response.status != 200:
                raise RuntimeError(f"POST /api/join: {response.status} {joined}")
        self.token = joined["token"]
        self.headers = {"Authorization": f"Bearer {self.token}", **origin(self.plan)}
        await self.read("/api/me", session)
        self.listener = asyncio.create_task(self.listen(session))
        self.record.joins.append({"phone": self.index, "start": start, "end": now()})

    async def load_page(self, session: aiohttp.ClientSession) -> None:
        async with session.get(f"/j/{self.plan.secret}") as response:
            page = await response.text()
        for path in sorted(set(PAGE_FILE.findall(page))):
            async with session.get(path) as response:
                await response.read()

    # -- the event stream ---------------------------------------------------------------------
    async def listen(self, session: aiohttp.ClientSession) -> None:
        try:
            async with session.get(
                "/api/events", params={"token": self.token}, timeout=aiohttp.ClientTimeout(total=None)
            ) as response:
                if response.status != 200:
                    self.record.error(f"events: {response.status}")
                    return
                kind, data = "message", ""
                async for raw in response.content:
                    line = raw.decode("utf-8").rstrip("\r\n")
                    if line.startswith("event:"):
                        kind = line[6:].strip()
                    elif line.startswith("data:"):
                        data += line[5:].strip()
                    elif not line:
                        if data:
                            self.event(kind, data, session)
                        kind, data = "message", ""
        except asyncio.CancelledError:
            raise
        except (TimeoutError, aiohttp.ClientError, ConnectionError) as problem:
            self.record.error(f"events of phone {self.index}: {problem!r}")

    def event(self, kind: str, data: str, session: aiohttp.ClientSession) -> None:
        self.record.events[kind] = self.record.events.get(kind, 0) + 1
        if kind == "room":
            room = json.loads(data)
            vote = room.get("vote")
            if vote and not vote.get("revealed") and not self.vote_open.is_set():
                self.record.vote_seen.append(now())
                self.vote_open.set()
                self.spawn(self.read("/api/vote", session))  # the page reads the new vote at once
        elif kind == "vote" and self.vote_open.is_set():
            self.spawn(self.read("/api/vote", session))  # every nudge, as the page does
        elif kind == "mine":
            self.spawn(self.read("/api/me", session))

    def spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def read(self, path: str, session: aiohttp.ClientSession) -> Any:
        start = now()
        async with session.get(path, headers=self.headers) as response:
            body = await response.read()
            status = response.status
        self.record.reads.setdefault(f"GET {path}", []).append(now() - start)
        if status != 200:
            self.record.error(f"GET {path}: {status} {body[:120]!r}")
            return None
        return json.loads(body)

    # -- notes ----------------------------------------------------------------------------------
    async def write_notes(self, session: aiohttp.ClientSession, start: int) -> None:
        """As the page does: a note pressed goes into the outbox; the outbox sends one at a
        time, oldest first, and keeps a note until it is acknowledged (retrying after 1 s,
        doubling to 15 s, on 5xx, 429, 408 or a dropped connection). A note's time runs from
        the moment it was pressed, so waiting in the outbox counts."""
        moments = sorted(self.rng.uniform(0, self.plan.note_spread) for _ in range(self.plan.notes))
        outbox: asyncio.Queue[tuple[int, int, str, str]] = asyncio.Queue()
        presses = []
        for number, moment in enumerate(moments):
            key = f"p{self.index:04d}n{number:02d}{self.rng.getrandbits(48):012x}"
            text = f"Idea {number + 1} of phone {self.index + 1}: " + " ".join(
                self.rng.choice(WORDS) for _ in range(self.rng.randint(3, 12))
            )
            at = start + int(moment * 1e9)
            presses.append(asyncio.create_task(self.press(outbox, at, (number, at, key, text))))
            if self.index % 10 == 9 and number == 1:  # its connection dropped while the server worked
                presses.append(asyncio.create_task(self.twice(session, at, key, text, number)))
        for _ in moments:
            number, at, key, text = await outbox.get()
            entry = await self.post_note(session, key, text, at)
            entry.update(phone=self.index, number=number, text=text)
            self.record.notes.append(entry)
            if number == 0 and entry.get("id") is not None:  # the acknowledgement was "lost": again
                again = await self.post_note(session, key, text, now())
                again.update(phone=self.index, number=number, text=text, resend="after ack")
                self.record.resends.append(again)
        await asyncio.gather(*presses)

    @staticmethod
    async def press(
        outbox: asyncio.Queue[tuple[int, int, str, str]], at: int, note: tuple[int, int, str, str]
    ) -> None:
        await asyncio.sleep(max(0.0, (at - now()) / 1e9))
        outbox.put_nowait(note)

    async def twice(self, session: aiohttp.ClientSession, at: int, key: str, text: str, number: int) -> None:
        """The same note sent again at the same moment, beside the outbox's own send."""
        await asyncio.sleep(max(0.0, (at - now()) / 1e9))
        entry = await self.post_note(session, key, text, now())
        entry.update(phone=self.index, number=number, text=text, resend="at once")
        self.record.resends.append(entry)

    async def post_note(
        self, session: aiohttp.ClientSession, key: str, text: str, pressed: int
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {"key": key, "send": pressed, "sent": now(), "tries": 0, "statuses": []}
        wait = 1.0
        for _ in range(RETRIES):
            entry["tries"] += 1
            entry["last_sent"] = now()
            try:
                async with session.post(
                    "/api/notes", json={"key": key, "text": text}, headers=self.headers
                ) as response:
                    body = await response.read()
                    entry["statuses"].append(response.status)
                    if response.status in (200, 201):
                        entry["ack"] = now()
                        entry["id"] = json.loads(body)["note"].get("id")
                        return entry
                    if response.status < 500 and response.status not in (408, 429):
                        self.record.error(f"POST /api/notes: {response.status} {body[:120]!r}")
                        return entry
            except (TimeoutError, aiohttp.ClientError, ConnectionError) as problem:
                entry["statuses"].append(repr(problem)[:80])
            await asyncio.sleep(wait)
            wait = min(wait * 2, 15.0)
        self.record.error(f"note {key} not acknowledged after {RETRIES} tries: {entry['statuses']}")
        return entry

    # -- dots -----------------------------------------------------------------------------------
    async def vote(self, session: aiohttp.ClientSession) -> None:
        await self.vote_open.wait()
        await asyncio.sleep(self.rng.uniform(0, self.plan.dot_spread))
        vote = await self.read("/api/vote", session)  # what the page shows by then
        if vote is None:
            return
        items = [item["note_id"] for item in vote.get("items", [])]
        for note_id in self.rng.sample(items, min(self.plan.dots, len(items))):
            entry: dict[str, Any] = {"phone": self.index, "note_id": note_id, "send": now()}
            async with session.post(
                "/api/dots", json={"note_id": note_id, "supervote": False}, headers=self.headers
            ) as response:
                body = await response.read()
                entry["status"] = response.status
                entry["ack"] = now()
                entry["bytes"] = len(body)
                if response.status != 200:
                    self.record.error(f"POST /api/dots: {response.status} {body[:120]!r}")
            self.record.dots.append(entry)
            await asyncio.sleep(TAP_GAP_S * self.rng.uniform(0.5, 1.5))

    async def close(self) -> None:
        for task in [*self.tasks, *([self.listener] if self.listener else [])]:
            task.cancel()
        await asyncio.gather(*self.tasks, *([self.listener] if self.listener else []), return_exceptions=True)


def origin(plan: Plan) -> dict[str, str]:
    return {"Origin": plan.base}


WORD_TEXT = (
    "checkout faster trust delivery card payment address form returning customers fees up front "
    "errors helpful slow connection instalments reassure receipt mobile wallet guest account "
    "coupon basket summary shipping tracking refund support chat language currency"
)
WORDS = WORD_TEXT.split()


async def run(plan: Plan, record: Record) -> None:
    """Every phone's whole session; SIGTERM (the parent's time is up) ends it, and what was
    measured so far is still written."""
    this = asyncio.current_task()
    assert this is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, this.cancel)
    try:
        await phones_session(plan, record)
    except asyncio.CancelledError:
        record.error("stopped by the benchmark (time limit)")
        record.marks["stopped"] = now()


async def phones_session(plan: Plan, record: Record) -> None:
    rng = random.Random(plan.seed)
    phones = [Phone(i, plan, record, random.Random(rng.getrandbits(64))) for i in range(plan.phones)]
    connector_args = {"limit": 6, "enable_cleanup_closed": True}
    sessions = [
        aiohttp.ClientSession(
            base_url=plan.base,
            connector=aiohttp.TCPConnector(**connector_args),
            timeout=aiohttp.ClientTimeout(total=120),
        )
        for _ in phones
    ]
    try:
        record.marks["join_start"] = now()
        joined = await asyncio.gather(
            *(p.join(s) for p, s in zip(phones, sessions, strict=True)), return_exceptions=True
        )
        failed = [f"phone {i}: {r!r}" for i, r in enumerate(joined) if isinstance(r, BaseException)]
        if failed:
            raise RuntimeError(f"{len(failed)} phones could not join, first: {failed[0]}")
        record.marks["joined"] = now()
        say("joined")
        start = now() + 500_000_000
        record.marks["notes_start"] = start
        voting = [asyncio.create_task(p.vote(s)) for p, s in zip(phones, sessions, strict=True)]
        await asyncio.gather(*(p.write_notes(s, start) for p, s in zip(phones, sessions, strict=True)))
        record.marks["notes_done"] = now()
        say("notes-done")
        await asyncio.gather(*voting)
        record.marks["dots_done"] = now()
        say("dots-done")
        await asyncio.sleep(0.2)
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


def say(line: str) -> None:
    print(f"{line} {now()}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--phones", type=int, required=True)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--dots", type=int, default=3)
    parser.add_argument("--join-spread", type=float, default=10.0)
    parser.add_argument("--note-spread", type=float, default=30.0)
    parser.add_argument("--dot-spread", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-page", dest="page", action="store_false", help="skip loading the page")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if not args.base.startswith("http://127.0.0.1:"):
        parser.error("the phones talk to 127.0.0.1 only")
    plan = Plan(
        args.base,
        args.secret,
        args.phones,
        args.notes,
        args.dots,
        args.join_spread,
        args.note_spread,
        args.dot_spread,
        args.seed,
        args.page,
    )
    record = Record()
    cpu, wall = time.process_time(), now()
    status = 0
    try:
        asyncio.run(run(plan, record))
    except Exception as problem:
        record.error(f"phones stopped: {problem!r}")
        status = 1
    record.marks["cpu_ns"] = int((time.process_time() - cpu) * 1e9)
    record.marks["wall"] = now() - wall
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(record.__dict__, out)
    return status


if __name__ == "__main__":
    sys.exit(main())
