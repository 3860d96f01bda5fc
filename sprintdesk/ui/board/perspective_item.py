"""The Perspectives card under a cluster frame: a stacked bar of the roles its notes came from
(and, once revealed, its votes), each segment labelled, and the verdict. A child of the
cluster item, so it follows a dragged cluster; everything it paints is laid out when the
breakdown changes, never in ``paint``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from sprintdesk.domain.board import CLUSTER_PADDING
from sprintdesk.domain.perspectives import (
    ROLE_COLORS,
    SHORT_NAMES,
    BoardPerspectives,
    Perspective,
    RoleCounts,
    Verdict,
    VoteStatus,
    role_label,
    text_color_on,
)
from sprintdesk.ui.board.cluster_item import ClusterItem

ROW = 22.0  # height of one bar row, board units
PAD = 4.0
LABEL_WIDTH = 54.0
MIN_BAR = 120.0
INSET = 8.0  # from the frame's left edge
FONT_PX = 14
TEXT_LOD = 0.35  # below this scale the 14 px labels are under 5 px: not drawn
CARD = "#ffffff"
CARD_EDGE = "#4b5563"
INK = "#111827"
VERDICT_INK = {
    Verdict.SHARED: "#166534",
    Verdict.ONE_SIDED: "#9a3412",
    Verdict.TOO_FEW: "#4b5563",
    Verdict.UNKNOWN: "#4b5563",
}


def _font(bold: bool = True) -> QFont:
    font = QFont()
    font.setPixelSize(FONT_PX)
    font.setBold(bold)
    return font


@dataclass(frozen=True, slots=True)
class Segment:
    rect: QRectF
    fill: str
    label: str
    ink: str


def segments(counts: RoleCounts, rect: QRectF, metrics: QFontMetricsF) -> list[Segment]:
    """One labelled segment per role, as wide as its share: "Engineering 3", "Eng 3", "E3" or
    (too narrow for a letter) "3", the longest that fits; the legend and the tooltip carry the
    rest. The initials (P U E S D O N) differ, so a narrow segment still names its role."""
    total = counts.total
    out: list[Segment] = []
    x = rect.left()
    for role, count in counts.counts:
        width = rect.width() * count / total
        options = (
            f"{role_label(role)} {count}",
            f"{SHORT_NAMES[role]} {count}",
            f"{SHORT_NAMES[role][0]}{count}",
            str(count),
        )
        label = next((t for t in options if metrics.horizontalAdvance(t) <= width - 6), "")
        fill = ROLE_COLORS[role]
        out.append(Segment(QRectF(x, rect.top(), width, rect.height()), fill, label, text_color_on(fill)))
        x += width
    return out


class PerspectiveItem(QGraphicsItem):
    def __init__(self, parent: ClusterItem) -> None:
        super().__init__(parent)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the board below
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # repainted on change only
        self._key: tuple[object, ...] = ()
        self._rect = QRectF()
        self._rows: list[tuple[str, list[Segment], str, str]] = []  # label, bar, right text, its ink
        self._verdict = ""
        self._verdict_ink = INK

    def lay_out(self, row: Perspective, status: VoteStatus, frame: QRectF) -> None:
        """Lay the card out under ``frame`` (the cluster's frame, in its coordinates)."""
        key = (row, status, frame.left(), frame.bottom(), frame.width())
        if key == self._key:
            return
        self._key = key
        self.prepareGeometryChange()
        bold = QFontMetricsF(_font())
        assessment = row.assessment
        self._verdict = assessment.short
        self._verdict_ink = VERDICT_INK[assessment.verdict]
        verdict_width = bold.horizontalAdvance(self._verdict) + 2 * PAD
        width = max(frame.width() - 2 * INSET, LABEL_WIDTH + MIN_BAR + verdict_width + 2 * PAD)
        bar_left = PAD + LABEL_WIDTH
        bar_width = width - bar_left - verdict_width - PAD
        rows: list[tuple[str, list[Segment], str, str]] = []
        y = PAD
        note_bar = QRectF(bar_left, y, bar_width, ROW)
        rows.append(("Notes", segments(row.notes, note_bar, bold) if row.notes.total else [], "", INK))
        if status is not VoteStatus.NONE or row.votes.total:
            y += ROW + PAD
            vote_bar = QRectF(bar_left, y, bar_width, ROW)
            if status is VoteStatus.HIDDEN:
                rows.append(("Votes", [], "hidden until revealed", CARD_EDGE))
            elif row.votes.total:
                rows.append(("Votes", segments(row.votes, vote_bar, bold), "", INK))
            else:
                rows.append(("Votes", [], "no votes", CARD_EDGE))
        self._rows = rows
        self._rect = QRectF(0, 0, width, y + ROW + PAD)
        # Under the frame's last row of notes: in its bottom padding and the gap below it.
        self.setPos(frame.left() + INSET, frame.bottom() - CLUSTER_PADDING + 2)
        votes = "hidden until revealed" if status is VoteStatus.HIDDEN else row.votes.text()
        self.setToolTip(f"{row.title}\nNotes: {row.notes.text()}\nVotes: {votes}\n{assessment.text()}")
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(QPen(QColor(CARD_EDGE), 1.2))
        painter.setBrush(QColor(CARD))
        painter.drawRoundedRect(self._rect, 6, 6)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < TEXT_LOD:
            painter.setPen(Qt.PenStyle.NoPen)  # too small to read: the bars alone, no text
            for _label, bar, _text, _ink in self._rows:
                for segment in bar:
                    painter.setBrush(QColor(segment.fill))
                    painter.drawRect(segment.rect)
            return
        painter.setFont(_font())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        centre = Qt.AlignmentFlag.AlignCenter
        for index, (label, bar, text, ink) in enumerate(self._rows):
            top = PAD + index * (ROW + PAD)
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(PAD + 2, top, LABEL_WIDTH, ROW), int(left), label)
            for segment in bar:
                painter.setPen(QPen(QColor(CARD), 1.5))  # a white seam between roles
                painter.setBrush(QColor(segment.fill))
                painter.drawRect(segment.rect)
                if segment.label:
                    painter.setPen(QColor(segment.ink))
                    painter.drawText(segment.rect, int(centre), segment.label)
            if text:
                painter.setPen(QColor(ink))
                italic = _font(bold=False)
                italic.setItalic(True)
                painter.setFont(italic)
                painter.drawText(QRectF(PAD + LABEL_WIDTH, top, self._rect.width(), ROW), int(left), text)
                painter.setFont(_font())
        painter.setPen(QColor(self._verdict_ink))
        verdict_box = QRectF(0, PAD, self._rect.width() - PAD - 2, ROW)
        painter.drawText(
            verdict_box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self._verdict
        )


def _card_of(cluster: ClusterItem) -> PerspectiveItem | None:
    return next((c for c in cluster.childItems() if isinstance(c, PerspectiveItem)), None)


def sync_perspectives(clusters: Mapping[int, ClusterItem], data: BoardPerspectives | None) -> None:
    """Give every cluster frame its card (or take them away when ``data`` is None). Cheap:
    one lookup per cluster, and a card whose breakdown and frame did not change is left be."""
    rows = {row.cluster_id: row for row in data.clusters} if data is not None else {}
    for cluster_id, cluster in clusters.items():
        card = _card_of(cluster)
        row = rows.get(cluster_id)
        if row is None or data is None:
            if card is not None:
                card.setParentItem(None)  # type: ignore[arg-type]  # PySide's stub omits None (detach)
                scene = card.scene()
                if scene is not None:
                    scene.removeItem(card)
            continue
        if card is None:
            card = PerspectiveItem(cluster)
        card.lay_out(row, data.vote_status, cluster.boundingRect().adjusted(3, 3, -3, -3))
