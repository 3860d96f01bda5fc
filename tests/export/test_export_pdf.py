"""The summary and handout PDFs, built from WorkshopSummary dataclasses and read back with
pypdf: text, scripts, outline, metadata, hostile text, atomic writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sprintdesk.domain.board import GAP, NOTE_HEIGHT, NOTE_WIDTH, NoteColor
from sprintdesk.domain.summary import (
    BoardSummary,
    ClusterSummary,
    DaySummary,
    ItemSummary,
    NoteSummary,
    PersonSummary,
    WorkshopSummary,
)
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.export.atomic import ExportError
from sprintdesk.export.pdf import drawing as pdf_drawing
from sprintdesk.export.pdf import fonts as pdf_fonts
from sprintdesk.export.pdf.escaping import clean, markup
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.summary import write_summary_pdf

NAMES = "Zoë Łukasz Ærøskøbing Ελένη Юлия"
CJK = "付箋の投票"
PRIVATE = "PRIVATE-facilitator-remark"
MONDAY = dt.date(2026, 12, 7)


def note(text: str, x: float, y: float, cluster: str = "", dots: int = 0, supers: int = 0) -> NoteSummary:
    return NoteSummary(text, NoteColor.YELLOW, x, y, "Ελένη", Role.UX, cluster, dots, supers)


def grid(texts: list[str], cluster: str = "", x0: float = 24, y0: float = 64) -> list[NoteSummary]:
    return [
        note(text, x0 + (i % 3) * (NOTE_WIDTH + GAP), y0 + (i // 3) * (NOTE_HEIGHT + GAP), cluster, dots=i)
        for i, text in enumerate(texts)
    ]


def sample(boards: tuple[BoardSummary, ...] | None = None, days: tuple[DaySummary, ...] | None = None):
    speed = grid(["Checkout feels instant", "Skip the address form", f"Escape 0.1 <A <0.9 {CJK}"], "Speed")
    trust = grid(["Cards are safe", "S&P 500 fees up front", "An unclosed <b> tag"], "Trust", 600)
    loose = [note("Help people on slow connections", 0, 600, dots=1, supers=1)]
    board = BoardSummary(
        name="How might we",
        notes=(*speed, *trust, *loose),
        clusters=(
            ClusterSummary("Speed", NoteColor.BLUE, 0, 0, tuple(speed), dots=3),
            ClusterSummary("Trust", NoteColor.GREEN, 576, 0, tuple(trust), dots=3, supervotes=2),
        ),
        voted=True,
        revealed=True,
    )
    items = (
        ItemSummary(
            "Intro", ItemKind.PRESENTATION, dt.datetime(2026, 12, 7, 9, 0), 10, 12 * 60 + 5, "Say hi"
        ),
        ItemSummary(
            "Lightning demos", ItemKind.EXERCISE, dt.datetime(2026, 12, 7, 9, 10), 45, 40 * 60, "", PRIVATE
        ),
        ItemSummary("Lunch", ItemKind.BREAK, dt.datetime(2026, 12, 7, 9, 55), 60, None),
    )
    default_days = (DaySummary(0, "Map", MONDAY, dt.time(9, 0), items),)
    return WorkshopSummary(
        title="Checkout sprint",
        goal="Decide on a faster checkout",
        start_date=MONDAY,
        end_date=MONDAY + dt.timedelta(days=1),
        facilitator="Zoë Ærøskøbing",
        participants=(PersonSummary("Łukasz", Role.DECIDER), PersonSummary("Юлия", Role.ENGINEERING)),
        days=default_days if days is None else days,
        boards=(board,) if boards is None else boards,
        generated_at=dt.datetime(2026, 12, 8, 17, 30),
    )


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def flat_outline(entries: list[object]) -> list[str]:
    titles: list[str] = []
    for entry in entries:
        if isinstance(entry, list):
            titles += flat_outline(entry)
        else:
            titles.append(entry.title)  # type: ignore[attr-defined]
    return titles


def fonts_used(path: Path) -> dict[str, bool]:
    """Each font's base name and whether its file is embedded."""
    names = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            names[str(font["/BaseFont"])] = embedded
    return names


