"""User text made safe for the PDFs: control characters and lone surrogates removed,
escaped for ReportLab's paragraph markup with the runs DejaVu Sans lacks in the fonts that
have them, and shortened: to a number of characters with a visible marker, or to a width
with an ellipsis."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from . import fonts
from .bidi import NEEDS_SHAPING, RTL_CHARS
from .text import line_width

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CUT_MARKER = "[…cut]"
LRM = "\u200e"  # LEFT-TO-RIGHT MARK: zero width in DejaVu Sans
CONTINUED_MARKER = "[…continued]"


def clean(text: str) -> str:
    """Control characters (NUL and friends), lone surrogates and non-characters removed;
    tabs and line breaks kept."""
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, with a visible marker when it was cut."""
    line = " ".join(clean(text).split())
    if len(line) <= limit:
        return line
    return line[:limit].rstrip() + " " + CUT_MARKER


def markup(text: str, keep_breaks: bool = False, cleaned: bool = False) -> str:
    """Paragraph markup for any user string: cleaned, escaped, the runs DejaVu Sans lacks in
    the font that has them."""
    cleaned_text = text if cleaned else clean(text)
    if keep_breaks:
        if "\n" not in cleaned_text and "\r" not in cleaned_text:
            return _escape_line(cleaned_text)
        return "<br/>".join(_escape_line(line) for line in cleaned_text.splitlines())
    return _escape_line(" ".join(cleaned_text.split()))


def _escape_line(line: str) -> str:
    if line.isascii():
        return escape(line)
    return "".join(
        escape(run) if name is None else f'<font name="{name}">{escape(run)}</font>'
        for name, run in fonts.font_runs(ltr_end(line))
    )


def ltr_end(text: str) -> str:
    """``text`` ending in a left-to-right mark when it has right-to-left text, so that what
    a label puts after it ("8 notes") is not pulled into its right-to-left run."""
    return text + LRM if RTL_CHARS.search(text) else text


def plain(text: str) -> bool:
    """Whether ``text`` is drawn as it is in DejaVu Sans: no other font, no shaping, no
    right-to-left order."""
    if text.isascii():
        return True
    return NEEDS_SHAPING.search(text) is None and set(map(ord, text)) <= fonts.base_cover()


@lru_cache(maxsize=4096)
def fit_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, cut with an ellipsis to ``width``."""
    line = " ".join(text.split())[:200]
    if line_width(line, font, size) <= width:
        return line
    while line and line_width(line + "…", font, size) > width:
        line = line[: max(0, min(len(line) - 1, int(len(line) * 0.9)))]
    return line + "…" if line else ""
