"""Every script a participant can type, in the summary and the handout: drawn with embedded
TrueType fonts (no Helvetica, no CID font left to the viewer), Arabic and Hebrew shaped and
laid out right to left, CJK, Korean, Devanagari, Thai and emoji drawn, and all of it read
back by poppler (pdftotext, pdffonts, pdftoppm) as the characters typed, in logical order.

The poppler tests skip when poppler-utils is missing, and fail instead under CI=true."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from test_export_pdf import sample

from sprintdesk.domain.board import GAP, NOTE_HEIGHT, NOTE_WIDTH, NoteColor
from sprintdesk.domain.summary import BoardSummary, ClusterSummary, NoteSummary, PersonSummary
from sprintdesk.domain.workshop import Role
from sprintdesk.export.pdf import fonts as pdf_fonts
from sprintdesk.export.pdf.bidi import paragraph_rtl, segments, visual_order
from sprintdesk.export.pdf.flowables import NumberedCanvas
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.summary import write_summary_pdf
from sprintdesk.export.pdf.text import TextObject, shape

# What each script's note says; each must come back from pdftotext exactly (logical order).
SCRIPTS = {
    "arabic": "مرحبا بالعالم لنبدأ",
    "hebrew": "שלום עולם",
    "chinese": "你好世界 中文便签",
    "japanese": "日本語のテキスト、かなとカナ",
    "korean": "한국어 텍스트 투표",
    "emoji": "Vote 😀 🎉 👍 🚀 ok",
    "devanagari": "नमस्ते दुनिया हिन्दी",
    "thai": "สวัสดีชาวโลก",
}
WRITERS = [write_summary_pdf, write_handout_pdf]
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} (poppler-utils) not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " and CI=true")
        pytest.skip(message)


@pytest.fixture
def poppler() -> None:
    _need("pdftotext", "pdffonts", "pdftoppm")


@pytest.fixture(params=["shipped", "system"])
def font_source(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The shipped fallback set alone, or with whatever suitable fonts fontconfig finds."""
    monkeypatch.setattr(pdf_fonts, "use_system_fonts", request.param == "system")
    pdf_fonts.reset()
    yield request.param
    pdf_fonts.reset()


