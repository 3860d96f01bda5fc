"""Decisions, action items and "open from last time" in both PDFs: the facilitator's
summary and the attendees' handout (attendees need to know what they own)."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table

from sprintdesk.domain.outcome_summary import OutcomeLine, OutcomesSummary
from sprintdesk.domain.outcomes import Status
from sprintdesk.domain.summary import WorkshopSummary

from . import style
from .escaping import markup, shorten
from .flowables import Bookmark
from .parts import date_text, p, raw, table_style
from .text import TextParagraph as Paragraph

SOURCE_LIMIT = 160  # characters of the note or cluster an outcome came from
_HEX = {"muted": "#6b7280", "late": "#b91c1c", "done": "#15803d"}


def summary_outcomes(summary: WorkshopSummary) -> list[Flowable]:
    """The summary's section, on a page of its own after the agenda (none while empty)."""
    if summary.outcomes.empty:
        return []
    return [PageBreak(), *outcomes_section(summary.outcomes, sources=True)]


def handout_outcomes(summary: WorkshopSummary) -> list[Flowable]:
    """The handout's section, after the schedule; nothing when there is nothing to say."""
    if summary.outcomes.empty:
        return []
    return [PageBreak(), *outcomes_section(summary.outcomes, sources=False), *_by_owner(summary.outcomes)]


def _by_owner(outcomes: OutcomesSummary) -> list[Flowable]:
    """The handout's "Who does what": each owner's open action items, this workshop's and
    those carried from earlier ones, so every attendee finds theirs at a glance."""
    mine: dict[str, list[OutcomeLine]] = {}
    for line in (*outcomes.carried, *outcomes.actions):
        if line.status is Status.OPEN:
            mine.setdefault(line.owner or "Nobody yet", []).append(line)
    if not mine:
        return []
    story: list[Flowable] = [Bookmark("who-does-what", "Who does what", level=1), p("Who does what", "h2")]
    for owner in sorted(mine, key=lambda name: (name == "Nobody yet", name.casefold())):
        items = []
        for line in mine[owner]:
            due = f" — due {markup(date_text(line.due_date))}" if line.due_date else ""
            late = f' <font color="{_HEX["late"]}"><b>overdue</b></font>' if line.overdue else ""
            items.append(raw(f"☐ {markup(shorten(line.text, 400))}{due}{late}", "cell"))
        story.append(KeepTogether([p(owner, "h3", 120), *items]))
    return story


def outcomes_section(outcomes: OutcomesSummary, *, sources: bool) -> list[Flowable]:
    story: list[Flowable] = [Bookmark("decisions", "Decisions and action items")]
    story.append(p("Decisions and action items", "h1"))
    if outcomes.follows:
        story.append(p(f"A follow-up of “{outcomes.follows}”.", "small"))
    if outcomes.carried:
        story.append(Bookmark("open-from-last-time", "Open from last time", level=1))
        intro = "Action items of earlier workshops of the series that were still open at the start."
        story += _titled("Open from last time", _actions_table(outcomes.carried, carried=True), intro)
    story.append(Bookmark("decisions-list", "Decisions", level=1))
    if outcomes.decisions:
        story += _titled("Decisions", _decisions_table(outcomes.decisions, sources))
    else:
        story += [p("Decisions", "h2"), p("No decisions were recorded.", "empty")]
    story.append(Bookmark("action-items", "Action items", level=1))
    if outcomes.actions:
        story += _titled("Action items", _actions_table(outcomes.actions, sources=sources))
    else:
        story += [p("Action items", "h2"), p("No action items were recorded.", "empty")]
    return story


def _titled(title: str, table: Table, intro: str = "") -> list[Flowable]:
    head: list[Flowable] = [p(title, "h2")]
    if intro:
        head.append(p(intro, "small"))
    return [KeepTogether([*head, table])]


def _source(line: OutcomeLine) -> str:
    if not line.source:
        return ""
    kind = line.source_kind or "board"
    text = markup(shorten(line.source, SOURCE_LIMIT))
    return f'<font size="7" color="{_HEX["muted"]}">from the {kind} “{text}”</font>'


def _text_cell(line: OutcomeLine, sources: bool, extra: str = "") -> Paragraph:
    body = markup(shorten(line.text, 1_000))
    source = _source(line) if sources else ""
    parts = [body, *(piece for piece in (source, extra) if piece)]
    return raw("<br/>".join(parts), "cell")


def _decisions_table(lines: tuple[OutcomeLine, ...], sources: bool) -> Table:
    rows: list[list[object]] = [
        [p("#", "cell_bold"), p("Decision", "cell_bold"), p("Decided by", "cell_bold")]
    ]
    for number, line in enumerate(lines, 1):
        rows.append(
            [p(str(number), "cell"), _text_cell(line, sources), p(line.decided_by or "–", "cell", 120)]
        )
    widths = [style.FRAME_WIDTH * share for share in (0.06, 0.70, 0.24)]
    return Table(rows, colWidths=widths, repeatRows=1, style=table_style())


def _status_cell(line: OutcomeLine) -> Paragraph:
    text = line.status_text
    if line.overdue:
        return raw(f'<font color="{_HEX["late"]}"><b>{text}</b></font>', "cell")
    if line.closed_here:
        return raw(f'<font color="{_HEX["done"]}">{text} here</font>', "cell")
    color = _HEX["done"] if text == "Done" else (_HEX["muted"] if text == "Dropped" else "#111827")
    where = ""
    if line.closed_in:
        name = markup(shorten(line.closed_in, 60))
        where = f'<br/><font size="7" color="{_HEX["muted"]}">in “{name}”</font>'
    return raw(f'<font color="{color}">{text}</font>{where}', "cell")


def _due_cell(line: OutcomeLine) -> Paragraph:
    if line.due_date is None:
        return p("–", "cell")
    text = markup(date_text(line.due_date))
    if line.overdue:
        return raw(f'<font color="{_HEX["late"]}">{text}</font>', "cell")
    return raw(text, "cell")


def _actions_table(lines: tuple[OutcomeLine, ...], *, carried: bool = False, sources: bool = True) -> Table:
    names = ["Action item", "Owner", "Due", "Status"]
    rows: list[list[object]] = [[p(name, "cell_bold") for name in names]]
    for line in lines:
        extra = ""
        if carried and line.from_workshop:
            origin = markup(shorten(line.from_workshop, 120))
            extra = f'<font size="7" color="{_HEX["muted"]}">from “{origin}”</font>'
        rows.append(
            [
                _text_cell(line, sources and not carried, extra),
                p(line.owner or "Nobody yet", "cell" if line.owner else "small", 120),
                _due_cell(line),
                _status_cell(line),
            ]
        )
    widths = [style.FRAME_WIDTH * share for share in (0.51, 0.19, 0.17, 0.13)]
    return Table(rows, colWidths=widths, repeatRows=1, style=table_style())
