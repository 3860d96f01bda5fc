"""A readable Markdown summary of a workshop: the agenda (planned and actual), then each
board with its clusters, notes and votes.

Every piece of user text goes through ``escape``: Markdown punctuation is backslash-escaped
and line breaks become ``<br>``, so a note like ``# <b>*x*</b> | y`` stays one line of plain
text and cannot open a heading, a tag, emphasis or a new table cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sprintdesk.domain.durations import duration_text, format_minutes, lateness_text
from sprintdesk.domain.summary import BoardSummary, DaySummary, ItemSummary, NoteSummary, WorkshopSummary
from sprintdesk.export.atomic import atomic_output
from sprintdesk.export.markdown.outcomes import outcomes_markdown
from sprintdesk.export.markdown.perspectives import perspectives_markdown
from sprintdesk.export.markdown.text import escape


def _duration(seconds: float | None, running: bool = False) -> str:
    if seconds is None:
        return "–"
    return duration_text(seconds) + (" so far" if running else "")


def _difference(seconds: float | None) -> str:
    """As run mode and the PDFs say it: ``19:22 behind`` is late (durations.lateness_text)."""
    return lateness_text(seconds)


def _votes(dots: int, supervotes: int) -> str:
    parts = []
    if dots:
        parts.append(f"{dots} dot" + ("s" if dots != 1 else ""))
    if supervotes:
        parts.append(f"{supervotes} supervote" + ("s" if supervotes != 1 else ""))
    return ", ".join(parts)


def _day_lateness(day: DaySummary) -> str:
    """``, 19:22 behind (started 15:00 late)``: the day's difference as run mode counts it."""
    difference = day.difference_seconds
    if difference is None:
        return ""
    late = day.late_start_seconds
    started = ""
    if late is not None and abs(late) >= 60:
        started = f" (started {duration_text(abs(late))} {'late' if late > 0 else 'early'})"
    return f", {_difference(difference)}{started}"


def _item_row(item: ItemSummary, private: bool) -> str:
    cells = [
        item.planned_start.strftime("%H:%M"),
        escape(item.title),
        item.kind.label,
        format_minutes(item.planned_minutes),
        _duration(item.actual_seconds, item.running),
        _difference(item.difference_seconds),
        escape(item.board_name),
    ]
    if private:
        cells.append(escape(item.notes))
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _agenda(summary: WorkshopSummary, private: bool) -> list[str]:
    out = ["## Agenda", ""]
    if not any(day.items for day in summary.days):
        return [*out, "_The agenda is empty._", ""]
    header = ["Start", "Item", "Kind", "Planned", "Actual", "Difference", "Board"]
    if private:
        header.append("Facilitator notes")
    for day in summary.days:
        date = f" ({day.date.isoformat()})" if day.date else ""
        title = f": {escape(day.title)}" if day.title else ""
        out += [f"### Day {day.index + 1}{title}{date}", ""]
        if not day.items:
            out += ["_No items._", ""]
            continue
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join("---" for _ in header) + "|")
        out += [_item_row(item, private) for item in day.items]
        out += [
            "",
            f"Planned {format_minutes(day.planned_minutes)}, actual {_duration(day.actual_seconds)}"
            f"{_day_lateness(day)}.",
            "",
        ]
    out += [
        f"**Total:** planned {format_minutes(summary.planned_minutes)}, "
        f"actual {_duration(summary.actual_seconds)}.",
        "",
    ]
    return out


def _note_line(note: NoteSummary, show_votes: bool) -> str:
    extra = []
    if note.author:
        extra.append(escape(note.author) + (f", {note.role.value}" if note.role else ""))
    if show_votes and (tally := _votes(note.dots, note.supervotes)):
        extra.append(tally)
    suffix = f" _({'; '.join(extra)})_" if extra else ""
    return f"- {escape(note.text)}{suffix}"


def _empty_boards(boards: tuple[BoardSummary, ...]) -> list[str]:
    """A line for each board with no notes, not a section of its own."""
    lines = [f"- Board {escape(board.name)}: no notes" for board in boards if not board.notes]
    return ["## Boards with no notes", "", *lines, ""] if lines else []


