"""The participant page's files: a fixed list, looked up where the other shipped resources
are (the source tree, a bundle, the installed data files). A request's path only ever picks
an entry of this list; it is never joined to a folder."""

from __future__ import annotations

from dataclasses import dataclass

from sprintdesk.export.resource_files import find_resource

PAGE_FILES: dict[str, tuple[str, str]] = {
    # request path -> (file in resources/participant, content type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}


@dataclass(frozen=True, slots=True)
class PageFile:
    body: bytes
    content_type: str


def load_page_files() -> dict[str, PageFile]:
    """The files of PAGE_FILES that exist in this installation, read once."""
    found: dict[str, PageFile] = {}
    for route, (name, content_type) in PAGE_FILES.items():
        path = find_resource("participant", name)
        if path is not None:
            found[route] = PageFile(path.read_bytes(), content_type)
    return found