def script_workshop():  # type: ignore[no-untyped-def]
    texts = list(SCRIPTS.values())
    notes = tuple(
        NoteSummary(
            text,
            NoteColor.YELLOW,
            (i % 3) * (NOTE_WIDTH + GAP),
            (i // 3) * (NOTE_HEIGHT + GAP) + 64,
            "ישראל",
            Role.UX,
            "نقاش",
            i,
            0,
        )
        for i, text in enumerate(texts)
    )
    cluster = ClusterSummary("نقاش", NoteColor.BLUE, -24, 0, notes, dots=sum(range(len(notes))))
    board = BoardSummary("לוח 한국", notes, (cluster,), voted=True, revealed=True)
    roles = (("محمد", Role.UX), ("김민수", Role.PM), ("王芳", Role.OTHER))
    people = tuple(PersonSummary(name, role) for name, role in roles)
    return dataclasses.replace(
        sample(boards=(board,)), title="Sprint 🚀 ورشة", facilitator="山田 太郎", participants=people
    )


def pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return _BIDI_CONTROLS.sub("", out.stdout.decode("utf-8"))


def pdffonts(path: Path) -> list[tuple[str, str, str]]:
    """(name, type, embedded) of every font, from pdffonts' fixed-width table."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = lines.splitlines()[2:]
    out = []
    for row in rows:
        name, kind = row[:37].strip(), row[37:55].strip()
        emb = row[72:76].strip() if len(row) > 76 else row.split()[-5]
        out.append((name, kind, emb))
    return out


@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_every_script_extracts_as_typed_in_logical_order(
    tmp_path: Path, poppler: None, font_source: str, writer: Callable[..., None]
) -> None:
    target = tmp_path / "scripts.pdf"
    writer(script_workshop(), target)
    text = pdftotext(target)
    for script, typed in SCRIPTS.items():
        assert typed in text, f"{script}: {typed!r} not in the extracted text"
    for name in ("محمد", "김민수", "王芳", "山田 太郎", "ورشة", "🚀"):
        assert name in text
    assert "\ufffd" not in text and "\x00" not in text


@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_every_font_is_embedded_and_none_is_helvetica(
    tmp_path: Path, poppler: None, font_source: str, writer: Callable[..., None]
) -> None:
    target = tmp_path / "fonts.pdf"
    writer(script_workshop(), target)
    fonts = pdffonts(target)
    assert fonts, "pdffonts listed no font"
    for name, kind, emb in fonts:
        assert emb == "yes", f"{name} ({kind}) is not embedded"
        assert kind == "TrueType", f"{name} is {kind}"
        assert "Helvetica" not in name and "Heisei" not in name
    names = " ".join(name for name, _, _ in fonts)
    assert "DejaVuSans" in names
    if font_source == "shipped":
        shipped = ("NotoSansArabic", "WenQuanYiMicroHei", "NotoEmoji", "NotoSansDevanagari", "NotoSansThai")
        assert all(face in names for face in shipped), names


def test_an_empty_workshop_references_no_helvetica(tmp_path: Path, poppler: None) -> None:
    target = tmp_path / "empty.pdf"
    write_summary_pdf(dataclasses.replace(sample(boards=(), days=()), title="", facilitator=""), target)
    for name, _, emb in pdffonts(target):
        assert emb == "yes" and "Helvetica" not in name


def _shown_strings(path: Path) -> Iterator[tuple[str, bytes]]:
    """(font resource, bytes) of every string the pages draw."""
    for page in PdfReader(path).pages:
        content = ContentStream(page.get_contents(), page.pdf)
        font = ""
        for operands, operator in content.operations:
            if operator == b"Tf":
                font = str(operands[0])
            elif operator == b"Tj":
                yield font, _raw(operands[0])
            elif operator == b"TJ":
                for item in operands[0]:
                    if not isinstance(item, (int, float)):
                        yield font, _raw(item)


def _raw(string: object) -> bytes:
    if isinstance(string, bytes):
        return bytes(string)
    return string.get_original_bytes()  # type: ignore[attr-defined,no-any-return]


def test_no_glyph_is_a_missing_glyph_box(tmp_path: Path, font_source: str) -> None:
    """Code 0 of every ReportLab subset is the missing-glyph box: no string may draw it."""
    target = tmp_path / "boxes.pdf"
    write_summary_pdf(script_workshop(), target)
    drawn = list(_shown_strings(target))
    assert len(drawn) > 50
    assert [font for font, data in drawn if b"\x00" in data] == []


def test_a_character_no_font_has_is_a_box_that_extracts_as_itself(
    tmp_path: Path, poppler: None, font_source: str
) -> None:
    glyph = "\U0001342e"  # Egyptian hieroglyph AA032: in none of the fonts
    if any(font.covers(ord(glyph)) for slot in pdf_fonts.SLOTS for font in pdf_fonts.slot_fonts(slot)):
        pytest.skip("a system font has this hieroglyph")
    summary = dataclasses.replace(sample(), title=f"Glyph {glyph} here")
    target = tmp_path / "missing.pdf"
    write_summary_pdf(summary, target)
    assert f"Glyph {glyph} here" in pdftotext(target)


def _word_x(path: Path, page: int) -> dict[str, float]:
    """The left edge of each word pdftotext finds on a page (first occurrence)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")  # the metadata lines are not always UTF-8
    found: dict[str, float] = {}
    for x_min, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out):
        found.setdefault(_BIDI_CONTROLS.sub("", unescape(word)), float(x_min))
    return found


