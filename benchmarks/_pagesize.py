"""The participant page's first load, in bytes transferred, as a phone's browser makes it: the
page at the QR's address, then every file it names (``src``/``href`` in the HTML, ``url(...)``
in the style sheet), then ``/favicon.ico`` when the page names no icon, each asked with a
phone browser's headers (``Accept-Encoding: gzip, deflate``), over one kept-alive connection to
127.0.0.1. Counted: status line, headers and body as they came (compressed when the server
compressed them)."""

from __future__ import annotations

import gzip
import http.client
import re
import zlib
from typing import Any
from urllib.parse import urlsplit

REFERENCE = re.compile(r'(?:src|href)\s*=\s*"(/[^"#?]*)"|url\(\s*[\'"]?(/[^)\'"]+)')
HEADERS = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate",
    "Accept-Language": "en-GB,en;q=0.9",
}


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, int, bytes, str]:
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    raw = response.read()
    head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
    head += sum(len(name) + len(value) + 4 for name, value in response.getheaders())
    encoding = (response.getheader("Content-Encoding") or "").lower()
    body = (
        gzip.decompress(raw) if encoding == "gzip" else zlib.decompress(raw) if encoding == "deflate" else raw
    )
    return response.status, head + len(raw), body, encoding


def first_load(base: str, secret: str) -> dict[str, Any]:
    place = urlsplit(base)
    assert place.hostname == "127.0.0.1"
    connection = http.client.HTTPConnection(place.hostname, place.port, timeout=10)
    files: list[dict[str, Any]] = []
    try:
        todo, seen = [f"/j/{secret}"], set()
        while todo:
            path = todo.pop(0)
            if path in seen:
                continue
            seen.add(path)
            status, wire, body, encoding = _get(connection, path)
            files.append(
                {"path": "/j/<secret>" if secret in path else path, "status": status, "wire": wire,
                 "body": len(body), "encoding": encoding}
            )  # fmt: skip
            if status == 200 and (path.endswith((".css", ".html")) or path.startswith("/j/")):
                text = body.decode("utf-8", "replace")
                todo += [a or b for a, b in REFERENCE.findall(text) if (a or b) not in seen]
        if not any("icon" in f["path"] for f in files):
            status, wire, _body, encoding = _get(connection, "/favicon.ico")
            files.append(
                {"path": "/favicon.ico", "status": status, "wire": wire, "body": 0, "encoding": encoding}
            )
    finally:
        connection.close()
    return {"files": files, "wire": sum(f["wire"] for f in files), "body": sum(f["body"] for f in files)}
