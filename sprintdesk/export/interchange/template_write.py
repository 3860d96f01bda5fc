"""Template files out and in: a Template as a template file (JSON), written atomically, and
an imported file checked all the way (size, JSON, format and version, schema, the domain's
rules, sane counts) before anything is stored."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, BinaryIO

from sprintdesk.domain.board_structure import to_dict as structure_to_dict
from sprintdesk.domain.file_limits import JSON_DEPTH, JSON_VALUES, TEMPLATE_FILE_BYTES, too_large
from sprintdesk.export.atomic import write_atomically
from sprintdesk.export.interchange.reader import json_shape
from sprintdesk.export.interchange.template_file import (
    FORMAT,
    VERSION,
    Template,
    TemplateError,
    load_template,
)

MAX_FILE_BYTES = TEMPLATE_FILE_BYTES  # 1 MB
MAX_DAYS = 31
MAX_ITEMS = 1_000
MAX_BOARDS = 200


def template_document(template: Template) -> dict[str, Any]:
    """The template file's content for a Template."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "slug": template.slug,
        "title": template.title,
        "source": template.source,
        "description": template.description,
        "days": [
            {
                "title": day.title,
                "start_time": day.start_time.strftime("%H:%M"),
                "items": [
                    {
                        "title": item.title,
                        "duration_minutes": item.duration_minutes,
                        "kind": item.kind.value,
                        "instructions": item.instructions,
                        "notes": item.notes,
                        "board": item.board,
                    }
                    for item in day.items
                ],
            }
            for day in template.days
        ],
        "boards": [_board(template, name) for name in template.boards],
    }


def _board(template: Template, name: str) -> dict[str, Any]:
    structure = template.structure_for(name)
    return {"name": name} if structure is None else {"name": name, "structure": structure_to_dict(structure)}


def dump_document(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_template_file(body: str, path: Path) -> int:
    """Write a template file (its JSON text) atomically; the number of bytes written."""
    data = body.encode("utf-8")

    def produce(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomically(Path(path), produce)
    return len(data)


def read_template_file(data: bytes) -> tuple[Template, dict[str, Any]]:
    """The template in a file's bytes and its document, or TemplateError (one line)."""
    if len(data) > MAX_FILE_BYTES:
        raise TemplateError(too_large(len(data), MAX_FILE_BYTES, "template files"))
    if data[:1] in (b"{", b" ", b"\n", b"\r", b"\t", b"\xef"):
        depth, values = json_shape(data)
        peek = None
        if depth <= JSON_DEPTH and values <= JSON_VALUES:  # else load_template says which limit
            with contextlib.suppress(UnicodeDecodeError, ValueError, RecursionError):
                peek = json.loads(data.decode("utf-8-sig"))
        if isinstance(peek, dict) and peek.get("format") == FORMAT and peek.get("version") != VERSION:
            raise TemplateError(
                f"this template file is version {str(peek.get('version'))[:20]}; "
                f"this SprintDesk reads version {VERSION}"
            )
    template = load_template(data)
    items = sum(len(day.items) for day in template.days)
    if len(template.days) > MAX_DAYS:
        raise TemplateError(f"a template can have at most {MAX_DAYS} days; this one has {len(template.days)}")
    if items > MAX_ITEMS:
        raise TemplateError(f"a template can have at most {MAX_ITEMS:,} items; this one has {items:,}")
    if len(template.boards) > MAX_BOARDS:
        raise TemplateError(
            f"a template can have at most {MAX_BOARDS} boards; this one has {len(template.boards)}"
        )
    document = json.loads(data.decode("utf-8-sig"))
    return template, document
