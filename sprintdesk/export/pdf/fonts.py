"""The fonts of the PDF exports, all TrueType and embedded (as subsets): DejaVu Sans for the
text, and for what its four faces do not all cover, a face per script: the system's own
when fontconfig finds a suitable one (TrueType outlines, not colour, embedding allowed,
covering the script), else the set shipped in resources/fonts (see SOURCES.txt there).

``font_runs`` splits a line into (font, text) runs, a word staying in one face where one
covers it. ``EmbeddedFont`` writes a ToUnicode map that makes text extraction give the
characters typed: shaped glyphs (contextual forms, ligatures, reordered clusters) map back
to the text they were shaped from, and characters outside the Basic Multilingual Plane
(emoji) are written as UTF-16 surrogate pairs."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

from sprintdesk.export.atomic import ExportError
from sprintdesk.export.resource_files import find_resource

FONT = "SprintDeskSans"
FONT_BOLD = "SprintDeskSans-Bold"
FONT_ITALIC = "SprintDeskSans-Oblique"
FONT_BOLD_ITALIC = "SprintDeskSans-BoldOblique"
BOX = "\u25a1"  # drawn for a character no font has (the missing-glyph box extracts as nothing)
BASE_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
# script slot -> (shipped file, fontconfig language, characters a suitable font must have)
SLOTS = {
    "arabic": ("NotoSansArabic-Regular.ttf", "ar", "مرحبا"),
    "devanagari": ("NotoSansDevanagari-Regular.ttf", "hi", "नमस्ते"),
    "thai": ("NotoSansThai-Regular.ttf", "th", "สวัสดี"),
    "cjk": ("WenQuanYiMicroHei.ttf", "zh-cn", "漢字汉字かなカナ"),
    "hangul": ("WenQuanYiMicroHei.ttf", "ko", "한국어"),
    "emoji": ("NotoEmoji-Regular.ttf", "und-zsye", "😀🎉👍"),
}
_IGNORABLE = frozenset((0x00AD, 0x034F, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060))
_ALIASES = 0xF0000  # Supplementary Private Use Area-A: shaped glyphs, per font
_MISSING = 0x100000  # Supplementary Private Use Area-B: boxes for missing characters, all faces
use_system_fonts = True  # tests turn it off to check the shipped set alone


class EmbeddedFont(TTFont):
    """A TrueType font whose ToUnicode map knows what each shaped glyph stands for."""

    def __init__(self, name: str, path: str, index: int = 0) -> None:
        super().__init__(name, path, subfontIndex=index)
        self.path = path
        self.actual_text: dict[int, str] = {}
        self._aliases: dict[tuple[int, str], str] = {}

    def covers(self, code: int) -> bool:
        return code in self.face.charToGlyph

    def alias(self, char: str, text: str) -> str:
        """A private code point drawing ``char``'s glyph whose extracted text is ``text``."""
        glyph = self.face.charToGlyph.get(ord(char), 0)
        key = (glyph, text)
        found = self._aliases.get(key)
        if found is None:
            found = self._aliases[key] = chr(_ALIASES + len(self._aliases))
            self.set_alias(ord(found), char, text)
        return found

    def set_alias(self, code: int, char: str, text: str) -> None:
        face = self.face
        face.charToGlyph[code] = face.charToGlyph.get(ord(char), 0)
        face.charWidths[code] = face.charWidths.get(ord(char), face.defaultWidth)
        self.actual_text[code] = text

    def addObjects(self, doc: object) -> None:
        state = self.state.get(doc)
        subsets = [] if state is None else [list(subset) for subset in state.subsets]
        super().addObjects(doc)  # forgets the document's state
        for index, subset in enumerate(subsets):
            base = b"".join((SUBSETN(index), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]  # type: ignore[attr-defined]
            stream.content = to_unicode_cmap(base, subset, self.actual_text)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def code_text(code: int, actual: dict[int, str]) -> str:
    """What extracting the glyph drawn for ``code`` should give."""
    text = actual.get(code)
    if text is not None:
        return text
    if 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:  # presentation forms: the letters
        return unicodedata.normalize("NFKC", chr(code))
    return chr(code)


def to_unicode_cmap(name: str, subset: list[int], actual: dict[int, str]) -> str:
    entries = [f"<{index:02X}> <{_utf16(code_text(code, actual))}>" for index, code in enumerate(subset)]
    blocks = []
    for start in range(0, len(entries), 100):  # at most 100 entries a block
        chunk = entries[start : start + 100]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    tail = ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + blocks + tail)