def _board(board: BoardSummary) -> list[str]:
    out = [f"## Board: {escape(board.name)}", ""]
    show_votes = board.voted
    if board.voted and not board.revealed:
        out += ["_The results of this vote have not been revealed to the room yet._", ""]
    regions = _region_sections(board, show_votes)  # [] without a structure
    out += regions
    for cluster in board.clusters if not regions else ():
        tally = _votes(cluster.dots, cluster.supervotes) if show_votes else ""
        out += [f"### {escape(cluster.title)}" + (f" ({tally})" if tally else ""), ""]
        out += [_note_line(note, show_votes) for note in cluster.notes] or ["_No notes._"]
        out.append("")
    if board.loose_notes and not regions:
        if board.clusters:
            out += ["### Not in a cluster", ""]
        out += [_note_line(note, show_votes) for note in board.loose_notes]
        out.append("")
    if show_votes and board.top_notes(1):
        out += ["### Top-voted notes", "", "| # | Note | Dots | Supervotes |", "|---|---|---|---|"]
        for rank, note in enumerate(board.top_notes(), start=1):
            out.append(f"| {rank} | {escape(note.text)} | {note.dots} | {note.supervotes} |")
        out.append("")
    out += perspectives_markdown(board)
    return out


def render_markdown(summary: WorkshopSummary, *, private_notes: bool = False) -> str:
    """The summary as Markdown. Facilitator notes of agenda items only with ``private_notes``."""
    out = [f"# {escape(summary.title)}", ""]
    facts = []
    if summary.goal:
        facts.append(f"**Goal:** {escape(summary.goal)}")
    if summary.start_date:
        end = summary.end_date
        dates = summary.start_date.isoformat()
        if end and end != summary.start_date:
            dates += f" – {end.isoformat()}"
        facts.append(f"**Dates:** {dates}")
    if summary.facilitator:
        facts.append(f"**Facilitator:** {escape(summary.facilitator)}")
    if summary.participants:
        people = ", ".join(f"{escape(p.name)} ({p.role.value})" for p in summary.participants)
        facts.append(f"**Participants:** {people}")
    out += [f"{fact}  " for fact in facts[:-1]] + facts[-1:] + ([""] if facts else [])
    out += _agenda(summary, private_notes)
    out += outcomes_markdown(summary.outcomes)
    for board in summary.boards:
        out += _board(board) if board.notes else []
    out += _empty_boards(summary.boards)
    generated = summary.generated_at
    stamp = generated.strftime("%Y-%m-%d %H:%M") if isinstance(generated, dt.datetime) else str(generated)
    out += ["---", "", f"_Generated by SprintDesk on {stamp}._", ""]
    return "\n".join(out)


def write_markdown(summary: WorkshopSummary, target: Path, *, private_notes: bool = False) -> int:
    """Write the Markdown summary atomically (UTF-8); returns its size in bytes."""
    data = render_markdown(summary, private_notes=private_notes).encode("utf-8")
    with atomic_output(Path(target)) as handle:
        handle.write(data)
    return len(data)


# -- boards with a structure: notes by region ------------------------------------------------
def _region_sections(board: BoardSummary, show_votes: bool) -> list[str]:
    """Each region of the board's structure as a heading with its clusters (only their notes
    in that region) and its other notes; then the notes outside every region."""
    from sprintdesk.domain.board_regions import group_by_region

    if board.structure is None:
        return []
    out: list[str] = []
    for region, notes in group_by_region(board.structure, board.notes):
        out += [f"### {escape(region.title) if region else 'Outside the structure'}", ""]
        if not notes:
            out += ["_No notes._", ""]
            continue
        # By membership, not by title: two clusters may share a title.
        groups = [(c, [n for n in notes if n in c.notes]) for c in board.clusters]
        titles = [c.title for c, members in groups if members]
        for cluster, members in groups:
            if not members:
                continue
            tally = _votes(cluster.dots, cluster.supervotes) if show_votes else ""
            out += [f"#### {escape(cluster.title)}" + (f" ({tally})" if tally else ""), ""]
            out += [_note_line(note, show_votes) for note in members]
            out.append("")
        loose = [note for note in notes if not note.cluster]
        if loose:
            if titles:
                out += ["#### Not in a cluster", ""]
            out += [_note_line(note, show_votes) for note in loose]
            out.append("")
    return out
