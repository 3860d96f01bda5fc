"""The floor for ``participants.py``: a bare aiohttp server of the same kind as SprintDesk's
room server (an asyncio loop in a worker thread of the app's process, bound to 127.0.0.1)
that answers the same requests with answers of the same shapes and does nothing else.

Two kinds:

* ``bare``: answers from dictionaries in memory (a note's key -> its id, so a resent note gets
  its first answer back);
* ``sqlite``: the same, and each note and each dot is one ``INSERT`` and one ``commit()`` on a
  plain ``sqlite3`` connection to a file of its own (WAL, ``synchronous=NORMAL``, as SprintDesk's
  database), made in the handler on the server's loop, as the issue's "bare aiohttp server in
  a thread committing each note to SQLite" did.

The vote's item list (every note of the board, with its text) is serialised once when the
vote starts and reused in every answer: the floor does not build it again per request.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any

from aiohttp import web

PAGE_FILES = {
    "/app.js": "application/javascript",
    "/style.css": "text/css",
    "/icon.svg": "image/svg+xml",
}
KEEP_ALIVE_S = 15.0
PLACEHOLDER_PAGE = (
    '<!doctype html><html><head><link rel="stylesheet" href="/style.css"></head>'
    '<body><script src="/app.js"></script></body></html>'
)


class FloorServer:
    def __init__(self, kind: str, db_path: Path | None, page_dir: Path) -> None:
        assert kind in ("bare", "sqlite")
        self.kind = kind
        self.db_path = db_path
        self.page_dir = page_dir
        self.secret = secrets.token_urlsafe(24)
        self.port = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None
        self.runner: web.AppRunner | None = None
        self.tokens: dict[str, int] = {}
        self.notes: dict[tuple[int, str], dict[str, Any]] = {}
        self.dots: dict[int, list[int]] = {}
        self.streams: set[asyncio.Queue[tuple[str, str]]] = set()
        self.vote_items = b"[]"
        self.vote_id: int | None = None
        self.rev = 1
        self.db: sqlite3.Connection | None = None
        self.files = self._files()

    def _files(self) -> dict[str, tuple[bytes, str]]:
        index = self.page_dir / "index.html"
        page = index.read_bytes() if index.exists() else PLACEHOLDER_PAGE.encode()
        files = {"/": (page, "text/html; charset=utf-8")}
        for path, kind in PAGE_FILES.items():
            found = self.page_dir / path[1:]
            files[path] = (found.read_bytes() if found.exists() else b"/* placeholder */", kind)
        return files

    # -- life -----------------------------------------------------------------------------------
    def start(self) -> str:
        ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, args=(ready,), name="floor-server", daemon=True)
        self.thread.start()
        if not ready.wait(10):
            raise RuntimeError("the floor server did not start")
        return f"http://127.0.0.1:{self.port}"

    def _serve(self, ready: threading.Event) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        if self.kind == "sqlite":
            assert self.db_path is not None
            self.db = sqlite3.connect(self.db_path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, participant INTEGER, "
                "key TEXT, text TEXT, UNIQUE(participant, key))"
            )
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS dots (id INTEGER PRIMARY KEY, participant INTEGER, note INTEGER)"
            )
            self.db.commit()
        app = web.Application(client_max_size=8 * 1024)
        app.router.add_get("/", self.page)
        app.router.add_get("/j/{secret}", self.page)
        for path in PAGE_FILES:
            app.router.add_get(path, self.page)
        app.router.add_get("/api/join/{secret}", self.about)
        app.router.add_post("/api/join", self.join)
        app.router.add_get("/api/me", self.me)
        app.router.add_get("/api/events", self.events)
        app.router.add_post("/api/notes", self.write_note)
        app.router.add_get("/api/vote", self.my_vote)
        app.router.add_post("/api/dots", self.cast)
        self.runner = web.AppRunner(app, access_log=None, handle_signals=False)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0, backlog=2048)
        self.loop.run_until_complete(site.start())
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.runner.cleanup())
        self.loop.close()
        if self.db is not None:
            self.db.close()

    def stop(self) -> None:
        if self.loop is not None and self.thread is not None:

            def end() -> None:
                for queue in list(self.streams):
                    queue.put_nowait(("bye", '{"reason": "stopped"}'))
                assert self.loop is not None
                self.loop.call_later(0.1, self.loop.stop)

            self.loop.call_soon_threadsafe(end)
            self.thread.join(10)

    def start_vote(self) -> None:
        """Called from the interface thread, as the facilitator starts a vote."""
        assert self.loop is not None
        self.loop.call_soon_threadsafe(self._start_vote)

    def _start_vote(self) -> None:
        items = [
            {"note_id": note["id"], "text": note["text"], "cluster": None, "mine": 0, "mine_super": 0}
            for note in self.notes.values()
        ]
        self.vote_items = json.dumps(items).encode()
        self.vote_id = 1
        self.rev += 1
        room = json.dumps(self.room())
        for queue in self.streams:
            queue.put_nowait(("room", room))

    # -- answers --------------------------------------------------------------------------------
    def room(self) -> dict[str, Any]:
        vote = None
        if self.vote_id is not None:
            vote = {
                "id": self.vote_id,
                "budget": 3,
                "supervote_budget": 0,
                "stacking": False,
                "revealed": False,
            }
        return {
            "rev": self.rev,
            "workshop": "Floor",
            "item": {"title": "Ideas", "instructions": "Write", "kind": "exercise"},
            "timer": None,
            "board": {"id": 1, "name": "Ideas", "locked": False, "private": False, "moderation": False},
            "vote": vote,
            "anonymous": False,
        }

    def who(self, request: web.Request) -> int:
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else request.query.get("token", "")
        participant = self.tokens.get(token)
        if participant is None:
            raise web.HTTPUnauthorized(text='{"error": "Join again."}', content_type="application/json")
        return participant

    async def page(self, request: web.Request) -> web.Response:
        path = request.path if request.path in self.files else "/"
        body, kind = self.files[path]
        return web.Response(
            body=body, content_type=kind.split(";")[0], charset="utf-8" if "charset" in kind else None
        )

    async def about(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "workshop": "Floor",
                "anonymous": False,
                "allow_new_names": True,
                "participants": [],
                "roles": ["Decider", "Design", "Engineering"],
            }
        )

    async def join(self, request: web.Request) -> web.Response:
        body = await request.json()
        participant = len(self.tokens) + 1
        token = secrets.token_urlsafe(24)
        self.tokens[token] = participant
        return web.json_response(
            {
                "token": token,
                "participant": {"id": participant, "name": body.get("name"), "role": body.get("role")},
            }
        )

    async def me(self, request: web.Request) -> web.Response:
        participant = self.who(request)
        mine = [note for (who, _key), note in self.notes.items() if who == participant]
        return web.json_response(
            {"participant": {"id": participant}, "room": self.room(), "notes": mine, "vote": None}
        )

    async def events(self, request: web.Request) -> web.StreamResponse:
        self.who(request)
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        await response.prepare(request)
        queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self.streams.add(queue)
        try:
            await response.write(f"event: room\ndata: {json.dumps(self.room())}\n\n".encode())
            while True:
                try:
                    kind, data = await asyncio.wait_for(queue.get(), KEEP_ALIVE_S)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                await response.write(f"event: {kind}\ndata: {data}\n\n".encode())
                if kind == "bye":
                    break
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.streams.discard(queue)
        return response

    async def write_note(self, request: web.Request) -> web.Response:
        participant = self.who(request)
        body = await request.json()
        key, text = str(body["key"]), str(body["text"])[:500]
        found = self.notes.get((participant, key))
        if found is not None:
            return web.json_response({"note": found}, status=200)
        if self.db is not None:
            cursor = self.db.execute(
                "INSERT INTO notes (participant, key, text) VALUES (?, ?, ?)", (participant, key, text)
            )
            self.db.commit()
            note_id = cursor.lastrowid
        else:
            note_id = len(self.notes) + 1
        note = {"key": key, "id": note_id, "text": text, "status": "on board"}
        self.notes[(participant, key)] = note
        return web.json_response({"note": note}, status=201)

    def my_vote_body(self, participant: int) -> bytes:
        mine = self.dots.get(participant, [])
        head = {
            "id": self.vote_id,
            "budget": 3,
            "supervote_budget": 0,
            "stacking": False,
            "revealed": False,
            "left": 3 - len(mine),
            "supervotes_left": 0,
            "is_decider": False,
            "results": None,
        }
        return json.dumps(head)[:-1].encode() + b', "items": ' + self.vote_items + b"}"

    async def my_vote(self, request: web.Request) -> web.Response:
        participant = self.who(request)
        if self.vote_id is None:
            return web.json_response({"error": "No vote is open."}, status=409)
        return web.Response(body=self.my_vote_body(participant), content_type="application/json")

    async def cast(self, request: web.Request) -> web.Response:
        participant = self.who(request)
        body = await request.json()
        note_id = int(body["note_id"])
        mine = self.dots.setdefault(participant, [])
        if len(mine) >= 3:
            return web.json_response({"error": "No dots left."}, status=409)
        if self.db is not None:
            self.db.execute("INSERT INTO dots (participant, note) VALUES (?, ?)", (participant, note_id))
            self.db.commit()
        mine.append(note_id)
        return web.Response(body=self.my_vote_body(participant), content_type="application/json")

    def check(self) -> dict[str, Any]:
        """What the floor holds after the run (after ``stop``): note texts and keys counted,
        and the number of dots (from its file for ``sqlite``)."""
        if self.kind == "bare" or self.db_path is None:
            texts: dict[str, int] = {}
            for note in self.notes.values():
                texts[note["text"]] = texts.get(note["text"], 0) + 1
            keys = {f"{who}/{key}": 1 for who, key in self.notes}
            return {"texts": texts, "keys": keys, "dots": sum(len(d) for d in self.dots.values())}
        connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            texts = dict(connection.execute("SELECT text, COUNT(*) FROM notes GROUP BY text").fetchall())
            keys = dict(
                connection.execute(
                    "SELECT participant || '/' || key, COUNT(*) FROM notes GROUP BY participant, key"
                ).fetchall()
            )
            dots = connection.execute("SELECT COUNT(*) FROM dots").fetchone()[0]
        finally:
            connection.close()
        return {"texts": texts, "keys": keys, "dots": dots}
