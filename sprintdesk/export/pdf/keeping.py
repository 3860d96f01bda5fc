"""What must not be left alone at a page break: a heading at the bottom of a page (it stays with
what it introduces) and the last row of a table (a "Day total" stays with the row above it).

``keep_headings`` runs over a finished story: each heading (with the invisible bookmarks
around it) is kept with the flowable after it. Before a table it becomes a ``HeadedTable``,
which keeps the heading with the table's first rows and lets the rest of the table flow on
(a plain KeepTogether would push a long table to the next page and leave a gap);
before a KeepTogether it joins that group; before anything else the two form a new group.
``table_end_kept`` is the table-style command that makes the last two rows one block."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import _listWrapOn

from .flowables import Bookmark

HEADING_STYLES = frozenset({"H1", "H2", "H3"})
SLACK = 2.0  # points kept free under a split table: rounding in the frame's own sums


def table_end_kept() -> tuple[object, ...]:
    """A table-style command: no page break between the last row and the one above it."""
    return ("NOSPLIT", (0, -2), (-1, -1))


def is_heading(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return isinstance(flowable, Paragraph) and getattr(style, "name", "") in HEADING_STYLES


def _lead(content: Sequence[Flowable]) -> float:
    """The space before the first visible flowable: ReportLab's KeepTogether measures its
    content as if at the top of a frame, where that space is dropped; elsewhere it is not,
    and a group measured short by it breaks, leaving its heading alone."""
    first = next((f for f in content if not isinstance(f, Bookmark)), None)
    return float(first.getSpaceBefore()) if first is not None else 0.0


class KeptGroup(KeepTogether):
    """A KeepTogether that counts the space before its first flowable."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        size = super().wrap(aW, aH)
        self._H += _lead(self._content)
        return size  # type: ignore[no-any-return]


class HeadedTable(KeptGroup):
    """A heading (and bookmarks) kept with the first rows of a table: where the whole does
    not fit, the table is split right under the heading if at least one of its rows fits
    there, else the heading and the table go on to the next page together."""

    def __init__(self, head: Sequence[Flowable], table: Table) -> None:
        super().__init__([*head, table])
        self.head = list(head)
        self.table = table

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H:
            return list(self._content)
        _, head_height = _listWrapOn(self.head, aW, self.canv)
        head_height += _lead(self.head)
        parts = self.table.split(aW, aH - head_height - SLACK)
        if len(parts) >= 2:
            return [*self.head, *parts]
        return super().split(aW, aH)  # type: ignore[no-any-return]


def _joined(head: list[Flowable], following: Flowable) -> Flowable:
    if isinstance(following, Table):
        return HeadedTable(head, following)
    if isinstance(following, KeepTogether) and not isinstance(following, HeadedTable):
        return KeptGroup([*head, *following._content], maxHeight=following._maxHeight)
    if isinstance(following, HeadedTable):
        return HeadedTable([*head, *following.head], following.table)
    return KeptGroup([*head, following])


def keep_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """``story`` with every heading tied to the flowable that follows it."""
    out: list[Flowable] = []
    pending: list[Flowable] = []  # a heading and the bookmarks around it, not placed yet
    has_heading = False
    for flowable in story:
        spacing = has_heading and isinstance(flowable, Spacer)
        if isinstance(flowable, Bookmark) or is_heading(flowable) or spacing:
            pending.append(flowable)
            has_heading = has_heading or is_heading(flowable)
            continue
        if has_heading and _joinable(flowable):
            out.append(_joined(pending, flowable))
        else:
            out += [*pending, flowable]
        pending, has_heading = [], False
    return out + pending


def _joinable(flowable: Flowable) -> bool:
    """Page breaks, conditional breaks and template switches are not content."""
    return not (isinstance(flowable, ActionFlowable) or getattr(flowable, "locChanger", False))
