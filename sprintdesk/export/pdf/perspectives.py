"""The summary PDF's "Perspectives" part of a board: per cluster, a small bar of the roles
the notes (and the revealed votes) came from, the numbers, and whether the theme is shared or
one-sided."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from sprintdesk.domain.perspectives import (
    MIN_NOTES,
    ONE_SIDED_SHARE,
    ROLE_COLORS,
    ROLE_ORDER,
    SHORT_NAMES,
    SUBSTANTIAL_SHARE,
    BoardPerspectives,
    Perspective,
    RoleCounts,
    Verdict,
    VoteStatus,
    role_label,
    text_color_on,
)
from sprintdesk.domain.summary import BoardSummary
from sprintdesk.domain.workshop import Role

from . import style
from .escaping import markup, shorten
from .flowables import Bookmark
from .keeping import table_end_kept
from .parts import p, raw, table_style

_WIDTHS = (0.23, 0.29, 0.23, 0.25)  # cluster, notes, votes, verdict
NO_BREAK_PERCENT = "\u00a0%"  # "75 %" stays on one line
ROOM_NEEDED = 130.0  # points: less than this left on the page, the section starts on the next
_VERDICT_COLORS = {
    Verdict.SHARED: "#15803d",
    Verdict.ONE_SIDED: "#b45309",
    Verdict.TOO_FEW: "#6b7280",
    Verdict.UNKNOWN: "#6b7280",
}


class RoleBar(Flowable):
    """A stacked bar, one segment per role, each long as its count and labelled with the
    role's short name (or just the count when that does not fit)."""

    FONT_SIZE = 6.5

    def __init__(self, counts: RoleCounts, height: float = 10.0) -> None:
        super().__init__()
        self.counts = counts
        self.bar_height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.bar_height + 1
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        total = self.counts.total
        if not total:
            return
        x = 0.0
        canv.setFont(style.FONT_BOLD, self.FONT_SIZE)
        for role, count in self.counts.counts:
            width = self.width * count / total
            shade = ROLE_COLORS[role]
            canv.setFillColor(colors.HexColor(shade))
            canv.setStrokeColor(colors.white)
            canv.setLineWidth(0.8)
            canv.rect(x, 0.5, width, self.bar_height, stroke=1, fill=1)
            label = next(
                (
                    text
                    for text in (
                        f"{role_label(role)} {count}",
                        f"{SHORT_NAMES[role]} {count}",
                        f"{SHORT_NAMES[role][0]}{count}",  # the initials differ: still named
                        str(count),
                    )
                    if stringWidth(text, style.FONT_BOLD, self.FONT_SIZE) <= width - 3
                ),
                "",
            )
            if label:
                canv.setFillColor(colors.HexColor(text_color_on(shade)))
                canv.drawCentredString(x + width / 2, 0.5 + (self.bar_height - self.FONT_SIZE) / 2 + 1, label)
            x += width


class RoleLegend(Flowable):
    """Swatches with the roles' names, for the roles that appear on the board."""

    SIZE = 7.5

    def __init__(self, roles: list[Role | None]) -> None:
        super().__init__()
        self.roles = roles

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.SIZE + 4
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        x = 0.0
        canv.setFont(style.FONT, self.SIZE)
        for role in self.roles:
            canv.setFillColor(colors.HexColor(ROLE_COLORS[role]))
            canv.rect(x, 1, 9, 7, stroke=0, fill=1)
            canv.setFillColor(style.INK)
            text = role_label(role)
            canv.drawString(x + 12, 1.5, text)
            x += 12 + stringWidth(text, style.FONT, self.SIZE) + 12


def _counts_cell(counts: RoleCounts, empty: str) -> list[Flowable]:
    if not counts.total:
        return [p(empty, "cell")]
    return [RoleBar(counts), p(f"{counts.total}: {counts.text()}", "cell")]


def _verdict_cell(row: Perspective) -> Flowable:
    assessment = row.assessment
    color = _VERDICT_COLORS[assessment.verdict]
    text = markup(assessment.text()).replace(" %", NO_BREAK_PERCENT)
    return raw(f'<font color="{color}"><b>{text}</b></font>', "cell")


def _votes_empty(perspectives: BoardPerspectives) -> str:
    if perspectives.vote_status is VoteStatus.HIDDEN:
        return "not revealed"
    return "–"


def perspectives_section(board: BoardSummary, key: str) -> list[Flowable]:
    """Heading, how to read it, a legend and one row per cluster, the loose notes and the
    whole board; nothing for a board without notes or without clusters (a table of one row,
    the whole board, says little and would take a page)."""
    perspectives = board.perspectives
    if perspectives is None or not perspectives.board.notes.total or not board.clusters:
        return []
    rules = (
        f"Notes and votes per role of their authors. A theme is <b>shared</b> when at least two "
        f"roles each gave {round(SUBSTANTIAL_SHARE * 100)} % or more of its notes, <b>one-sided</b> "
        f"when one role gave {round(ONE_SIDED_SHARE * 100)} % or more (or it is the only one); "
        f"a cluster of fewer than {MIN_NOTES} notes is too small to tell."
    )
    if perspectives.vote_status is VoteStatus.HIDDEN:
        rules += " The vote was not revealed, so its dots are left out."
    present = {role for row in perspectives.rows() for role, _ in (*row.notes.counts, *row.votes.counts)}
    legend = RoleLegend([role for role in ROLE_ORDER if role in present])
    head: list[object] = [
        p(name, "cell_bold") for name in ("Cluster", "Notes by role", "Votes by role", "Verdict")
    ]
    rows: list[list[object]] = [head]
    empty_votes = _votes_empty(perspectives)
    for row in perspectives.rows():
        is_total = row is perspectives.board
        title = shorten(row.title or "Untitled cluster", 120)
        rows.append(
            [
                p(title, "cell_bold" if is_total or row is perspectives.loose else "cell"),
                _counts_cell(row.notes, "no notes"),
                _counts_cell(row.votes, empty_votes),
                _verdict_cell(row),
            ]
        )
    widths = [style.FRAME_WIDTH * share for share in _WIDTHS]
    table = Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=table_style([("BACKGROUND", (0, -1), (-1, -1), style.TABLE_HEAD), table_end_kept()]),
    )
    intro = [
        CondPageBreak(ROOM_NEEDED),
        Bookmark(f"{key}-perspectives", "Perspectives", level=1),
        p("Perspectives", "h2"),
        raw(rules, "small"),
        Spacer(1, 3),
        legend,
        Spacer(1, 3),
    ]
    return [*intro, table]  # the table splits by rows, its head repeated