def test_summary_has_the_cover_agenda_boards_and_votes(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    seen: list[float] = []
    write_summary_pdf(sample(), target, seen.append)
    text = " ".join(text_of(target).split())
    for expected in ("Checkout sprint", "Decide on a faster checkout", "Zoë Ærøskøbing", "Łukasz", "Юлия"):
        assert expected in text
    assert "Decider" in text and "Engineering" in text
    assert "Lightning demos" in text and "Lunch" in text and PRIVATE in text
    assert "12:05" in text and "2:05 behind" in text and "5:00 ahead" in text  # actual, differences
    assert "Day total" in text and "Total" in text
    assert "Checkout feels instant" in text and "S&P 500 fees up front" in text
    assert "0.1 <A <0.9" in text and "An unclosed <b> tag" in text and CJK in text
    assert "2 dots" in text and "+2 super" in text and "Top clusters" in text and "Top notes" in text
    assert "Page 1 of" in text and "Ελένη" in text
    assert "Decisions" not in text  # no such data yet: no empty section
    reader = PdfReader(target)
    assert 3 <= len(reader.pages) <= 6
    assert flat_outline(reader.outline) == [
        "Cover",
        "Agenda",
        "Day 1: Map · Mon 7 Dec 2026",
        "Board: How might we",
        "Clusters and notes",
        "Top votes",
    ]
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Checkout sprint" and meta.author == "Zoë Ærøskøbing"
    assert meta.subject == "Workshop summary: Checkout sprint"
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    assert any(name.endswith("DejaVuSans") for name in fonts_used(target))


def test_outline_entries_point_at_their_pages(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_summary_pdf(sample(), target)
    reader = PdfReader(target)
    pages = {
        entry.title: reader.get_destination_page_number(entry)
        for entry in reader.outline
        if not isinstance(entry, list)
    }
    assert pages["Cover"] == 0 and pages["Agenda"] == 1 and pages["Board: How might we"] == 2
    assert "Board: How might we" in reader.pages[2].extract_text()


def test_handout_is_friendly_and_private_things_stay_out(tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    write_handout_pdf(sample(), target)
    text = " ".join(text_of(target).split())
    assert "Schedule" in text and "09:10" in text and "Lightning demos" in text and "45 min" in text
    assert "Key outcomes" in text and "Trust" in text and "Speed" in text
    assert "Cards are safe" in text
    assert PRIVATE not in text
    assert "behind" not in text and "ahead" not in text  # no actual times
    assert "Ελένη" not in text  # authors (who wrote or voted what) stay out
    reader = PdfReader(target)
    assert flat_outline(reader.outline) == ["Welcome", "Schedule", "Key outcomes", "How might we"]
    assert reader.metadata is not None and reader.metadata.subject == "Workshop handout: Checkout sprint"
    assert 3 <= len(reader.pages) <= 5


def test_names_in_many_scripts_and_cjk_survive(tmp_path: Path) -> None:
    people = tuple(PersonSummary(name, Role.OTHER) for name in [*NAMES.split(), CJK])
    summary = dataclasses.replace(sample(), title=f"Sprint {NAMES}", participants=people)
    for writer in (write_summary_pdf, write_handout_pdf):
        target = tmp_path / f"{writer.__name__}.pdf"
        writer(summary, target)
        text = text_of(target)
        for name in [*NAMES.split(), CJK]:
            assert name in text
        used = fonts_used(target)
        assert any("WenQuanYi" in name or "CJK" not in name for name in used)
        assert all(used.values()), used  # every font embedded, the CJK one included
        assert not any("Helvetica" in name or "Heisei" in name for name in used), used


@pytest.mark.parametrize("writer", [write_summary_pdf, write_handout_pdf])
def test_empty_workshop_still_gives_a_document(tmp_path: Path, writer) -> None:
    empty_board = BoardSummary("Parking lot", (), (), voted=False, revealed=False)
    cases = {
        "nothing": sample(boards=(), days=()),
        "empty-board": sample(boards=(empty_board,), days=(DaySummary(0, "", None, dt.time(9), ()),)),
    }
    for name, summary in cases.items():
        target = tmp_path / f"{name}.pdf"
        writer(dataclasses.replace(summary, title="", facilitator="", start_date=None), target)
        text = text_of(target)
        assert "Untitled workshop" in text and "No date set" in text
        assert len(PdfReader(target).pages) >= 2
    assert "Board Parking lot: no notes" in text_of(tmp_path / "empty-board.pdf")


def test_a_note_longer_than_a_page_is_split_and_a_huge_one_cut(tmp_path: Path) -> None:
    page_long = " ".join(f"word{i}" for i in range(900))  # about 7,000 characters: over a page
    huge = "x" * 10_000 + " " + "lorem ipsum " * 9_000  # 100,000+ characters, one 10,000-char word
    notes = (note(page_long, 0, 0), note(huge, 200, 0), note("after", 400, 0))
    board = BoardSummary("Long", notes, (), voted=False, revealed=False)
    target = tmp_path / "long.pdf"
    write_summary_pdf(sample(boards=(board,)), target)
    text = text_of(target)
    assert "word899" in text and "[…continued]" in text and "[…cut]" in text and "after" in text
    assert "characters in full" in text


def test_markup_is_escaped_and_control_characters_dropped() -> None:
    assert markup("0.1 <A <0.9 & S&P 500 <b>") == "0.1 &lt;A &lt;0.9 &amp; S&amp;P 500 &lt;b&gt;"
    assert clean("a\x00b\x07c\td\ne\x7f") == "abc\td\ne"
    cjk = pdf_fonts.slot_fonts("cjk")[0].fontName
    assert markup("ab漢字cd") == f'ab<font name="{cjk}">漢字</font>cd'


hostile = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(
        [
            "<b>unclosed",
            "</i></para><font name='nope'>",
            "0.1 <A <0.9 & S&P 500 &amp; &#xfffe; &bogus;",
            "x" * 10_000,
            "lorem " * 17_000,
            "😀🎉 👩‍👩‍👧 🏳️‍🌈" * 50,
            "שלום עולם مرحبا بالعالم",
            "漢字かなカナ한국어" * 300,
            "(مرحبا) [שלום] {123} ١٢٣ ﻻ ﷽ شكرا🙏",
            "क्षत्रिय ที่นี่ 👩‍👩‍👧‍👦🏳️‍🌈🇫🇷 \u0301 \U0001342e \u202eRLO\u202c" * 20,
            "nul\x00bell\x07esc\x1b del\x7f \ud800 \ufffe",
            "\n\n\n" * 200,
        ]
    ),
)


@pytest.mark.slow  # fuzzes with many examples
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(hostile, min_size=1, max_size=4), title=hostile)
def test_hostile_note_texts_never_raise(tmp_path: Path, texts: list[str], title: str) -> None:
    notes = tuple(note(text, i * 200.0, 0, cluster=title, dots=1) for i, text in enumerate(texts))
    cluster = ClusterSummary(title, NoteColor.PINK, -24, -64, notes, dots=len(notes))
    board = BoardSummary(title, notes, (cluster,), voted=True, revealed=True)
    summary = dataclasses.replace(sample(boards=(board,)), title=title, facilitator=title)
    for writer in (write_summary_pdf, write_handout_pdf):
        target = tmp_path / "hostile.pdf"
        writer(summary, target)
        assert len(PdfReader(target).pages) >= 3


def test_a_failing_render_leaves_no_file_and_keeps_a_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.pdf"
    write_summary_pdf(sample(), target)
    good = target.read_bytes()

    def broken(self: object) -> None:
        raise RuntimeError("the drawing broke\nsecond line")

    monkeypatch.setattr(pdf_drawing.BoardDrawing, "draw", broken)
    with pytest.raises(ExportError) as raised:
        write_summary_pdf(sample(), target)
    assert "\n" not in str(raised.value) and "the drawing broke" in str(raised.value)
    assert target.read_bytes() == good
    fresh = tmp_path / "handout.pdf"
    with pytest.raises(ExportError):
        write_handout_pdf(sample(), fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_a_missing_folder_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_summary_pdf(sample(), tmp_path / "nowhere" / "summary.pdf")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pages_render_with_poppler(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_summary_pdf(sample(), target)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(target), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(target).pages)
