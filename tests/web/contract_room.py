"""A stand-in for the room's server that speaks contract13's HTTP API from memory, so the
participant page can be driven through situations the real server reaches only with timing
luck (an acknowledgement lost after the commit) and checked against the contract itself.

It serves the real files of resources/participant with the contract's security headers
(the strict CSP makes the browser refuse any inline script or style). Binds to 127.0.0.1
only. The real server is exercised by test_phone_browser.py."""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

PAGE_DIR = Path(__file__).resolve().parents[2] / "resources" / "participant"
FILES = {
    "/": ("index.html", "text/html"),
    "/app.js": ("app.js", "text/javascript"),
    "/style.css": ("style.css", "text/css"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}
ROOM: web.AppKey[ContractRoom] = web.AppKey("room")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass
class Phone:
    id: int
    name: str
    role: str
    tokens: set[str] = field(default_factory=set)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)


class ContractRoom:
    """The room's state, changed by the test (the facilitator) and by the page (phones)."""

    def __init__(self, code: str = "K7P2QX") -> None:
        self.secret = secrets.token_urlsafe(24)
        self.code = code
        self.workshop = "Checkout redesign sprint"
        self.anonymous = False
        self.allow_new_names = True
        self.roles = ["Decider", "Design", "Engineering"]
        self.people: dict[int, Phone] = {1: Phone(1, "Ada", "Decider"), 2: Phone(2, "Grace", "Engineering")}
        self.rev = 1
        self.item: dict[str, Any] | None = {
            "title": "Sketch",
            "instructions": "Write one idea per note.",
            "kind": "activity",
        }
        self.timer: dict[str, Any] | None = None
        self.timer_set_at = 0.0
        self.board: dict[str, Any] | None = {
            "id": 7,
            "name": "Ideas",
            "locked": False,
            "private": False,
            "moderation": False,
        }
        self.vote: dict[str, Any] | None = None
        self.dots: dict[tuple[int, int, bool], int] = {}
        self.posts: list[str] = []  # every POST /api/notes key received, in order
        self.drop_next_note_answer = False
        self.streams: list[tuple[int, asyncio.Queue[tuple[str, Any] | None]]] = []
        self._next_note = 100
        self._next_person = 3

    # -- what phones see --------------------------------------------------------------------
    def room_json(self) -> dict[str, Any]:
        timer = None
        if self.timer is not None:
            elapsed = self.timer["elapsed_s"]
            if self.timer["running"]:
                elapsed += time.time() - self.timer_set_at
            timer = {**self.timer, "elapsed_s": elapsed, "server_ms": int(time.time() * 1000)}
        return {
            "rev": self.rev,
            "workshop": self.workshop,
            "item": self.item,
            "timer": timer,
            "board": self.board,
            "vote": self.vote,
            "anonymous": self.anonymous,
        }

    def all_notes(self) -> list[tuple[Phone, dict[str, Any]]]:
        return [(p, n) for p in self.people.values() for n in p.notes.values()]

    def vote_json(self, phone: Phone) -> dict[str, Any]:
        assert self.vote is not None
        used = sum(c for (pid, _, sup), c in self.dots.items() if pid == phone.id and not sup)
        used_super = sum(c for (pid, _, sup), c in self.dots.items() if pid == phone.id and sup)
        items = [
            {
                "note_id": n["id"],
                "text": n["text"],
                "cluster": n.get("cluster"),
                "mine": self.dots.get((phone.id, n["id"], False), 0),
                "mine_super": self.dots.get((phone.id, n["id"], True), 0),
            }
            for _, n in self.all_notes()
        ]
        items.sort(key=lambda i: (i["cluster"] is None, i["cluster"] or "", i["note_id"]))
        results = None
        if self.vote["revealed"]:
            results = [
                {
                    "note_id": i["note_id"],
                    "text": i["text"],
                    "cluster": i["cluster"],
                    "dots": sum(c for (_, nid, s), c in self.dots.items() if nid == i["note_id"] and not s),
                    "supervotes": sum(c for (_, nid, s), c in self.dots.items() if nid == i["note_id"] and s),
                }
                for i in items
            ]
            results.sort(key=lambda r: (-r["supervotes"], -r["dots"], r["note_id"]))
        is_decider = phone.role == "Decider"
        return {
            **self.vote,
            "left": self.vote["budget"] - used,
            "supervotes_left": (self.vote["supervote_budget"] - used_super) if is_decider else 0,
            "is_decider": is_decider,
            "items": items,
            "results": results,
        }

    # -- the facilitator's side (called from the test thread through Server.call) -----------
    def changed(self, *events: str) -> None:
        self.rev += 1
        room = self.room_json()
        for _, queue in self.streams:
            queue.put_nowait(("room", room))
            for name in events:
                queue.put_nowait((name, {}))

    def set_timer(self, duration_s: float, elapsed_s: float, running: bool) -> None:
        self.timer = {"duration_s": duration_s, "elapsed_s": elapsed_s, "running": running}
        self.timer_set_at = time.time()
        self.changed()

    def open_vote(self, budget: int = 3, supervote_budget: int = 1, stacking: bool = True) -> None:
        self.vote = {
            "id": 1,
            "budget": budget,
            "supervote_budget": supervote_budget,
            "stacking": stacking,
            "revealed": False,
        }
        self.changed("vote")

    def reveal(self) -> None:
        assert self.vote is not None
        self.vote = {**self.vote, "revealed": True}
        self.changed("vote")

    def set_board(self, **flags: bool) -> None:
        assert self.board is not None
        self.board = {**self.board, **flags}
        self.changed()

    def lock(self) -> None:
        assert self.board is not None
        self.board = {**self.board, "locked": True}
        self.changed()

    def say_bye(self, reason: str) -> None:
        for _, queue in self.streams:
            queue.put_nowait(("bye", {"reason": reason}))
            queue.put_nowait(None)

    # -- the HTTP side ----------------------------------------------------------------------
    def phone_of(self, request: web.Request) -> Phone:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        token = token or request.query.get("token", "")
        for phone in self.people.values():
            if token and token in phone.tokens:
                return phone
        raise _error(401, "Join the room first.")

    def join(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("secret") != self.secret:
            raise _error(404, "This room is closed.")
        if self.anonymous:
            phone = Phone(self._next_person, f"Anonymous {self._next_person}", "")
        elif isinstance(body.get("participant_id"), int) and body["participant_id"] in self.people:
            phone = self.people[body["participant_id"]]
            phone.role = body.get("role") or phone.role
        elif isinstance(body.get("name"), str) and body["name"].strip() and self.allow_new_names:
            phone = Phone(self._next_person, body["name"].strip(), body.get("role") or "")
        else:
            raise _error(400, "Choose your name.")
        if phone.id == self._next_person:
            self._next_person += 1
            self.people[phone.id] = phone
        token = secrets.token_urlsafe(24)
        phone.tokens.add(token)
        return {"token": token, "participant": self.person(phone)}

    @staticmethod
    def person(phone: Phone) -> dict[str, Any]:
        return {"id": phone.id, "name": phone.name, "role": phone.role}

    def write(self, phone: Phone, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        key, text = body.get("key"), body.get("text")
        self.posts.append(str(key))
        if not isinstance(key, str) or not isinstance(text, str) or not 1 <= len(text.strip()) <= 500:
            raise _error(400, "A note has 1 to 500 characters.")
        if key in phone.notes:
            return 200, {"note": phone.notes[key]}
        if self.board is None or self.board["locked"]:
            raise _error(409, "The board is locked.")
        status = "waiting" if self.board["moderation"] else "covered" if self.board["private"] else "on board"
        phone.notes[key] = {"key": key, "id": self._next_note, "text": text.strip(), "status": status}
        self._next_note += 1
        return 201, {"note": phone.notes[key]}


def _error(status: int, message: str) -> web.HTTPException:
    cls = {400: web.HTTPBadRequest, 401: web.HTTPUnauthorized, 404: web.HTTPNotFound, 409: web.HTTPConflict}[
        status
    ]
    return cls(text=json.dumps({"error": message}), content_type="application/json")


class Server:
    """ContractRoom behind aiohttp in a thread of its own, on 127.0.0.1."""

    def __init__(self, room: ContractRoom) -> None:
        self.room = room
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        async def run() -> Any:
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def start(self, port: int = 0) -> int:
        async def up() -> int:
            app = web.Application(middlewares=[_headers])
            app[ROOM] = self.room
            _routes(app)
            self._runner = web.AppRunner(app, shutdown_timeout=0.5)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", port)
            await site.start()
            return int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

        self.port = asyncio.run_coroutine_threadsafe(up(), self.loop).result(10)
        return self.port

    def stop(self) -> None:
        async def down() -> None:
            for _, queue in self.room.streams:
                queue.put_nowait(None)
            if self._runner is not None:
                await self._runner.cleanup()
            self._runner = None

        asyncio.run_coroutine_threadsafe(down(), self.loop).result(10)

    def close(self) -> None:
        self.stop()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


@web.middleware
async def _headers(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.path.startswith("/api"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


def _routes(app: web.Application) -> None:
    def room(request: web.Request) -> ContractRoom:
        return request.app[ROOM]

    async def page(request: web.Request) -> web.Response:
        name, kind = FILES["/" if request.path.startswith("/j/") else request.path]
        return web.Response(body=(PAGE_DIR / name).read_bytes(), content_type=kind)

    async def code(request: web.Request) -> web.Response:
        body = await request.json()
        if str(body.get("code", "")).upper() != room(request).code:
            raise _error(404, "No room has that code.")
        return _json({"secret": room(request).secret})

    async def join_info(request: web.Request) -> web.Response:
        r = room(request)
        if request.match_info["secret"] != r.secret:
            raise _error(404, "This room is closed.")
        people = [] if r.anonymous else [r.person(p) for p in r.people.values()]
        return _json(
            {
                "workshop": r.workshop,
                "anonymous": r.anonymous,
                "allow_new_names": r.allow_new_names,
                "participants": people,
                "roles": r.roles,
            }
        )

    async def join(request: web.Request) -> web.Response:
        return _json(room(request).join(await request.json()))

    async def me(request: web.Request) -> web.Response:
        r = room(request)
        phone = r.phone_of(request)
        return _json(
            {
                "participant": r.person(phone),
                "room": r.room_json(),
                "notes": list(phone.notes.values()),
                "vote": r.vote_json(phone) if r.vote else None,
            }
        )

    async def events(request: web.Request) -> web.StreamResponse:
        r = room(request)
        phone = r.phone_of(request)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        queue: asyncio.Queue[tuple[str, Any] | None] = asyncio.Queue()
        entry = (phone.id, queue)
        r.streams.append(entry)
        queue.put_nowait(("room", r.room_json()))
        try:
            while (event := await queue.get()) is not None:
                await response.write(f"event: {event[0]}\ndata: {json.dumps(event[1])}\n\n".encode())
        finally:
            r.streams.remove(entry)
        return response

    async def add_note(request: web.Request) -> web.StreamResponse:
        r = room(request)
        status, data = r.write(r.phone_of(request), await request.json())
        if r.drop_next_note_answer:  # committed, but the answer is cut off on its way to the phone
            r.drop_next_note_answer = False
            # (cut after the headers: a connection closed before any byte of the answer makes
            # Chromium resend the request by itself, and the page's own resend is not reached)
            response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
            response.content_length = 1000
            await response.prepare(request)
            await response.write(b'{"note": ')
            assert request.transport is not None
            request.transport.close()
            return response
        return _json(data, status)

    async def edit_note(request: web.Request) -> web.Response:
        r = room(request)
        phone = r.phone_of(request)
        note = phone.notes.get(request.match_info["key"])
        if note is None:
            raise _error(404, "No such note.")
        if r.board is None or r.board["locked"]:
            raise _error(409, "The board is locked.")
        if request.method == "DELETE":
            del phone.notes[note["key"]]
            return _json({"deleted": note["key"]})
        note["text"] = str((await request.json())["text"]).strip()
        return _json({"note": note})

    async def vote(request: web.Request) -> web.Response:
        r = room(request)
        if r.vote is None:
            raise _error(409, "No vote is open.")
        return _json(r.vote_json(r.phone_of(request)))

    async def dots(request: web.Request) -> web.Response:
        r = room(request)
        phone = r.phone_of(request)
        body = await request.json()
        key = (phone.id, int(body["note_id"]), bool(body.get("supervote")))
        mine = r.vote_json(phone)
        if request.method == "POST":
            if (mine["supervotes_left"] if key[2] else mine["left"]) <= 0:
                raise _error(409, "No dots left.")
            r.dots[key] = r.dots.get(key, 0) + 1
        elif r.dots.get(key, 0) > 0:
            r.dots[key] -= 1
        return _json(r.vote_json(phone))

    app.router.add_get("/", page)
    app.router.add_get("/j/{secret}", page)
    for path in ("/app.js", "/style.css", "/icon.svg"):
        app.router.add_get(path, page)
    app.router.add_post("/api/code", code)
    app.router.add_get("/api/join/{secret}", join_info)
    app.router.add_post("/api/join", join)
    app.router.add_get("/api/me", me)
    app.router.add_get("/api/events", events)
    app.router.add_post("/api/notes", add_note)
    app.router.add_patch("/api/notes/{key}", edit_note)
    app.router.add_delete("/api/notes/{key}", edit_note)
    app.router.add_get("/api/vote", vote)
    app.router.add_post("/api/dots", dots)
    app.router.add_delete("/api/dots", dots)
