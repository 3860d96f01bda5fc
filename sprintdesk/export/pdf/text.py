"""Text of any script on the PDF pages: paragraphs (``TextParagraph``) and single lines drawn
on the canvas (``draw_line``), with the fonts of ``fonts``, ReportLab's shaping
(uharfbuzz: Arabic joining, Indic and Thai clusters, emoji sequences) and the visual order
of ``bidi`` for right-to-left text. Every shaped glyph that is not simply its character
gets a private code point whose ToUnicode entry is the text it came from, so that copying
or extracting the text gives what was typed."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, makeShapedFragWord, shapeFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _FK_TEXT, _getFragWords

from .bidi import NEEDS_SHAPING, RTL_CHARS, mirrored, paragraph_rtl, segments, visual_order
from .fonts import code_text, embedded, font_runs

_UNSHAPED = 0x7FFFFFFF  # the cluster ReportLab gives characters joined to shaped text as is
_FEATURES = {"kern": True, "liga": True, "dlig": False}
_RTL_FEATURES = {"kern": True, "liga": False, "dlig": False}


def with_actual_text(font_name: str, logical: str, shaped: str) -> str:
    """``shaped`` with each glyph that does not stand for itself replaced by an alias whose
    extracted text is its share of its cluster of ``logical``: a cluster's characters go to
    its glyphs one by one in reading order, the last glyph taking the rest (so a reordered
    Indic vowel sign still extracts after its consonant, and nothing is lost or doubled).
    In a right-to-left piece a glyph standing for several characters (a ligature such as
    lam-alef) lists them right to left: readers such as poppler reverse the characters of
    right-to-left lines, the ligature's included (pango/cairo PDFs extract "ال" for "لا")."""
    data = getattr(shaped, "__shapeData__", None)
    if not data:
        return shaped
    size = len(logical)
    starts = sorted({item.cluster for item in data if 0 <= item.cluster < size})
    ends = dict(zip(starts, [*starts[1:], size], strict=True))
    groups: dict[int, list[int]] = {}
    for index, item in enumerate(data):
        if item.cluster in ends:
            groups.setdefault(item.cluster, []).append(index)
    rtl = data[0].cluster > data[-1].cluster  # harfbuzz gave the glyphs in visual order
    wanted: dict[int, str] = {}
    for cluster, indices in groups.items():
        text = logical[cluster : ends[cluster]]
        ordered = indices[::-1] if rtl else indices
        for position, index in enumerate(ordered):
            last = position == len(ordered) - 1
            share = text[position:] if last else text[position : position + 1]
            wanted[index] = share[::-1] if rtl else share
    font = embedded(font_name)
    chars = list(shaped)
    changed = False
    for index, want in wanted.items():
        if not want or code_text(ord(chars[index]), font.actual_text) != want:
            chars[index] = font.alias(chars[index], want)
            changed = True
    return ShapedStr("".join(chars), shapeData=data) if changed else shaped


def shape(font_name: str, size: float, text: str, frag: Any = None) -> tuple[str, float]:
    """``text`` shaped with ReportLab's harfbuzz shaping (unchanged when shaping changes
    nothing or uharfbuzz is missing) and its width. Right-to-left text gets only the
    ligatures its script requires (lam-alef), not the optional ones."""
    bag = frag if frag is not None else ABag(fontName=font_name, fontSize=size)
    width = stringWidth(text, font_name, size)
    features = _RTL_FEATURES if RTL_CHARS.search(text) else _FEATURES
    word = shapeFragWord([width, (bag, text)], features=features)
    if len(word) != 2 or word[1][1] is text:
        return text, width
    return with_actual_text(font_name, text, word[1][1]), float(word[0])


def _shape_word(word: list[Any]) -> list[Any]:
    """A ReportLab frag word with its scripts shaped, one direction and one font at a time."""
    pieces: list[tuple[Any, str]] = []
    total = 0.0
    changed = False
    for frag, text in word[1:]:
        if not text or hasattr(frag, "cbDefn") or getattr(frag, "_fkind", _FK_TEXT) != _FK_TEXT:
            pieces.append((frag, text))
            continue
        for start, end, _ in segments(text):
            part = text[start:end]
            if NEEDS_SHAPING.search(part):
                shaped, width = shape(frag.fontName, frag.fontSize, part, frag)
                changed = changed or shaped is not part
            else:
                shaped, width = part, stringWidth(part, frag.fontName, frag.fontSize)
            pieces.append((frag, shaped))
            total += width
    if not changed:
        return word
    return makeShapedFragWord(word)([total, *pieces])  # type: ignore[no-any-return]


class TextObject(PDFTextObject):
    """ReportLab's text object with a rise (the vertical offset of a shaped mark) that is
    safe as the first operator of a piece and that remembers a replaced rise."""

    _code: list[str]
    _rise: float
    _y: float

    def setRise(self, rise: float) -> None:
        code = self._code
        if code and code[-1].endswith(" Ts"):
            self._y += self._rise
            code[-1] = f"{fp_str(rise)} Ts"
        else:
            code.append(f"{fp_str(rise)} Ts")
        self._rise = rise
        self._y -= rise


@lru_cache(maxsize=64)
def _right_aligned(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)


