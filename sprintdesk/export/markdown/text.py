"""User text made safe for Markdown, for every part of the Markdown export."""

from __future__ import annotations

_SPECIAL = set("\\`*_{}[]()<>#+-.!|~&$")


def escape(text: str) -> str:
    """User text as inline Markdown that renders exactly as typed, on one line."""
    lines = text.splitlines()  # every line boundary, U+2028 and NEL too, not just \n
    escaped = ["".join("\\" + c if c in _SPECIAL else c for c in line.strip()) for line in lines]
    return "<br>".join(escaped).strip()