def _register(name: str, path: str, index: int = 0) -> EmbeddedFont:
    """The font registered under ``name``: ReportLab gives a second file with the same face
    name (a system copy of a shipped font) the first one's object."""
    pdfmetrics.registerFont(EmbeddedFont(name, path, index))
    if name not in BASE_FILES:  # <b> and <i> around a fallback run keep its one face
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return embedded(name)


@cache
def fonts_dir() -> Path:
    """resources/fonts, found like every resource (see ``resource_files``)."""
    font = find_resource("fonts", BASE_FILES[FONT])
    if font is None:
        raise ExportError("SprintDesk's fonts (resources/fonts) are missing from this installation")
    return font.parent


@cache
def base_fonts() -> tuple[EmbeddedFont, ...]:
    """DejaVu Sans in its four faces, registered as one family."""
    folder = fonts_dir()
    try:
        faces = tuple(_register(name, str(folder / file)) for name, file in BASE_FILES.items())
    except Exception as error:  # a damaged font file
        raise ExportError(f"cannot load the PDF fonts from {folder}: {error}") from None
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    return faces


@cache
def base_cover() -> frozenset[int]:
    """The characters all four DejaVu faces have: text in any style stays in DejaVu."""
    faces = base_fonts()
    common = set(faces[0].face.charToGlyph)
    for face in faces[1:]:
        common &= set(face.face.charToGlyph)
    return frozenset(code for code in common if code < _ALIASES)


_missing: dict[str, str] = {}


def missing(char: str) -> str:
    """A code point every DejaVu face draws as a box and that extracts as ``char``."""
    found = _missing.get(char)
    if found is None:
        found = _missing[char] = chr(_MISSING + len(_missing))
        for face in base_fonts():
            face.set_alias(ord(found), BOX, char)
    return found


def _font_name(path: str, index: int) -> str:
    stem = "".join(ch for ch in Path(path).stem if ch.isalnum() or ch == "-")
    return f"SprintDeskFallback-{stem}-{index}"


@cache
def _load(path: str, index: int) -> EmbeddedFont | None:
    """A font file registered once, or None when ReportLab cannot embed it (PostScript
    outlines, embedding forbidden, a damaged file)."""
    try:
        return _register(_font_name(path, index), path, index)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return None


def _fontconfig(tool: str, pattern: str) -> list[str]:
    """Lines of file, index, format, colour, spacing and languages from fc-match -s or fc-list."""
    if shutil.which(tool) is None:
        return []
    fields = "%{file}\t%{index}\t%{fontformat}\t%{color}\t%{spacing}\t%{lang}\n"
    command = [tool, "-s", "-f", fields, pattern] if tool == "fc-match" else [tool, "-f", fields, pattern]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return done.stdout.splitlines()


def system_candidates(lang: str) -> Iterator[tuple[str, int]]:
    """Font files fontconfig prefers for ``lang`` (a language tag, or ``charset=XXXX`` for
    the fonts having a character): TrueType, not colour, not monospaced."""
    if lang.startswith("charset="):  # fc-list has no order: regular faces first
        lines = sorted(_fontconfig("fc-list", f":{lang}"), key=lambda line: ("Regular" not in line, line))
        lang = ""
    else:
        lines = _fontconfig("fc-match", f"sans-serif:lang={lang}")
    for line in lines:
        path, index, kind, color, spacing, langs = (line.split("\t") + [""] * 6)[:6]
        if kind != "TrueType" or color == "True" or spacing in ("90", "100", "110"):
            continue  # PostScript outlines, colour bitmaps, monospaced
        if lang and lang not in langs.split("|"):
            continue
        if Path(path).name in BASE_FILES.values() or not path.lower().endswith((".ttf", ".ttc", ".otf")):
            continue  # DejaVu is the base font already
        yield path, int(index or 0)


