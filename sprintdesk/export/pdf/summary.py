"""The facilitator's summary PDF: cover, the agenda as planned and as run, every board as a
drawing and as lists of clusters, notes and votes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from sprintdesk.domain.summary import BoardSummary, DaySummary, ItemSummary, WorkshopSummary

from . import style
from .document import DocumentInfo, Progress, to_content, write_pdf
from .escaping import markup, shorten
from .flowables import Bookmark
from .keeping import keep_headings, table_end_kept
from .outcomes import summary_outcomes
from .parts import (
    board_stats,
    cluster_listing,
    cover,
    date_text,
    day_title,
    empty_boards,
    p,
    ranked,
    raw,
    table_style,
)
from .perspectives import perspectives_section
from .structure import board_drawing, region_listing
from .text import TextParagraph as Paragraph

SUBJECT = "Workshop summary"
DRAWING_SHARE = 0.62  # of the frame's height, at most, for a board drawing
PRIVATE_NOTE_LIMIT = 500


def write_summary_pdf(
    summary: WorkshopSummary, target: Path, progress: Callable[[float], None] | None = None
) -> None:
    """The facilitator's summary, written atomically; ExportError on failure."""
    write_pdf(target, document_info(summary, SUBJECT), lambda done: summary_story(summary, done), progress)


def document_info(summary: WorkshopSummary, subject: str) -> DocumentInfo:
    title = shorten(summary.title, 200) or "Untitled workshop"
    when = f"{date_text(summary.generated_at.date())}, {summary.generated_at:%H:%M}"
    return DocumentInfo(
        title=title,
        author=shorten(summary.facilitator, 120),
        subject=f"{subject}: {title}",
        header=shorten(summary.title, 90) or "Untitled workshop",
        footer=f"{subject} · generated {when}",
        kind=subject,
        keywords="SprintDesk, workshop",
    )


def summary_story(summary: WorkshopSummary, progress: Progress | None = None) -> list[Flowable]:
    story: list[Flowable] = [Bookmark("cover", "Cover")]
    story += cover(summary, "Workshop summary")
    story += [to_content(), PageBreak()]
    story += agenda_section(summary)
    # What was decided and who does what comes before the boards it came from.
    story += summary_outcomes(summary)
    boards = summary.boards
    if not boards:  # one line: not worth a page of its own
        story += [Bookmark("boards", "Boards"), p("Boards", "h1")]
        story.append(p("This workshop has no boards.", "empty"))
    for index, board in enumerate(boards):
        if board.notes:  # an empty board is a line of empty_boards, not a page
            story += [PageBreak(), *board_section(board, index)]
        if progress is not None:
            progress((index + 1) / len(boards))
    story += empty_boards(boards)
    return keep_headings(story)


# -- agenda ----------------------------------------------------------------------------------
COLUMNS = ("Start", "Item", "Planned", "Actual", "Difference")
_WIDTHS = (0.09, 0.49, 0.11, 0.11, 0.20)


def agenda_section(summary: WorkshopSummary) -> list[Flowable]:
    story: list[Flowable] = [Bookmark("agenda", "Agenda"), p("Agenda: planned and actual", "h1")]
    days = [day for day in summary.days if day.items]
    if not days:
        story.append(p("No agenda items were planned for this workshop.", "empty"))
        return story
    for day in days:
        story.append(Bookmark(f"agenda-day-{day.index}", day_title(day), level=1))
        story.append(p(day_title(day), "h2"))
        story.append(_day_table(day))
    story.append(p("Whole workshop", "h2"))
    story.append(_totals_table(summary))
    return story


def _days_difference(days: Sequence[DaySummary]) -> float | None:
    """The days' differences together (each: a late start and the overruns)."""
    differences = [d for day in days if (d := day.difference_seconds) is not None]
    return sum(differences) if differences else None


def _actual_cell(item: ItemSummary) -> Paragraph:
    """The time taken; for the item still running, its time so far (said on a line below)."""
    if item.actual_seconds is None:
        return p("–", "cell_right")
    taken = style.clock_text(item.actual_seconds)
    if not item.running:
        return p(taken, "cell_right")
    return raw(f'{taken}<br/><font size="7" color="#6b7280">so far</font>', "cell_right")


def _difference_cell(seconds: float | None) -> Paragraph:
    text, color = style.difference_text(seconds)
    return raw(f'<font color="{color.hexval().replace("0x", "#")}">{text}</font>', "cell_right")


