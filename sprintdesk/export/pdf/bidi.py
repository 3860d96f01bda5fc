"""Right-to-left text in the PDFs: which lines need it, the direction of a paragraph, and the
visual order of a line's pieces.

ReportLab's own bidi support needs ``rlbidi``, which is not on PyPI, and applies only to
single-style paragraphs; so the order is worked out here, on pieces of a line that each
have one direction (a word, or the part of a word in one script), after ReportLab has
shaped them (harfbuzz puts the glyphs of a right-to-left piece in visual order already)
and broken the paragraph into lines. The rules are those of the Unicode bidirectional
algorithm (UAX #9) at that granularity: numbers after right-to-left text stay left to
right (W7, I1/I2), neutrals take the direction of the text around them or the paragraph's
(N1/N2), trailing spaces the paragraph's (L1), then runs are reversed level by level (L2),
and brackets in right-to-left runs are mirrored (L4)."""

from __future__ import annotations

import re
import unicodedata

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms
RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Scripts that need shaping (joining, reordering, stacking), emoji sequences, RTL text
NEEDS_SHAPING = re.compile(
    r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1700-\u18af\u1900-\u1aff\u1b00-\u1c7f"
    r"\ua800-\ua8ff\ua900-\uaadf\ufb1d-\ufdff\ufe70-\ufefe\u200c\u200d\u20e3\ufe0f"
    r"\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
)
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
_SPACES = re.compile(r" +")


def char_class(char: str) -> str:
    """R (right to left), L, EN (digits) or N (anything else, private-use glyphs included)."""
    code = ord(char)
    if 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
        return "N"
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    if kind in ("EN", "AN"):
        return "EN"
    return "N"


def paragraph_rtl(text: str) -> bool:
    """P2/P3: the first strong character decides the paragraph's direction."""
    for char in text:
        kind = char_class(char)
        if kind in ("L", "R"):
            return kind == "R"
    return False


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, class) pieces of ``text``: runs of spaces (S), and between them parts of
    one direction. Neutrals join the part before them; digits split from right-to-left
    letters (they stay left to right inside them)."""
    out: list[tuple[int, int, str]] = []
    position = 0
    for match in _SPACES.finditer(text):
        out += _word_parts(text, position, match.start())
        out.append((match.start(), match.end(), "S"))
        position = match.end()
    out += _word_parts(text, position, len(text))
    return out


def _word_parts(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    parts: list[tuple[int, int, str]] = []
    begin, kind = start, "N"
    for index in range(start, end):
        char_kind = char_class(text[index])
        if char_kind == "N" or char_kind == kind:
            continue
        if kind == "N":
            kind = char_kind
        elif kind == "L" and char_kind == "EN":
            continue  # digits inside a left-to-right word stay with it
        else:
            parts.append((begin, index, kind))
            begin, kind = index, char_kind
    if end > begin:
        parts.append((begin, end, kind))
    return parts


def visual_order(kinds: list[str], rtl: bool) -> tuple[list[int], list[int]]:
    """The pieces' indices in display order (left to right) and each piece's level; a
    piece's kind is L, R, EN, N or S (spaces)."""
    base = "R" if rtl else "L"
    resolved: list[str] = []
    strong = base
    for kind in kinds:
        if kind in ("L", "R"):
            strong = kind
            resolved.append(kind)
        elif kind == "EN":
            resolved.append("L" if strong == "L" else "AN")  # W7
        else:  # N, and S (spaces)
            resolved.append("N")
    count = len(resolved)
    index = 0
    while index < count:
        if resolved[index] != "N":
            index += 1
            continue
        end = index
        while end < count and resolved[end] == "N":
            end += 1
        before = base if index == 0 else ("R" if resolved[index - 1] in ("R", "AN") else "L")
        after = base if end == count else ("R" if resolved[end] in ("R", "AN") else "L")
        resolved[index:end] = [before if before == after else base] * (end - index)
        index = end
    index = count
    while index > 0 and kinds[index - 1] == "S":  # L1: spaces ending the line
        index -= 1
        resolved[index] = base
    if rtl:
        levels = [1 if kind == "R" else 2 for kind in resolved]
    else:
        levels = [0 if kind == "L" else 1 if kind == "R" else 2 for kind in resolved]
    return _reorder(levels), levels


def _reorder(levels: list[int]) -> list[int]:
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order


def mirrored(text: str) -> str:
    """Brackets and quotes facing the other way (drawn in a right-to-left run)."""
    return text.translate(_MIRROR)
