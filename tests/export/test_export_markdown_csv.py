"""Markdown summary and notes CSV from a WorkshopSummary: hostile texts stay plain text
(Markdown cannot be broken, spreadsheets never see a formula), accents survive, private
facilitator notes only when asked, atomic writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintdesk.domain.board import NoteColor
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
from sprintdesk.export.markdown.summary import render_markdown, write_markdown
from sprintdesk.export.markdown.text import escape
from sprintdesk.export.notes_csv import HEADER, render_csv, safe_cell, write_notes_csv

HOSTILE = "# <b>*x*</b> | y"
NAMES = "Zoë Łukasz Ærøskøbing Ελένη Юлия"


def summary(texts: list[str] | None = None, *, name: str = NAMES) -> WorkshopSummary:
    texts = (
        texts if texts is not None else [HOSTILE, "=SUM(A1:A9)", "-2+3", "@cmd", "+1", 'quote " and, comma']
    )
    notes = tuple(
        NoteSummary(
            text=text,
            color=NoteColor.PINK,
            x=0,
            y=0,
            author=name,
            role=Role.DECIDER,
            cluster="Cluster | *one*" if i % 2 == 0 else "",
            dots=i,
            supervotes=1 if i == 1 else 0,
        )
        for i, text in enumerate(texts)
    )
    clustered = tuple(n for n in notes if n.cluster)
    start = dt.datetime(2026, 12, 1, 9, 0)
    items = (
        ItemSummary(
            HOSTILE, ItemKind.EXERCISE, start, 30, 1980.0, "do | it", "PRIVATE facilitator note", "Ideas"
        ),
        ItemSummary("Break", ItemKind.BREAK, start + dt.timedelta(minutes=30), 15, None),
    )
    return WorkshopSummary(
        title=f"Sprint {HOSTILE}",
        goal="Line one\n# not a heading\n| not | a | table |",
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2026, 12, 2),
        facilitator=name,
        participants=(PersonSummary(name, Role.DECIDER), PersonSummary("Юлия", Role.UX)),
        days=(
            DaySummary(0, "Map *bold*", dt.date(2026, 12, 1), dt.time(9, 0), items),
            DaySummary(1, "", None, dt.time(9, 0), ()),
        ),
        boards=(
            BoardSummary(
                name="Ideas <script>",
                notes=notes,
                clusters=(ClusterSummary("Cluster | *one*", NoteColor.BLUE, 0, 0, clustered, dots=3),),
                voted=True,
                revealed=True,
            ),
            BoardSummary("Empty", (), (), voted=False, revealed=False),
        ),
        generated_at=dt.datetime(2026, 12, 2, 18, 0),
    )


def _plain(markdown: str) -> str:
    """The text a renderer shows, and the structure it found."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable("table")
    return md.render(markdown)


def test_markdown_escapes_user_text() -> None:
    text = render_markdown(summary())
    lines = text.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert all(line.startswith(("# Sprint", "## ", "### ")) for line in headings)
    assert "<b>" not in text and "<script>" not in text
    assert escape(HOSTILE) == r"\# \<b\>\*x\*\</b\> \| y"
    html = _plain(text)
    assert (
        "<b>" not in html
        and "<script>" not in html
        and "<em>x</em>" not in html
        and "<em>one</em>" not in html
    )
    assert "# &lt;b&gt;*x*&lt;/b&gt; | y" in html  # shown literally
    assert html.count("<h1>") == 1
    # every table row has as many cells as its header
    for table in html.split("<table>")[1:]:
        body = table.split("</table>")[0]
        header_cells = len(re.findall(r"<th[ >]", body.split("</thead>")[0]))
        for row in body.split("<tbody>")[-1].split("<tr>")[1:]:
            assert len(re.findall(r"<td[ >]", row)) == header_cells


def test_markdown_holds_agenda_boards_and_votes() -> None:
    text = render_markdown(summary())
    assert NAMES in text
    assert "| 09:00 |" in text and "30m" in text and "33:00" in text and "3:00 behind" in text
    assert "## Board: Ideas \\<script\\>" in text
    assert "### Cluster \\| \\*one\\* (3 dots)" in text
    assert "1 dot, 1 supervote" in text
    assert "Top-voted notes" in text
    assert "- Board Empty: no notes" in text and "## Board: Empty" not in text  # a line, not a section
    assert "### Day 2" in text and "_No items._" in text


def test_markdown_private_notes_only_when_asked() -> None:
    assert "PRIVATE" not in render_markdown(summary())
    assert "PRIVATE facilitator note" in render_markdown(summary(), private_notes=True)


def test_markdown_of_an_empty_workshop() -> None:
    empty = WorkshopSummary(
        "Blank",
        "",
        None,
        None,
        "",
        (),
        (DaySummary(0, "", None, dt.time(9), ()),),
        (),
        dt.datetime(2026, 1, 1),
    )
    text = render_markdown(empty)
    assert text.startswith("# Blank\n") and "The agenda is empty" in text


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=5))
def test_hostile_texts_never_break_markdown(texts: list[str]) -> None:
    text = render_markdown(summary(texts))
    for line in text.splitlines():
        assert not line.startswith("#") or line.startswith(("# Sprint", "## ", "### "))
        if line.startswith("| ") and "---" not in line:
            assert line.replace("\\|", "").count("|") in (8, 9, 5)  # agenda (7 cells) / top notes (4)
    html = _plain(text)
    assert "<script" not in html and "<b>" not in html


def test_csv_rows_quoting_bom_and_formulas() -> None:
    data = render_csv(summary()).encode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert len(body) == 6
    texts = [row[2] for row in body]
    assert texts == [HOSTILE, "'=SUM(A1:A9)", "'-2+3", "'@cmd", "'+1", 'quote " and, comma']
    assert body[0] == ["Ideas <script>", "Cluster | *one*", HOSTILE, "pink", NAMES, "Decider", "0", "0", ""]
    assert body[1][6:] == ["1", "1", ""]  # no structure: no region
    assert all(len(row) == len(HEADER) for row in rows)


def test_csv_guards_every_user_cell() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(summary(["x"], name="=cmd|' /C calc'!A0")))))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
    assert safe_cell("\tTAB") == "'\tTAB" and safe_cell("fine = ok") == "fine = ok"


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=5))
def test_csv_round_trips_any_text(texts: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(summary(texts)), newline="")))
    assert len(rows) == len(texts) + 1
    for row, original in zip(rows[1:], texts, strict=True):
        assert row[2] == safe_cell(original)
        assert not row[2].startswith(("=", "+", "-", "@"))


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    md, table = tmp_path / "s.md", tmp_path / "n.csv"
    write_markdown(summary(), md)
    assert write_notes_csv(summary(), table) == 6
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")
    assert NAMES in md.read_text(encoding="utf-8")
    good_md, good_csv = md.read_bytes(), table.read_bytes()
    import sprintdesk.export.atomic as atomic

    def broken_fsync(_fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_markdown(summary(["other"]), md)
    with pytest.raises(OSError):
        write_notes_csv(summary(["other"]), table)
    assert md.read_bytes() == good_md and table.read_bytes() == good_csv
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.csv", "s.md"]
    with pytest.raises(ExportError):
        write_markdown(summary(), tmp_path / "nope" / "s.md")
