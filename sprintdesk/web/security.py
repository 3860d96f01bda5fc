"""What every request to the room's server goes through before a handler sees it: the Host
and Origin checks (against DNS rebinding and other sites' pages), the body limit, JSON
errors instead of HTML pages, and the headers every response carries (a strict
Content-Security-Policy, no sniffing, no referrer, nothing cached from the API)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp.typedefs import Middleware

from sprintdesk.domain.participation import MAX_BODY_BYTES

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ApiError(Exception):
    """A refusal with its HTTP status and a one-line message for the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def allowed_hosts(host: str, port: int, extra_hosts: Iterable[str]) -> frozenset[str]:
    """The Host header values the server answers: its address with the port, and the names
    tests map to it (with or without the port)."""
    names = {f"{host}:{port}".lower()}
    if port == 80:
        names.add(host.lower())
    for name in extra_hosts:
        names.add(name.lower())
        names.add(f"{name}:{port}".lower())
    return frozenset(names)


def guard(
    hosts: Callable[[], frozenset[str]],
) -> Middleware:
    """The middleware: Host and Origin checked, request bodies limited, errors as JSON."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        allowed = hosts()
        host = request.headers.get("Host", "").lower()
        if host not in allowed:
            return json_error(421, "This address is not the room's. Scan the QR code again.")
        origin = request.headers.get("Origin")
        if origin is not None and not _same_origin(origin, allowed):
            return json_error(403, "Requests from other pages are not accepted.")
        length = request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return json_error(413, "That is too much at once.")
        try:
            return await handler(request)
        except ApiError as error:
            return json_error(error.status, error.message)
        except web.HTTPRequestEntityTooLarge:
            return json_error(413, "That is too much at once.")
        except web.HTTPException as error:  # routing: 404, 405 ... as JSON
            if error.status >= 400:
                return json_error(error.status, _reason(error.status))
            raise

    return middleware


def _same_origin(origin: str, allowed: frozenset[str]) -> bool:
    scheme, _, rest = origin.lower().partition("://")
    return scheme == "http" and rest in allowed


def _reason(status: int) -> str:
    return {
        404: "There is nothing here.",
        405: "That is not something this address does.",
    }.get(status, "That request cannot be answered.")


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: the security headers on every response, errors included."""
    response.headers.update(HEADERS)
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-cache"


async def read_json(request: web.Request) -> dict[str, object]:
    """The request's JSON object (at most MAX_BODY_BYTES, sent as application/json)."""
    if request.content_type != "application/json":
        raise ApiError(415, "Send JSON (Content-Type: application/json).")
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(MAX_BODY_BYTES + 1 - size):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, "That is too much at once.")
    raw = b"".join(chunks)
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApiError(400, "That is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object.")
    return body