def _shaped(text: str) -> bool:
    """Whether ``text`` holds glyphs placed by harfbuzz (not only characters added as is)."""
    data = getattr(text, "__shapeData__", None)
    return data is not None and any(item.cluster != _UNSHAPED for item in data)


def _display(text: str, level: int) -> str:
    """A piece as drawn at its level: harfbuzz has already put a shaped right-to-left piece
    in visual order; anything else in a right-to-left run is reversed, brackets mirrored."""
    if level % 2 == 0 or _shaped(text):
        return text
    return mirrored(str(text))[::-1]


class TextParagraph(Paragraph):
    """A Paragraph whose complex scripts are shaped and whose lines with right-to-left text
    are drawn in visual order. The paragraph runs left to right, as the document does,
    except in the styles that say ``rtl_right`` (free text: notes, the goal), where its
    first strong character decides and a right-to-left paragraph is right-aligned."""

    frags: list[Any]
    style: ParagraphStyle

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,  # noqa: N803 - ReportLab's keyword
        frags: list[Any] | None = None,
        caseSensitive: int = 1,  # noqa: N803
        encoding: str = "utf8",
    ) -> None:
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.bidi = self.rtl = False
        if frags is None and text and NEEDS_SHAPING.search(text):
            logical = "".join(getattr(frag, "text", "") for frag in self.frags)
            self.bidi = RTL_CHARS.search(logical) is not None
            free_text = getattr(self.style, "rtl_right", False)
            self.rtl = self.bidi and free_text and paragraph_rtl(logical)
            self.frags = [_shape_word(word) for word in _getFragWords(self.frags)]
            if self.rtl and self.style.alignment == TA_LEFT:
                self.style = _right_aligned(self.style)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.bidi, part.rtl = self.bidi, self.rtl
        return parts  # type: ignore[no-any-return]

    def drawPara(self, debug: int = 0) -> None:
        logical = getattr(self, "blPara", None)
        if not self.bidi or logical is None or logical.kind != 1:
            super().drawPara(debug)
            return
        visual = copy.copy(logical)
        visual.lines = [_visual_line(line, self.rtl) for line in logical.lines]
        self.blPara = visual
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


def _visual_line(line: Any, rtl: bool) -> Any:
    atoms: list[tuple[Any, str, str]] = []
    tail: list[Any] = []
    for frag in line.words:
        text = getattr(frag, "text", None)
        if text is None or hasattr(frag, "cbDefn") or getattr(frag, "_fkind", _FK_TEXT) != _FK_TEXT:
            if frag is not line.words[-1]:
                return line  # an image or anchor inside the line: left as laid out
            tail.append(frag)
            continue
        atoms += [(frag, text[start:end], kind) for start, end, kind in segments(text)]
    kinds = [kind for _, _, kind in atoms]
    if not rtl and "R" not in kinds:
        return line
    order, levels = visual_order(kinds, rtl)
    words = [atoms[i][0].clone(text=_display(atoms[i][1], levels[i])) for i in order]
    return line.clone(words=words + tail)


@lru_cache(maxsize=8192)
def _pieces(
    text: str, font: str, size: float, rtl: bool | None = None
) -> tuple[tuple[tuple[str, str, float], ...], float]:
    """A line as (font, text, width) pieces in display order, and its width; ``rtl`` is the
    line's direction (None: its first strong character decides)."""
    atoms: list[tuple[str, str, float, str]] = []
    for name, run in font_runs(text):
        face = name or font
        for start, end, kind in segments(run):
            part = run[start:end]
            if NEEDS_SHAPING.search(part):
                shaped, width = shape(face, size, part)
            else:
                shaped, width = part, stringWidth(part, face, size)
            atoms.append((face, shaped, width, kind))
    kinds = [atom[3] for atom in atoms]
    if rtl is None:
        rtl = RTL_CHARS.search(text) is not None and paragraph_rtl(text)
    if rtl or "R" in kinds:
        order, levels = visual_order(kinds, rtl)
        shown = [(atoms[i][0], _display(atoms[i][1], levels[i]), atoms[i][2]) for i in order]
    else:
        shown = [(face, shaped, width) for face, shaped, width, _ in atoms]
    merged: list[tuple[str, str, float]] = []
    for face, piece, width in shown:  # one string per font run: fewer operators, and
        if merged and merged[-1][0] == face:  # extractors see the words with their spaces
            merged[-1] = (face, merged[-1][1] + piece, merged[-1][2] + width)
        else:
            merged.append((face, piece, width))
    return tuple(merged), sum(width for _, _, width in merged)


def line_width(text: str, font: str, size: float) -> float:
    if text.isascii():
        return float(stringWidth(text, font, size))
    return _pieces(text, font, size)[1]


def draw_line(
    canv: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    anchor: str = "start",
    rtl: bool | None = None,
) -> None:
    """One line of user text at (x, y): ``anchor`` is where x is (start, end or middle);
    ``rtl`` its direction (None: its first strong character decides, for a line that is
    all user text; False for a line made of labels and user text)."""
    if text.isascii():
        canv.setFont(font, size)
        draw = {"start": canv.drawString, "end": canv.drawRightString, "middle": canv.drawCentredString}
        draw[anchor](x, y, text)
        return
    pieces, width = _pieces(text, font, size, rtl)
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    for face, piece, piece_width in pieces:
        canv.setFont(face, size)
        canv.drawString(left, y, piece)
        left += piece_width