def test_right_to_left_words_run_from_right_to_left(tmp_path: Path, poppler: None) -> None:
    target = tmp_path / "rtl.pdf"
    write_summary_pdf(script_workshop(), target)
    pages = len(PdfReader(target).pages)
    for page in range(1, pages + 1):
        x = {word[::-1]: left for word, left in _word_x(target, page).items()}
        if "שלום" in x and "עולם" in x:
            assert x["שלום"] > x["עולם"]  # the first word on the right
            assert x["مرحبا"] > x["بالعالم"] > x["لنبدأ"]
            return
    pytest.fail("the Hebrew note was not found on any page")


def test_arabic_is_joined_and_hebrew_ordered_by_the_shaper() -> None:
    pdf_fonts.base_fonts()
    font = pdf_fonts.slot_fonts("arabic")[-1].fontName
    shaped, width = shape(font, 10, "مرحبا")
    forms = [unicodedata.name(ch, "PRIVATE") for ch in shaped]
    assert width > 0 and any("INITIAL FORM" in name for name in forms), forms  # joined
    assert "FINAL FORM" in forms[0]  # visual order: the last letter comes first
    hebrew, _ = shape(pdf_fonts.FONT, 10, "שלום")
    assert str(hebrew) == "םולש"


def test_visual_order_of_mixed_lines() -> None:
    def visual(text: str) -> str:
        parts = segments(text)
        order, levels = visual_order([kind for _, _, kind in parts], paragraph_rtl(text))
        shown = [text[parts[i][0] : parts[i][1]] for i in order]
        return "".join(part[::-1] if levels[i] % 2 else part for i, part in zip(order, shown, strict=True))

    assert visual("abc שלום עולם def") == "abc םלוע םולש def"
    assert visual("שלום 2024 עולם") == "םלוע 2024 םולש"  # numbers stay left to right
    assert visual("plain text") == "plain text"
    assert paragraph_rtl("  123 שלום abc") and not paragraph_rtl("abc שלום")


def test_fonts_are_chosen_per_script_and_word() -> None:
    pdf_fonts.base_fonts()
    runs = pdf_fonts.font_runs("Hi 漢字, مرحبا! 😀")
    fonts = [name for name, _ in runs]
    texts = "".join(text for _, text in runs)
    assert texts == "Hi 漢字, مرحبا! 😀"
    assert runs[0] == (None, "Hi ")
    assert len(set(fonts)) >= 3
    assert pdf_fonts.font_runs("plain ASCII") == [(None, "plain ASCII")]
    assert pdf_fonts.font_runs("Zoë Юлия Ελένη שלום") == [(None, "Zoë Юлия Ελένη שלום")]  # DejaVu's


def test_a_suitable_system_font_is_preferred_and_an_unusable_one_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf_fonts.base_fonts()
    system = tmp_path / "SystemThai.ttf"
    shutil.copy(pdf_fonts.fonts_dir() / "NotoSansThai-Regular.ttf", system)
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"OTTO" + b"\0" * 200)  # not a font ReportLab can embed
    monkeypatch.setattr(pdf_fonts, "use_system_fonts", True)
    candidates = [(str(broken), 0), (str(system), 0)]
    monkeypatch.setattr(pdf_fonts, "system_candidates", lambda lang: iter(candidates))
    loaded: list[tuple[str, bool]] = []
    load = pdf_fonts._load

    def spy(path: str, index: int):  # type: ignore[no-untyped-def]
        font = load(path, index)
        loaded.append((Path(path).name, font is not None))
        return font

    monkeypatch.setattr(pdf_fonts, "_load", spy)
    pdf_fonts.reset()
    try:
        first = pdf_fonts.slot_fonts("thai")[0]
        assert loaded[:2] == [("Broken.ttf", False), ("SystemThai.ttf", True)]
        # ReportLab gives a copy with the same face name the object registered first
        assert first is load(str(system), 0)
        candidates.pop()
        loaded.clear()
        pdf_fonts.reset()
        pdf_fonts.slot_fonts("thai")
        assert loaded == [("Broken.ttf", False), ("NotoSansThai-Regular.ttf", True)]
    finally:
        pdf_fonts.reset()


