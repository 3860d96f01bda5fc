"""A cluster frame: a titled, tinted area around its notes, with its vote total."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from sprintdesk.domain.board import CLUSTER_PADDING, CLUSTER_TITLE_HEIGHT, NOTE_HEIGHT, Cluster, NoteColor
from sprintdesk.domain.board_geometry.grid import FRAME_MIN_WIDTH, title_frame_width
from sprintdesk.domain.contrast import over, readable_ink
from sprintdesk.domain.note_palette import PAPER
from sprintdesk.domain.voting import Tally
from sprintdesk.ui.board.look import is_presenter
from sprintdesk.ui.board.palette import INK, edge, paper
from sprintdesk.ui.shared import theme

TITLE_PX = 20  # a cluster's title, in board units
CLUSTER_TINT = 0.35  # the frame's fill: its colour's paper, this opaque over the board


LIGHT_INK = "#f9fafb"  # a title on a tint over a dark board


def cluster_ink(tint: str) -> str:
    """The title's colour on the frame's tint (#rrggbb as it shows over the board): the
    notes' dark ink over a light board, a light one over a dark board."""
    return readable_ink(tint, (INK, LIGHT_INK))


_TITLE_INKS: dict[tuple[NoteColor, bool], QColor] = {}


def _title_ink(color: NoteColor, dark: bool) -> QColor:
    """The title's ink for a frame of ``color`` on a dark or light board (made once each)."""
    key = (color, dark)
    if key not in _TITLE_INKS:
        board = (theme.DARK if dark else theme.LIGHT).surface
        _TITLE_INKS[key] = QColor(cluster_ink(over(PAPER[color], CLUSTER_TINT, board)))
    return _TITLE_INKS[key]


ROOM_TITLE_PX = 30  # on the shared screen: as large as the title band takes


class ClusterItem(QGraphicsItem):
    def __init__(self, cluster: Cluster) -> None:
        super().__init__()
        self.cluster = cluster
        self.count = 0
        self.tally: Tally | None = None
        self._rect = QRectF()
        self.setZValue(-1)  # behind the notes
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setPos(cluster.x, cluster.y)

    @property
    def cluster_id(self) -> int:
        assert self.cluster.id is not None
        return self.cluster.id

    def set_cluster(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.setPos(cluster.x, cluster.y)
        self.update()

    def fit(self, note_rects: list[QRectF], count: int) -> None:
        """Frame the member notes (given in scene coordinates)."""
        self.prepareGeometryChange()
        self.count = count
        if self.cluster.collapsed or not note_rects:  # as the board's rules take it (frame_of)
            width = title_frame_width(self.cluster.title) if self.cluster.collapsed else FRAME_MIN_WIDTH
            self._rect = QRectF(0, 0, width, CLUSTER_TITLE_HEIGHT + NOTE_HEIGHT / 2)
        else:
            united = note_rects[0]
            for rect in note_rects[1:]:
                united = united.united(rect)
            top_left = self.pos()
            left = min(united.left() - CLUSTER_PADDING, top_left.x()) - top_left.x()
            top = 0.0
            right = united.right() + CLUSTER_PADDING - top_left.x()
            bottom = united.bottom() + CLUSTER_PADDING - top_left.y()
            self._rect = QRectF(
                left, top, max(right - left, FRAME_MIN_WIDTH), max(bottom, CLUSTER_TITLE_HEIGHT)
            )
        self.update()

    def title_rect(self) -> QRectF:
        return QRectF(self._rect.left(), 0, self._rect.width(), CLUSTER_TITLE_HEIGHT)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-3, -3, 3, 3)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        color = self.cluster.color
        tint = QColor(paper(color))
        tint.setAlphaF(CLUSTER_TINT)
        selected = self.isSelected() and not is_presenter(widget)
        painter.setPen(
            QPen(
                edge(color),
                3 if selected else 1.5,
                Qt.PenStyle.DashLine if selected else Qt.PenStyle.SolidLine,
            )
        )
        painter.setBrush(tint)
        painter.drawRoundedRect(self._rect, 10, 10)
        font = QFont(painter.font())
        font.setPixelSize(ROOM_TITLE_PX if is_presenter(widget) else TITLE_PX)  # the room reads it from afar
        font.setBold(True)
        painter.setFont(font)
        layer = getattr(self.scene(), "structure_layer", None)  # the board's scheme (the presenter's own)
        painter.setPen(_title_ink(color, layer.dark() if layer is not None else theme.is_dark()))
        title = self.title_rect().adjusted(14, 0, -14, 0)
        suffix = f"  ({self.count})" if self.cluster.collapsed else ""
        label = ""
        if self.tally is not None and (self.tally.dots or self.tally.supervotes):
            label = f"● {self.tally.dots}" + (f"  ★ {self.tally.supervotes}" if self.tally.supervotes else "")
        metrics = QFontMetricsF(font)
        room = title.width() - (metrics.horizontalAdvance(label) + 12 if label else 0)
        text = metrics.elidedText(self.cluster.title + suffix, Qt.TextElideMode.ElideRight, max(0.0, room))
        painter.drawText(title, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        if label:
            painter.drawText(title, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
