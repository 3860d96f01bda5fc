"""Story pieces both PDF exports use: the cover, board listings, ranked votes, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from sprintdesk.domain.summary import BoardSummary, ClusterSummary, DaySummary, NoteSummary, WorkshopSummary

from . import style
from .escaping import CUT_MARKER, clean, markup, plain, shorten
from .flowables import Bookmark, NoteLine, VoteBar, default_side_width, runs_width, side_text
from .text import TextParagraph as Paragraph

LONG_NOTE = 8_000  # characters of a note printed in a list; the rest is cut with a marker
TITLE_LIMIT = 300  # titles, names and other one-line fields
PLAIN_NOTE = 2_000  # characters: shorter plain notes without breaks skip Paragraph
SIDE_MIN = 40.0  # points: the narrowest right-hand column of a note list
# line breaks, no-break and other special spaces, soft hyphens: left to Paragraph
_NEEDS_PARAGRAPH = re.compile(r"[^\S \t]|\xad")


def p(text: str, style_name: str = "body", limit: int = TITLE_LIMIT) -> Paragraph:
    """A paragraph of one line of user text, cleaned, cut and escaped."""
    return Paragraph(markup(shorten(text, limit)), style.stylesheet()[style_name])


def raw(markup_text: str, style_name: str = "body") -> Paragraph:
    """A paragraph of markup written here (user text already passed through markup())."""
    return Paragraph(markup_text, style.stylesheet()[style_name])


def long_text(text: str, style_name: str = "note") -> Paragraph:
    cleaned = clean(text).strip()
    if len(cleaned) > LONG_NOTE:
        cut = cleaned[:LONG_NOTE].rstrip()
        body = markup(cut, keep_breaks=True, cleaned=True)
        body += f" <i>{CUT_MARKER} ({len(cleaned):,} characters in full)</i>"
    else:
        body = markup(cleaned, keep_breaks=True, cleaned=True)
    return Paragraph(body or "&nbsp;", style.stylesheet()[style_name])


def date_text(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%a} {day.day} {day:%b %Y}"


def dates_text(summary: WorkshopSummary) -> str:
    start, end = summary.start_date, summary.end_date
    if start is None:
        return "No date set"
    if end is None or end == start:
        return date_text(start)
    return f"{date_text(start)} – {date_text(end)}"


def day_title(day: DaySummary) -> str:
    """ "Day 2: Sketch · Tue 8 Dec 2026", for headings and tables of both PDFs."""
    title = f"Day {day.index + 1}"
    if day.title.strip():
        title += f": {shorten(day.title, 120)}"
    if day.date is not None:
        title += f" · {date_text(day.date)}"
    return title


def votes_text(dots: int, supervotes: int) -> str:
    parts = []
    if dots:
        parts.append(f"{dots} dot" + ("" if dots == 1 else "s"))
    if supervotes:
        parts.append(f"+{supervotes} super")
    return " ".join(parts)


def cover(summary: WorkshopSummary, kind: str, show_roles: bool = True) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 30 * mm), p(kind, "small")]
    story.append(p(summary.title or "Untitled workshop", "cover_title", 200))
    if summary.goal.strip():
        story.append(long_text(summary.goal, "cover_goal"))
    lines = [("Dates", dates_text(summary))]
    if summary.facilitator.strip():
        lines.append(("Facilitator", summary.facilitator))
    for label, value in lines:
        story.append(raw(f"<b>{label}:</b> {markup(shorten(value, 200))}", "cover_line"))
    story.append(Spacer(1, 8 * mm))
    story.append(p("Participants", "h2"))
    if not summary.participants:
        story.append(p("No participants were listed.", "empty"))
    else:
        rows: list[list[Flowable]] = [[p("Name", "cell_bold"), p("Role", "cell_bold")]]
        rows += [
            [p(person.name, "cell", 150), p(person.role.value, "cell")] for person in summary.participants
        ]
        if not show_roles:
            rows = [row[:1] for row in rows]
        widths = [style.FRAME_WIDTH * 0.6, style.FRAME_WIDTH * 0.4][: len(rows[0])]
        story.append(Table(rows, colWidths=widths, repeatRows=1, style=table_style()))
    generated = summary.generated_at
    story.append(Spacer(1, 6 * mm))
    story.append(p(f"Generated {date_text(generated.date())}, {generated:%H:%M}", "small"))
    return story


def table_style(extra: Sequence[tuple[object, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), style.TABLE_HEAD),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, style.TABLE_STRIPE]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, style.RULE),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, style.RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("FONT", (0, 0), (-1, -1), style.FONT, 8.5),  # else Table sets Helvetica
            *extra,
        ]
    )


def board_stats(board: BoardSummary) -> str:
    notes = len(board.notes)
    clusters = len(board.clusters)
    text = f"{notes:,} note{'s' if notes != 1 else ''}"
    if clusters:
        text += f" in {clusters:,} cluster{'s' if clusters != 1 else ''}"
    elif notes:
        text += ", none clustered"
    loose = len(board.loose_notes)
    if loose and clusters:
        text += f", {loose:,} not clustered"
    return text


def empty_board_detail(board: BoardSummary) -> str:
    """What an empty board still has, for its one line: " (regions: Says, Thinks)"."""
    details = []
    if board.structure is not None:
        titles = [shorten(region.title, 40) for region in board.structure.regions if region.title.strip()]
        if titles:
            details.append("regions: " + ", ".join(titles))
    if board.clusters:
        count = len(board.clusters)
        details.append(f"{count} empty cluster{'s' if count != 1 else ''}")
    return f" ({'; '.join(details)})" if details else ""


def empty_boards(boards: Sequence[BoardSummary]) -> list[Flowable]:
    """The boards with no notes, a line each ("Board Parking lot: no notes") under one
    heading: an empty board is not worth a page, nor an empty drawing."""
    empty = [board for board in boards if not board.notes]
    if not empty:
        return []
    heading = "Boards with no notes"
    story: list[Flowable] = [Bookmark("empty-boards", heading), p(heading, "h2")]
    for board in empty:
        name = shorten(board.name, 120) or "Untitled board"
        story.append(p(f"Board {name}: no notes{empty_board_detail(board)}", "body"))
    return story


def note_body(text: str) -> Paragraph | str:
    """A note's text for a NoteLine: a plain one-line string when nothing in it needs
    ReportLab's paragraph machinery (the common short note), else a Paragraph."""
    cleaned = clean(text).strip()
    if len(cleaned) > PLAIN_NOTE or _NEEDS_PARAGRAPH.search(cleaned) or not plain(cleaned):
        return long_text(text)
    return " ".join(cleaned.split())


