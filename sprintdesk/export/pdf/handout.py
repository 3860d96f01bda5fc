"""The attendees' handout: the schedule, the key outcomes and a page per board (a line for
a board with no notes). It never
shows the facilitator's private notes, actual timings or who voted for what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from sprintdesk.domain.summary import BoardSummary, DaySummary, WorkshopSummary

from . import style
from .document import Progress, to_content, write_pdf
from .escaping import markup, shorten
from .flowables import Bookmark, VoteBar
from .keeping import keep_headings
from .outcomes import handout_outcomes
from .parts import cluster_listing, cover, day_title, empty_boards, p, raw, votes_text
from .structure import board_drawing, region_listing
from .summary import document_info

SUBJECT = "Workshop handout"
DRAWING_SHARE = 0.45
KEY_OUTCOMES = 5  # themes per board


def write_handout_pdf(
    summary: WorkshopSummary, target: Path, progress: Callable[[float], None] | None = None
) -> None:
    """The attendees' handout, written atomically; ExportError on failure."""
    write_pdf(target, document_info(summary, SUBJECT), lambda done: handout_story(summary, done), progress)


def handout_story(summary: WorkshopSummary, progress: Progress | None = None) -> list[Flowable]:
    story: list[Flowable] = [Bookmark("cover", "Welcome")]
    story += cover(summary, "Workshop handout")
    story += [to_content(), PageBreak()]
    story += schedule_section(summary)
    outcomes = outcomes_section(summary)
    if outcomes:
        story += [Spacer(1, 10), *outcomes]
    story += handout_outcomes(summary)  # decisions and who owns which action item
    for index, board in enumerate(summary.boards):
        if board.notes:  # an empty board is a line of empty_boards, not a page
            story += [PageBreak(), *board_page(board, index)]
        if progress is not None:
            progress((index + 1) / len(summary.boards))
    story += empty_boards(summary.boards)
    return keep_headings(story)


def schedule_section(summary: WorkshopSummary) -> list[Flowable]:
    story: list[Flowable] = [Bookmark("schedule", "Schedule"), p("Schedule", "h1")]
    days = [day for day in summary.days if day.items]
    if not days:
        story.append(p("The schedule will be shared soon.", "empty"))
        return story
    for day in days:
        story.append(p(day_title(day), "h2"))
        story.append(_schedule_table(day))
    return story


def _schedule_table(day: DaySummary) -> Table:
    rows: list[list[object]] = []
    for item in day.items:
        title = markup(shorten(item.title, 200)) or "Untitled item"
        cell: list[Flowable] = [raw(f"<b>{title}</b>", "cell")]
        if item.instructions.strip():
            cell.append(p(item.instructions, "small", 400))
        rows.append(
            [
                p(f"{item.planned_start:%H:%M}", "cell_bold"),
                cell,
                p(f"{item.planned_minutes} min", "cell_right"),
                p(item.kind.label, "small"),
            ]
        )
    widths = [style.FRAME_WIDTH * share for share in (0.1, 0.62, 0.12, 0.16)]
    return Table(rows, colWidths=widths, style=SCHEDULE_STYLE)


SCHEDULE_STYLE = TableStyle(
    [
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, style.RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("FONT", (0, 0), (-1, -1), style.FONT, 8.5),  # else Table sets Helvetica
    ]
)


def outcomes_section(summary: WorkshopSummary) -> list[Flowable]:
    """The top-voted themes of each board whose votes were shown to the room."""
    story: list[Flowable] = []
    for board in summary.boards:
        if not board.revealed:
            continue
        themes = [
            (c.title or "Untitled cluster", c.dots, c.supervotes) for c in board.top_clusters(KEY_OUTCOMES)
        ]
        if not themes:
            themes = [(n.text, n.dots, n.supervotes) for n in board.top_notes(KEY_OUTCOMES)]
        if not themes:
            continue
        best = max(dots + supers for _, dots, supers in themes)
        name = shorten(board.name, 120) or "Untitled board"
        bars: list[Flowable] = [
            VoteBar(rank, p(text, "cell", 240), dots + supers, best, votes_text(dots, supers))
            for rank, (text, dots, supers) in enumerate(themes, 1)
        ]
        story.append(KeepTogether([p(name, "h2"), *bars]))
    if story:
        heading = [Bookmark("outcomes", "Key outcomes"), p("Key outcomes", "h1")]
        intro = p("The themes the group voted highest, board by board.", "small")
        story = [*heading, intro, *story]
    return story


def board_page(board: BoardSummary, index: int) -> list[Flowable]:
    name = shorten(board.name, 120) or "Untitled board"
    story: list[Flowable] = [Bookmark(f"board-{index}", name), p(name, "h1")]
    count = len(board.notes)
    story.append(p(f"{count:,} note{'s' if count != 1 else ''}", "small"))
    story.append(Spacer(1, 4))
    story.append(board_drawing(board, style.FRAME_HEIGHT * DRAWING_SHARE, show_votes=board.revealed))
    story.append(Spacer(1, 6))
    regions = region_listing(board, show_votes=board.revealed, authors=False)  # [] without a structure
    story += regions or cluster_listing(board, show_votes=board.revealed, authors=False)
    return story
