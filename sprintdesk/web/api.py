"""The HTTP API the participant page talks to (docs: /work/briefs/contract13.md, "HTTP API").

Every handler runs in the server's thread and calls ParticipationService synchronously: one
transaction per write, committed before the answer goes out (a note is acknowledged only
once it is on disk). The service enforces the rules; this layer checks shapes, tokens and
rates, and turns refusals into JSON errors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TypeVar

from aiohttp import web

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import CODE_RATE, DOT_RATE, NOTE_RATE, RateLimiter, looks_like_secret
from sprintdesk.services.changes import Changes
from sprintdesk.services.errors import DatabaseBusyError, NotFoundError, StaleReferenceError, StorageError
from sprintdesk.services.participation import ParticipationService, token_hash
from sprintdesk.services.participation_errors import (
    ClosedError,
    ForbiddenError,
    MissingError,
    NotAllowedError,
    ParticipationError,
)
from sprintdesk.web.feed import Feed
from sprintdesk.web.files import PageFile
from sprintdesk.web.security import ApiError, read_json
from sprintdesk.web.streams import Stream, Streams, pump

log = logging.getLogger(__name__)
T = TypeVar("T")

_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotAllowedError, 401),
    (ForbiddenError, 403),
    (MissingError, 404),
    (ClosedError, 409),
    (ValidationError, 400),
    (NotFoundError, 404),
    (StaleReferenceError, 409),
    (DatabaseBusyError, 503),
    (StorageError, 503),
)
_BEARER = re.compile(r"Bearer ([A-Za-z0-9_-]{1,200})")


def refusal(error: Exception) -> ApiError:
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return ApiError(status, str(error).splitlines()[0] if str(error) else "That did not work.")
    raise error


class RoomApi:
    """The routes of one workshop's room."""

    def __init__(
        self,
        service: ParticipationService,
        workshop_id: int,
        clock: Clock,
        emit: Callable[[Changes], None],
        streams: Streams,
        feed: Feed,
        files: dict[str, PageFile],
    ) -> None:
        self._service = service
        self._workshop_id = workshop_id
        self._emit = emit
        self._streams = streams
        self._feed = feed
        self._files = files
        self._notes = RateLimiter(NOTE_RATE, clock.monotonic)
        self._dots = RateLimiter(DOT_RATE, clock.monotonic)
        self._codes = RateLimiter(CODE_RATE, clock.monotonic)
        self.closing = False

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/", self.page),
            web.get("/app.js", self.page),
            web.get("/style.css", self.page),
            web.get("/icon.svg", self.page),
            web.get("/j/{secret}", self.page),
            web.post("/api/code", self.code),
            web.get("/api/join/{secret}", self.join_info),
            web.post("/api/join", self.join),
            web.get("/api/me", self.me),
            web.get("/api/events", self.events),
            web.post("/api/notes", self.write_note),
            web.patch("/api/notes/{key}", self.edit_note),
            web.delete("/api/notes/{key}", self.delete_note),
            web.get("/api/vote", self.vote),
            web.post("/api/dots", self.cast_dot),
            web.delete("/api/dots", self.take_dot),
        ]

    # -- helpers ----------------------------------------------------------------------------
    def _call(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except (ParticipationError, ValidationError, StorageError) as error:
            raise refusal(error) from None

    def _changed(self, changes: Changes, participant_id: int | None = None) -> None:
        if changes.empty:
            return
        self._emit(changes)
        if participant_id is not None:
            self._feed.after_phone_write(participant_id, changes)

    def _who(self, request: web.Request) -> int:
        match = _BEARER.fullmatch(request.headers.get("Authorization", ""))
        if match is None:
            raise ApiError(401, "Join the workshop first.")
        return self._call(lambda: self._service.identify(match.group(1), self._workshop_id))

    @staticmethod
    def _limited(limiter: RateLimiter, key: object) -> None:
        if not limiter.allow(key):
            raise ApiError(429, "Too many at once. Wait a few seconds.")

    # -- pages ------------------------------------------------------------------------------
    async def page(self, request: web.Request) -> web.StreamResponse:
        route = request.path
        if route.startswith("/j/"):
            if not looks_like_secret(request.match_info["secret"]):
                raise ApiError(404, "There is nothing here.")
            route = "/"
        found = self._files.get(route)
        if found is None:
            raise ApiError(404, "There is nothing here.")
        return web.Response(
            body=found.body, content_type=found.content_type.split(";")[0], charset=_charset(found)
        )

    # -- joining ----------------------------------------------------------------------------
    async def code(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or "?"
        if not self._codes.allow(address):
            raise ApiError(429, "Too many tries. Wait a minute.")
        body = await read_json(request)
        secret = self._call(lambda: self._service.secret_for_code(body.get("code")))
        return web.json_response({"secret": secret})

    async def join_info(self, request: web.Request) -> web.StreamResponse:
        secret = request.match_info["secret"]
        return web.json_response(self._call(lambda: self._service.join_info(secret)))

    async def join(self, request: web.Request) -> web.StreamResponse:
        body = await read_json(request)
        joined, changes = self._call(
            lambda: self._service.join(
                body.get("secret"), body.get("participant_id"), body.get("name"), body.get("role")
            )
        )
        self._changed(changes)
        return web.json_response(joined)

    # -- what a phone sees ------------------------------------------------------------------
    async def me(self, request: web.Request) -> web.StreamResponse:
        participant_id = self._who(request)
        me = self._call(lambda: self._service.me(self._workshop_id, participant_id, with_room=False))
        me["room"] = self._feed.room()
        return web.json_response(me)

    async def vote(self, request: web.Request) -> web.StreamResponse:
        participant_id = self._who(request)
        return web.json_response(self._call(lambda: self._service.my_vote(self._workshop_id, participant_id)))

    async def events(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token", "")
        participant_id = self._call(lambda: self._service.identify(token, self._workshop_id))
        if self.closing:
            raise ApiError(409, "Joining is closed.")
        stream = Stream(participant_id, token_hash(token))
        self._call(lambda: self._feed.watch(participant_id))
        self._streams.add(stream)
        try:
            return await pump(request, stream, [("room", self._feed.room())])
        finally:
            self._streams.remove(stream)

    # -- notes ------------------------------------------------------------------------------
    async def write_note(self, request: web.Request) -> web.StreamResponse:
        participant_id = self._who(request)
        self._limited(self._notes, participant_id)
        body = await read_json(request)
        note, created, changes = self._call(
            lambda: self._service.write_note(
                self._workshop_id, participant_id, body.get("key"), body.get("text")
            )
        )
        self._changed(changes, participant_id)
        return web.json_response({"note": note}, status=201 if created else 200)

    async def edit_note(self, request: web.Request) -> web.StreamResponse:
        participant_id = self._who(request)
        self._limited(self._notes, participant_id)
        body = await read_json(request)
        key = request.match_info["key"]
        note, changes = self._call(
            lambda: self._service.edit_note(self._workshop_id, participant_id, key, body.get("text"))
        )
        self._changed(changes, participant_id)
        return web.json_response({"note": note})

    async def delete_note(self, request: web.Request) -> web.StreamResponse:
        participant_id = self._who(request)
        self._limited(self._notes, participant_id)
        key = request.match_info["key"]
        changes = self._call(lambda: self._service.delete_note(self._workshop_id, participant_id, key))
        self._changed(changes, participant_id)
        return web.json_response({"deleted": key})

    # -- dots -------------------------------------------------------------------------------
    async def cast_dot(self, request: web.Request) -> web.StreamResponse:
        return await self._dot(request, self._service.cast_dot)

    async def take_dot(self, request: web.Request) -> web.StreamResponse:
        return await self._dot(request, self._service.take_dot)

    async def _dot(
        self,
        request: web.Request,
        action: Callable[[int, int, object, object], tuple[dict[str, object], Changes]],
    ) -> web.StreamResponse:
        participant_id = self._who(request)
        self._limited(self._dots, participant_id)
        body = await read_json(request)
        supervote = body.get("supervote", False)
        state, changes = self._call(
            lambda: action(self._workshop_id, participant_id, body.get("note_id"), supervote)
        )
        self._changed(changes, participant_id)
        return web.json_response(state)


def _charset(found: PageFile) -> str | None:
    _type, _, parameter = found.content_type.partition("charset=")
    return parameter or None
