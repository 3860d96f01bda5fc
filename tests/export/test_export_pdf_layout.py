"""How the PDF pages are laid out (issue 12, exports): an empty board is a line, not a page;
a board of hundreds of notes is a readable map of its clusters, never a solid bar; no table
row is left alone at the top of a page and no heading alone at the bottom; every font of
the board drawings is embedded. Read back with pypdf and poppler (pdftotext, pdftoppm,
pdffonts); the poppler tests skip without poppler-utils and fail under CI=true."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_export_pdf import sample

from sprintdesk.domain.board import GAP, NOTE_HEIGHT, NOTE_WIDTH, NoteColor
from sprintdesk.domain.board_structure_presets import preset
from sprintdesk.domain.summary import BoardSummary, ClusterSummary, DaySummary, ItemSummary, NoteSummary
from sprintdesk.domain.workshop import ItemKind
from sprintdesk.export.pdf.board_map import MAP_NOTES
from sprintdesk.export.pdf.document import DocumentInfo, write_pdf
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.structure import board_drawing
from sprintdesk.export.pdf.summary import write_summary_pdf

WRITERS = [write_summary_pdf, write_handout_pdf]
COLORS = [NoteColor.YELLOW, NoteColor.BLUE, NoteColor.GREEN, NoteColor.PINK, NoteColor.ORANGE]


@pytest.fixture
def poppler() -> None:
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdffonts") if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} (poppler-utils) not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " and CI=true")
        pytest.skip(message)


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return [page for page in out.stdout.split("\f") if page.strip()]


def body_lines(page: str) -> list[str]:
    """A page's lines without the running header (first line) and footer (last line)."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[1:-1]


def big_board(
    notes: int = 2000, clusters: int = 12, loose: int = 152, *, revealed: bool = True
) -> BoardSummary:
    """``notes`` notes: ``clusters`` clusters side by side, each 8 notes wide, and ``loose``
    notes in no cluster far below them (a tall strip, as an import used to leave them)."""
    per = (notes - loose) // clusters
    all_notes: list[NoteSummary] = []
    found: list[ClusterSummary] = []
    for c in range(clusters):
        members = tuple(
            NoteSummary(
                f"Note {c}-{i}",
                COLORS[c % 5],
                c * 2000 + (i % 8) * (NOTE_WIDTH + GAP),
                (i // 8) * (NOTE_HEIGHT + GAP),
                "Ann",
                None,
                f"Theme {c}",
                dots=1 if i < c else 0,
            )
            for i in range(per)
        )
        all_notes += members
        found.append(ClusterSummary(f"Theme {c}", COLORS[c % 5], c * 2000 - 24, -64, members, dots=c))
    for i in range(notes - len(all_notes)):
        x, y = (i % 8) * (NOTE_WIDTH + GAP), 40_000 + (i // 8) * (NOTE_HEIGHT + GAP)
        all_notes.append(NoteSummary(f"Loose {i}", NoteColor.YELLOW, x, y, "Bo"))
    return BoardSummary("Huge board", tuple(all_notes), tuple(found), voted=True, revealed=revealed)


# -- empty boards ------------------------------------------------------------------------------
@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_an_empty_board_is_a_line_not_a_page(tmp_path: Path, writer: Callable[..., None]) -> None:
    full = sample().boards[0]
    empties = tuple(BoardSummary(f"Parking lot {i}", (), (), voted=False, revealed=False) for i in range(4))
    only_full, with_empties = tmp_path / "full.pdf", tmp_path / "empties.pdf"
    writer(sample(boards=(full,)), only_full)
    writer(sample(boards=(empties[0], full, *empties[1:])), with_empties)
    pages = len(PdfReader(with_empties).pages)
    assert pages <= len(PdfReader(only_full).pages) + 1  # four empty boards: at most one more page
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(with_empties).pages).split())
    for i in range(4):
        assert text.count(f"Board Parking lot {i}: no notes") == 1
    assert "has no notes yet" not in text  # no empty drawing either


@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_a_workshop_of_empty_boards_only(tmp_path: Path, writer: Callable[..., None]) -> None:
    empty = BoardSummary("Parking lot", (), (), voted=False, revealed=False)
    target = tmp_path / "empty.pdf"
    writer(sample(boards=(empty, dataclasses.replace(empty, name="Ideas"))), target)
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(target).pages).split())
    assert "Board Parking lot: no notes" in text and "Board Ideas: no notes" in text
    assert "Board: Parking lot" not in text


# -- a board of thousands of notes -------------------------------------------------------------
def _map_page(path: Path) -> int:
    """The number (from 1) of the page that holds the board's map."""
    for number, page in enumerate(PdfReader(path).pages, 1):
        if "Map of the board" in (page.extract_text() or ""):
            return number
    raise AssertionError("no page has the map of the board")


def _word_heights(path: Path, page: int) -> dict[str, float]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)
    heights: dict[str, float] = {}
    for y_min, y_max, word in words:
        heights[word] = min(heights.get(word, 99.0), float(y_max) - float(y_min))
    return heights


def _dark_share(path: Path, page: int, folder: Path) -> float:
    """The share of the page's pixels that are dark (grey level under 128) at 60 dpi."""
    stem = folder / f"page{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "60",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(stem),
        ],
        check=True,
    )
    data = Path(f"{stem}.pgm").read_bytes()
    fields = data.split(maxsplit=4)  # P5, width, height, maximum, pixels
    pixels = fields[4]
    return sum(1 for value in pixels if value < 128) / len(pixels)