def _who(note: NoteSummary, author: bool) -> str:
    if not (author and note.author):
        return ""
    who = shorten(note.author, 60)
    if note.role is not None:
        who += f" ({note.role.value})"
    return who


def side_width(notes: Sequence[NoteSummary], show_votes: bool, authors: bool) -> float:
    """The right-hand column of a board's note lists: as wide as its widest author and
    votes text (one width for the whole board, so the column lines up), within limits."""
    widest = 0.0
    seen: set[str] = set()
    for note in notes:
        votes = votes_text(note.dots, note.supervotes) if show_votes else ""
        text = side_text(_who(note, authors), votes)
        if text and text not in seen:
            seen.add(text)
            widest = max(widest, runs_width(text, style.FONT, 7.5))
    # Room for "Name (Role)   4 dots +1 super" before anything is cut.
    limit = default_side_width("x" if authors else "") + 50
    return min(limit, max(SIDE_MIN, widest + 6))


def note_line(note: NoteSummary, show_votes: bool, author: bool, side: float | None = None) -> NoteLine:
    votes = votes_text(note.dots, note.supervotes) if show_votes else ""
    return NoteLine(
        note_body(note.text), style.paper(note.color), votes, who=_who(note, author), side_width=side
    )


def cluster_listing(board: BoardSummary, show_votes: bool, authors: bool) -> list[Flowable]:
    """Each cluster with its notes (and votes), then the notes in no cluster."""
    story: list[Flowable] = []
    if not board.notes and not board.clusters:
        return [p("This board has no notes yet.", "empty")]
    side = side_width(board.notes, show_votes, authors)
    for cluster in board.clusters:
        story.extend(_cluster(cluster, show_votes, authors, side))
    loose = board.loose_notes
    if loose:
        heading = p("Not in a cluster" if board.clusters else "Notes", "h3")
        lines = [note_line(note, show_votes, authors, side) for note in loose]
        story.append(KeepTogether([heading, *lines[:1]]))
        story.extend(lines[1:])
    return story


def _cluster(cluster: ClusterSummary, show_votes: bool, authors: bool, side: float) -> list[Flowable]:
    title = markup(shorten(cluster.title or "Untitled cluster", 200))
    count = len(cluster.notes)
    extra = f"{count} note{'s' if count != 1 else ''}"
    votes = votes_text(cluster.dots, cluster.supervotes) if show_votes else ""
    if votes:
        extra += f" · {votes}"
    heading = raw(f'{title} <font size="8" color="#6b7280">{extra}</font>', "h3")
    lines: list[Flowable] = [note_line(note, show_votes, authors, side) for note in cluster.notes]
    if not lines:
        lines = [p("No notes in this cluster.", "empty")]
    return [KeepTogether([heading, lines[0]]), *lines[1:]]


def ranked(board: BoardSummary, count: int = 10) -> list[Flowable]:
    """Top clusters and top notes by votes, with bars; nothing if the board has no votes."""
    story: list[Flowable] = []
    clusters = board.top_clusters(count)
    if clusters:
        story.append(p("Top clusters", "h3"))
        best = max(c.dots + c.supervotes for c in clusters)
        for rank, cluster in enumerate(clusters, 1):
            label = p(cluster.title or "Untitled cluster", "cell", 200)
            caption = votes_text(cluster.dots, cluster.supervotes)
            story.append(VoteBar(rank, label, cluster.dots + cluster.supervotes, best, caption))
    notes = board.top_notes(count)
    if notes:
        story.append(p("Top notes", "h3"))
        best = max(n.dots + n.supervotes for n in notes)
        for rank, note in enumerate(notes, 1):
            label = p(note.text, "cell", 240)
            caption = votes_text(note.dots, note.supervotes)
            story.append(VoteBar(rank, label, note.dots + note.supervotes, best, caption))
    return story