def _item_cell(item: ItemSummary) -> list[Flowable]:
    title = markup(shorten(item.title, 200)) or "Untitled item"
    line = f'<b>{title}</b> <font size="7" color="#6b7280">{item.kind.label}</font>'
    if item.board_name:
        board = markup(shorten(item.board_name, 80))
        line += f' <font size="7" color="#6b7280">· board {board}</font>'
    cell: list[Flowable] = [raw(line, "cell")]
    if item.notes.strip():
        notes = markup(shorten(item.notes, PRIVATE_NOTE_LIMIT))
        cell.append(raw(f'<font size="7" color="#6b7280"><i>Facilitator notes:</i> {notes}</font>', "cell"))
    return cell


def _day_table(day: DaySummary) -> Table:
    rows: list[list[object]] = [[p(name, "cell_bold") for name in COLUMNS]]
    for item in day.items:
        rows.append(
            [
                p(f"{item.planned_start:%H:%M}", "cell"),
                _item_cell(item),
                p(style.clock_text(item.planned_minutes * 60), "cell_right"),
                _actual_cell(item),
                _difference_cell(item.difference_seconds),
            ]
        )
    actual = day.actual_seconds
    late = day.late_start_seconds
    total = "<b>Day total</b>"
    if late is not None and abs(late) >= 60:
        when = f"started {style.clock_text(abs(late))} {'late' if late > 0 else 'early'}"
        total += f'<br/><font size="7" color="#6b7280">{when}</font>'
    rows.append(
        [
            p("", "cell"),
            raw(total, "cell"),
            p(style.clock_text(day.planned_minutes * 60), "cell_right"),
            p("–" if actual is None else style.clock_text(actual), "cell_right"),
            _difference_cell(day.difference_seconds),
        ]
    )
    bold_total = [("BACKGROUND", (0, -1), (-1, -1), style.TABLE_HEAD), table_end_kept()]
    widths = [style.FRAME_WIDTH * share for share in _WIDTHS]
    return Table(rows, colWidths=widths, repeatRows=1, style=table_style(bold_total))


def _totals_table(summary: WorkshopSummary) -> Flowable:
    rows: list[list[object]] = [[p(name, "cell_bold") for name in ("", "Planned", "Actual", "Difference")]]
    all_items: tuple[ItemSummary, ...] = ()
    for day in summary.days:
        if not day.items:
            continue
        actual = day.actual_seconds
        all_items += day.items
        rows.append(
            [
                p(day_title(day), "cell"),
                p(style.clock_text(day.planned_minutes * 60), "cell_right"),
                p("–" if actual is None else style.clock_text(actual), "cell_right"),
                _difference_cell(day.difference_seconds),
            ]
        )
    actual_total = summary.actual_seconds
    rows.append(
        [
            p("Total", "cell_bold"),
            p(style.clock_text(summary.planned_minutes * 60), "cell_right"),
            p("–" if actual_total is None else style.clock_text(actual_total), "cell_right"),
            _difference_cell(_days_difference(summary.days)),
        ]
    )
    widths = [style.FRAME_WIDTH * share for share in (0.49, 0.13, 0.13, 0.25)]
    table = Table(
        rows, colWidths=widths, style=table_style([("BACKGROUND", (0, -1), (-1, -1), style.TABLE_HEAD)])
    )
    note = p(
        "Differences count the items that were run and a day's late start, as run mode does; "
        "a dash means the item never ran.",
        "small",
    )
    return KeepTogether([table, Spacer(1, 3), note])


# -- boards ----------------------------------------------------------------------------------
def _vote_status(board: BoardSummary) -> str:
    if not board.voted:
        return "No vote was taken on this board."
    if not board.revealed:
        return "A vote was taken; its results were not shown to the room yet."
    return "A vote was taken and its results were shown to the room."


def board_section(board: BoardSummary, index: int) -> list[Flowable]:
    key = f"board-{index}"
    name = shorten(board.name, 120) or "Untitled board"
    story: list[Flowable] = [Bookmark(key, f"Board: {name}"), p(f"Board: {name}", "h1")]
    story.append(p(f"{board_stats(board)}. {_vote_status(board)}", "small"))
    story.append(Spacer(1, 4))
    story.append(board_drawing(board, style.FRAME_HEIGHT * DRAWING_SHARE, show_votes=board.voted))
    regions = region_listing(board, show_votes=board.voted, authors=True, key=key)  # [] without a structure
    if not regions:
        story.append(Bookmark(f"{key}-clusters", "Clusters and notes", level=1))
        story.append(p("Clusters and notes", "h2"))
    story += regions or cluster_listing(board, show_votes=board.voted, authors=True)
    top = ranked(board)
    if top:
        story.append(Bookmark(f"{key}-votes", "Top votes", level=1))
        story.append(KeepTogether([p("Top votes", "h2"), top[0], *top[1:2]]))
        story += top[2:]
    story += perspectives_section(board, key)
    return story