@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_a_board_of_2000_notes_is_a_readable_map_of_its_clusters(
    tmp_path: Path, poppler: None, writer: Callable[..., None]
) -> None:
    target = tmp_path / "big.pdf"
    writer(sample(boards=(big_board(),)), target)
    page = _map_page(target)
    text = PdfReader(target).pages[page - 1].extract_text() or ""
    flat = " ".join(text.split())
    for c in range(12):
        assert f"Theme {c} 154 notes" in flat, c
    assert "Not in a cluster 152 notes" in flat
    assert "Theme 5 154 notes · 5 dots" in flat  # revealed: votes in both
    heights = _word_heights(target, page)
    assert heights["Theme"] >= 7.0 and heights["notes"] >= 7.0, heights  # legible print
    assert _dark_share(target, page, tmp_path) < 0.15  # text and frames, not a block of ink


def test_hidden_votes_stay_out_of_the_handouts_map(tmp_path: Path) -> None:
    board = big_board(revealed=False)
    handout, summary = tmp_path / "handout.pdf", tmp_path / "summary.pdf"
    write_handout_pdf(sample(boards=(board,)), handout)
    write_summary_pdf(sample(boards=(board,)), summary)
    handout_map = " ".join((PdfReader(handout).pages[_map_page(handout) - 1].extract_text() or "").split())
    summary_map = " ".join((PdfReader(summary).pages[_map_page(summary) - 1].extract_text() or "").split())
    assert "Theme 5 154 notes" in handout_map and "dot" not in handout_map
    assert "Theme 5 154 notes · 5 dots" in summary_map  # the facilitator's own copy shows them


def test_the_map_threshold(tmp_path: Path) -> None:
    """Up to MAP_NOTES notes in a compact layout the board is drawn note by note; above, it
    is a map; a short strip of notes the drawing would shrink to specks is a map too."""
    few = big_board(MAP_NOTES, clusters=3, loose=0)
    many = big_board(MAP_NOTES + 1, clusters=3, loose=1)
    strip = tuple(NoteSummary(f"n{i}", NoteColor.YELLOW, i * (NOTE_WIDTH + GAP), 0) for i in range(120))
    cases = {"few": few, "many": many, "strip": BoardSummary("Strip", strip, (), voted=False, revealed=False)}
    found = {}
    for name, board in cases.items():
        target = tmp_path / f"{name}.pdf"
        write_summary_pdf(sample(boards=(board,)), target)
        found[name] = any("Map of the board" in (p.extract_text() or "") for p in PdfReader(target).pages)
    assert found == {"few": False, "many": True, "strip": True}


# -- nothing alone at a page break -------------------------------------------------------------
def _agenda(items: int, days: int = 1) -> tuple[DaySummary, ...]:
    start = dt.datetime(2026, 12, 7, 9, 0)
    out = []
    for day in range(days):
        rows = tuple(
            ItemSummary(f"Item {day}.{i}", ItemKind.EXERCISE, start + dt.timedelta(minutes=5 * i), 5, 300 + i)
            for i in range(items)
        )
        out.append(DaySummary(day, f"Part {day}", dt.date(2026, 12, 7 + day), dt.time(9), rows))
    return tuple(out)


HEADINGS = re.compile(r"^(Day \d+: Part \d+|Whole workshop|Schedule|Boards with no notes)\b")


@pytest.mark.parametrize("writer", WRITERS, ids=["summary", "handout"])
def test_no_total_row_alone_at_the_top_and_no_heading_alone_at_the_bottom(
    tmp_path: Path, poppler: None, writer: Callable[..., None]
) -> None:
    """Agendas of many lengths, so that page breaks fall on every row near the end of a
    day's table, on the "Whole workshop" heading and on the next day's heading."""
    empty = BoardSummary("Parking lot", (), (), voted=False, revealed=False)
    for items, days in [(n, 1) for n in range(36, 46)] + [(n, 2) for n in range(14, 24)]:
        target = tmp_path / f"agenda-{items}-{days}.pdf"
        writer(dataclasses.replace(sample(boards=(empty,)), days=_agenda(items, days)), target)
        for number, page in enumerate(page_texts(target)[1:], 2):
            lines = body_lines(page)
            where = f"{items} items x {days} days, page {number}: {lines[:3]} ... {lines[-2:]}"
            assert lines, where
            first = lines[1] if lines[0].startswith("Start ") and len(lines) > 1 else lines[0]
            assert not first.startswith(("Day total", "Total")), where
            assert not HEADINGS.match(lines[-1]), where


# -- fonts -------------------------------------------------------------------------------------
def _pdffonts(path: Path) -> list[tuple[str, str]]:
    """(name, emb) of every font pdffonts lists."""
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    found = []
    for row in rows.splitlines()[2:]:
        found.append((row[:37].strip(), row[72:76].strip()))
    return found


def test_every_font_of_the_exports_and_the_board_drawings_is_embedded(tmp_path: Path, poppler: None) -> None:
    structured = dataclasses.replace(
        sample().boards[0], structure=preset("start-stop-continue").build((0.0, 0.0)), name="Retro"
    )
    boards = (sample().boards[0], structured, big_board(), BoardSummary("Empty", (), (), False, False))
    summary = sample(boards=boards)
    drawings = tmp_path / "drawings.pdf"
    info = DocumentInfo("Boards", "", "Boards", "Boards", "Board drawings")
    write_pdf(drawings, info, lambda _done: [board_drawing(b, 400, show_votes=True) for b in boards])
    write_summary_pdf(summary, tmp_path / "summary.pdf")
    write_handout_pdf(summary, tmp_path / "handout.pdf")
    for name in ("summary.pdf", "handout.pdf", "drawings.pdf"):
        fonts = _pdffonts(tmp_path / name)
        assert fonts, name
        for font, emb in fonts:
            assert emb == "yes", f"{name}: {font} is not embedded"
        assert b"Helvetica" not in (tmp_path / name).read_bytes(), name
