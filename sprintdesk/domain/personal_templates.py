"""Personal templates: workshops the facilitator saved to start from again. Their slug is
made from the title, unique, and never the same as a built-in template's."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

MAX_SLUG_LENGTH = 60


@dataclass(frozen=True, slots=True)
class StoredTemplate:
    """A personal template as kept: ``body`` is a template file (JSON text)."""

    slug: str
    title: str
    body: str
    id: int | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


def slug_from_title(title: str) -> str:
    """``Zoë's Q4 retro!`` → ``zoes-q4-retro``; a title with no letters or digits → ``template``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or "template"


def unique_slug(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first one not in ``taken``."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