@cache
def slot_fonts(slot: str) -> tuple[EmbeddedFont, ...]:
    """The faces for a script: the system's choice if suitable, then the shipped one."""
    shipped, lang, sample = SLOTS[slot]
    fonts: list[EmbeddedFont] = []
    if use_system_fonts:
        for tried, (path, index) in enumerate(system_candidates(lang)):
            font = _load(path, index)
            if font is not None and all(font.covers(ord(ch)) for ch in sample):
                fonts.append(font)
                break
            if tried >= 2:
                break
    own = _load(str(fonts_dir() / shipped), 0)
    if own is not None and own not in fonts:
        fonts.append(own)
    return tuple(fonts)


_LOOKUPS = 64  # fontconfig look-ups for single characters a process makes at most
_lookups: list[int] = []


def _lookup(code: int) -> EmbeddedFont | None:
    if not use_system_fonts or len(_lookups) >= _LOOKUPS:
        return None
    if unicodedata.category(chr(code)) in ("Cn", "Co", "Cs"):
        return None  # unassigned or private: no font means it
    _lookups.append(code)
    for tried, (path, index) in enumerate(system_candidates(f"charset={code:x}")):
        font = _load(path, index)
        if font is not None and font.covers(code):
            return font
        if tried >= 2:
            break
    return None


@cache
def _block_font(block: int, code: int) -> EmbeddedFont | None:
    return _lookup(code)


@cache
def _char_font(code: int) -> EmbeddedFont | None:
    return _lookup(code)


def _system_font(code: int) -> EmbeddedFont | None:
    """A system font for a character no slot font has (scripts such as Bengali or Tamil):
    the one found for its block of 128 code points if it has it, else one for itself."""
    font = _block_font(code >> 7, code)
    return font if font is not None and font.covers(code) else _char_font(code)


def reset() -> None:
    """Forget the chosen fonts (tests switching system fonts on and off)."""
    slot_fonts.cache_clear()
    _chain.cache_clear()
    _block_font.cache_clear()
    _char_font.cache_clear()
    _lookups.clear()


def slot_of(code: int) -> str:
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:
        return "arabic"
    if 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF or 0x1CD0 <= code <= 0x1CFF:
        return "devanagari"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F:
        return "hangul"
    if 0xAC00 <= code <= 0xD7FF:
        return "hangul"
    if 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F:
        return "cjk"
    if 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF:
        return "cjk"
    return "emoji"  # emoji, symbols and the rest: the emoji face, then the CJK one


@cache
def _chain(slot: str) -> tuple[EmbeddedFont, ...]:
    extra = ("emoji", "cjk") if slot not in ("emoji", "cjk") else ("cjk",) if slot == "emoji" else ()
    fonts = list(slot_fonts(slot))
    for other in extra:
        fonts += [font for font in slot_fonts(other) if font not in fonts]
    return tuple(fonts)


def _joining(char: str) -> bool:
    """Marks, joiners and variation selectors stay with the text before them."""
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d" or "\ufe00" <= char <= "\ufe0f"


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` as (font name, text) runs; None is the base family (the paragraph's face).
    What DejaVu has stays in DejaVu (spaces, digits, Latin punctuation), except marks and
    joiners, which stay with the text before them; invisible format characters no face has
    are dropped; a character no font has is drawn as a box that still extracts as itself."""
    if text.isascii():
        return [(None, text)]
    cover = base_cover()
    runs: list[tuple[str | None, str]] = []
    current: EmbeddedFont | None = None
    chars: list[str] = []
    for char in text:
        code = ord(char)
        font: EmbeddedFont | None
        if current is not None and current.covers(code) and (code not in cover or _joining(char)):
            font = current
        elif code in cover:
            font = None
        else:
            font = next((f for f in _chain(slot_of(code)) if f.covers(code)), None) or _system_font(code)
            if font is None:
                if code in _IGNORABLE or 0xFE00 <= code <= 0xFE0F or 0xE0000 <= code <= 0xE0FFF:
                    continue
                char = missing(char)
        if font is not current and chars:
            runs.append((None if current is None else current.fontName, "".join(chars)))
            chars = []
        current = font
        chars.append(char)
    if chars:
        runs.append((None if current is None else current.fontName, "".join(chars)))
    return runs


def embedded(name: str) -> EmbeddedFont:
    font = pdfmetrics.getFont(name)
    assert isinstance(font, EmbeddedFont)
    return font