def test_fontconfig_candidates_are_truetype_files() -> None:
    if shutil.which("fc-match") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("fc-match (fontconfig) not installed and CI=true")
        pytest.skip("fc-match (fontconfig) not installed")
    for path, index in pdf_fonts.system_candidates("en"):
        assert Path(path).suffix.lower() in (".ttf", ".ttc", ".otf") and index >= 0
        assert Path(path).name not in pdf_fonts.BASE_FILES.values()


def test_pages_with_every_script_render(tmp_path: Path, poppler: None) -> None:
    target = tmp_path / "render.pdf"
    write_summary_pdf(script_workshop(), target)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(target), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(target).pages)


def test_a_script_without_a_slot_uses_the_system_font_that_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scripts the shipped set lacks (Tamil, Bengali, ...) come from fontconfig's fonts having
    the character; with none, each character is a box that extracts as itself."""
    pdf_fonts.base_fonts()
    thai_file = str(pdf_fonts.fonts_dir() / "NotoSansThai-Regular.ttf")
    asked: list[str] = []

    def candidates(query: str) -> Iterator[tuple[str, int]]:
        asked.append(query)
        return iter([(thai_file, 0)] if query.startswith("charset=") else [])

    slots = pdf_fonts.slot_fonts

    def no_thai(slot: str) -> tuple[pdf_fonts.EmbeddedFont, ...]:
        return () if slot == "thai" else slots(slot)

    no_thai.cache_clear = slots.cache_clear  # type: ignore[attr-defined]
    monkeypatch.setattr(pdf_fonts, "use_system_fonts", True)
    monkeypatch.setattr(pdf_fonts, "system_candidates", candidates)
    monkeypatch.setattr(pdf_fonts, "slot_fonts", no_thai)
    pdf_fonts.reset()
    try:
        runs = pdf_fonts.font_runs("สวัสดี")
        assert runs == [(pdf_fonts._load(thai_file, 0).fontName, "สวัสดี")]  # type: ignore[union-attr]
        assert [query for query in asked if "charset" in query] == ["charset=e2a"]  # one for the block
        monkeypatch.setattr(pdf_fonts, "use_system_fonts", False)
        pdf_fonts.reset()
        (name, boxes), *_ = pdf_fonts.font_runs("สวัสดี")
        assert name is None and len(boxes) == 6 and all(ord(ch) >= 0x100000 for ch in boxes)
    finally:
        pdf_fonts.reset()


@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_vocalised_arabic_and_hebrew_are_drawn(tmp_path: Path, writer: Callable[..., None]) -> None:
    """Letters with marks the shaper places above or below them, and marks on their own."""
    texts = ["بِسْمِ ٱللَّٰهِ", "שָׁלוֹם עוֹלָם", "ि", "\u0301"]
    notes = tuple(NoteSummary(text, NoteColor.GREEN, i * 200.0, 0, "", None) for i, text in enumerate(texts))
    board = BoardSummary("תְּנוּעָה", notes, (), voted=False, revealed=False)
    target = tmp_path / "marks.pdf"
    writer(dataclasses.replace(sample(boards=(board,)), goal=" ".join(texts)), target)
    assert len(PdfReader(target).pages) >= 2
    assert [font for font, data in _shown_strings(target) if b"\x00" in data] == []


def test_a_shaped_mark_can_raise_the_first_glyph_of_a_piece() -> None:
    """ReportLab's text object reads the operator before a rise (IndexError when there is
    none) and forgets a rise that replaces another, leaving later glyphs raised."""
    canvas = NumberedCanvas(io.BytesIO())
    text = canvas.beginText(0, 0)
    assert isinstance(text, TextObject)
    text._code = []  # as _formatText starts a piece
    text.setRise(2)
    text.setRise(3)
    assert text._code == ["3 Ts"] and text._rise == 3
    text.setRise(0)
    assert text._rise == 0 and text._y == 0
