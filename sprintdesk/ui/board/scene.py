"""The board scene mirrors a BoardContent: one item per note and cluster, kept in step by
``apply``. Each note draws its text while it can be read on screen (its fitted size times the
zoom, at least ``READABLE_PX``) and a colour block below that; when no note's text could be
read (even the largest size a note's text is set in) the notes are hidden and a single
overview item draws them all as colour blocks (level of detail)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from PySide6.QtCore import QObject, QRect, QRectF, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsScene,
)

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, BoardContent, Cluster, Note
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.note_text import MAX_PX, READABLE_PX
from sprintdesk.ui.board.cluster_item import ClusterItem
from sprintdesk.ui.board.look import BoardLook
from sprintdesk.ui.board.note_item import NoteItem
from sprintdesk.ui.board.overview_item import OverviewItem
from sprintdesk.ui.board.perspective_item import sync_perspectives
from sprintdesk.ui.board.structure_layer import StructureLayer

MARGIN = 2000.0
DETAIL_SCALE = READABLE_PX / MAX_PX  # below this zoom no note's text is readable: the overview


class BoardScene(QGraphicsScene):
    sig_detail_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.look = BoardLook()
        self.overview = OverviewItem(self.look)
        self.overview.setVisible(False)
        self.addItem(self.overview)
        self.notes: dict[int, NoteItem] = {}
        self.clusters: dict[int, ClusterItem] = {}
        self.content: BoardContent | None = None
        self.detail = True
        self.structure_layer = StructureLayer()  # columns, lanes, quadrants or a grid, in the background
        self._members: dict[int, set[int]] = {}  # note ids by cluster id
        self._cluster_of: dict[int, int] = {}  # cluster id by note id (notes in a cluster)
        self._shown_look: BoardLook | None = None  # what the notes were last painted with

    # -- mirroring the model ---------------------------------------------------------------
    def apply(self, content: BoardContent) -> None:
        """Bring the items in line with ``content`` (add, update, remove)."""
        self.content = content
        if self.structure_layer.set_structure(content.board.structure):
            self.invalidate(QRectF(), QGraphicsScene.SceneLayer.BackgroundLayer)  # drawn again
        wanted = {note.id: note for note in content.notes if note.id is not None}
        for note_id in [i for i in self.notes if i not in wanted]:
            self.removeItem(self.notes.pop(note_id))
        for note_id, note in wanted.items():
            item = self.notes.get(note_id)
            if item is None:
                self.notes[note_id] = self._new_item(note)
            else:
                item.set_note(note)
        self._apply_clusters(content.clusters)
        self.overview.set_notes(wanted.values())
        self._refit()

    def apply_changed(
        self, notes: Iterable[Note], removed: Iterable[int], clusters: Iterable[Cluster]
    ) -> None:
        """Update only what one action changed (a big board is not rebuilt for one note): the
        changed notes, the frames of the clusters they left or joined, of clusters that changed."""
        assert self.content is not None
        changed = list(notes)
        gone = set(removed)
        touched: set[int | None] = set()  # clusters whose members or frame changed
        for note_id in gone:
            item = self.notes.pop(note_id, None)
            if item is not None:
                touched.add(item.note.cluster_id)
                self.removeItem(item)
        for note in changed:
            assert note.id is not None
            item = self.notes.get(note.id)
            touched.add(note.cluster_id)
            if item is None:
                self.notes[note.id] = self._new_item(note)
            else:
                touched.add(item.note.cluster_id)
                item.set_note(note)
        clusters = tuple(clusters)
        before = {cid: item.cluster for cid, item in self.clusters.items()}
        self._apply_clusters(clusters)
        touched.update(cid for cid, item in self.clusters.items() if before.get(cid) != item.cluster)
        self.content = BoardContent(
            board=self.content.board,
            notes=tuple(item.note for item in self.notes.values()),
            clusters=clusters,
        )
        self.overview.update_notes(changed, gone)
        self._refit({cid for cid in touched if cid is not None}, [n.id for n in changed if n.id is not None])

    def show(
        self, content: BoardContent, look: BoardLook | None = None, changed: frozenset[int] | None = None
    ) -> None:
        """Mirror ``content``; with ``changed`` (note ids) on the same board only those notes
        are refreshed. ``look`` replaces what the notes show (votes, authors, colours)."""
        same_board = self.content is not None and self.content.board.id == content.board.id
        if changed is not None and same_board:
            by_id = {n.id: n for n in content.notes}
            notes = [by_id[i] for i in changed if i in by_id]
            self.apply_changed(notes, [i for i in changed if i not in by_id], content.clusters)
        else:
            self.apply(content)
        if look is not None:
            self.look.adopt(look)
            self.overview.set_notes(item.note for item in self.notes.values())
            self.refresh_looks()

    def _new_item(self, note: Note) -> NoteItem:
        """Notes are top-level items, so the scene's index finds the few in view instead of
        walking every child of a parent item on every frame."""
        item = NoteItem(note, self.look)
        item.setVisible(self.detail)
        self.addItem(item)
        return item

    def _apply_clusters(self, clusters: Iterable[Cluster]) -> None:
        wanted = {c.id: c for c in clusters if c.id is not None}
        for cluster_id in [i for i in self.clusters if i not in wanted]:
            self.removeItem(self.clusters.pop(cluster_id))
        for cluster_id, cluster in wanted.items():
            item = self.clusters.get(cluster_id)
            if item is None:
                item = self.clusters[cluster_id] = ClusterItem(cluster)
                self.addItem(item)
            else:
                item.set_cluster(cluster)

    def _refit(self, clusters: set[int] | None = None, notes: Iterable[int] = ()) -> None:
        """Cluster frames around their members, which notes are shown (level of detail,
        collapsed clusters), the scene rect. Only ``clusters`` and ``notes`` when given."""
        full = clusters is None
        if clusters is None:
            self._members = {cid: set() for cid in self.clusters}
            self._cluster_of = {}
            notes, clusters = list(self.notes), set(self.clusters)
        notes = list(notes)
        for note_id in notes:  # the member index follows the notes that changed
            old = self._cluster_of.pop(note_id, None)
            if old is not None:
                self._members.get(old, set()).discard(note_id)
            item = self.notes.get(note_id)
            if item is not None and item.note.cluster_id is not None:
                self._cluster_of[note_id] = item.note.cluster_id
                self._members.setdefault(item.note.cluster_id, set()).add(note_id)
        shown_ids = notes if full else [*notes, *(i for cid in clusters for i in self._members.get(cid, ()))]
        for note_id in shown_ids:
            item = self.notes.get(note_id)
            if item is None:
                continue
            frame = self.clusters.get(item.note.cluster_id or 0) if item.note.cluster_id else None
            shown = self.detail and (frame is None or not frame.cluster.collapsed)
            if item.isVisible() != shown:
                item.setVisible(shown)
        for cid in clusters:
            frame = self.clusters.get(cid)
            if frame is not None:
                members = [self.notes[i] for i in self._members.get(cid, ()) if i in self.notes]
                rects = [QRectF(i.pos().x(), i.pos().y(), NOTE_WIDTH, NOTE_HEIGHT) for i in members]
                frame.fit(rects, len(rects))
        self.setSceneRect(self.content_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    def refresh_looks(self, note_ids: Iterable[int] | None = None) -> None:
        """Repaint notes after the search, filter or votes changed: ``note_ids``, or (None)
        the notes whose marks, dots or tallies differ from what they were last drawn with
        (a change that concerns every note, such as the colours, repaints all)."""
        if note_ids is None:
            targets: Iterable[NoteItem] = self._changed_looks()
        else:
            targets = (self.notes[i] for i in note_ids if i in self.notes)
        for item in targets:
            item.update()
        for cid, frame in self.clusters.items():
            tally = self.look.cluster_tallies.get(cid) if self.look.revealed else None
            if tally != frame.tally:
                frame.tally = tally
                frame.update()
        sync_perspectives(self.clusters, self.look.perspectives)
        self.overview.refresh_marks()

    def _changed_looks(self) -> Iterable[NoteItem]:
        look, seen = self.look, self._shown_look
        self._shown_look = dataclasses.replace(
            look,
            matches=set(look.matches),
            filtered_out=set(look.filtered_out),
            tallies=dict(look.tallies),
            voter_dots=dict(look.voter_dots),
            people=dict(look.people),
        )
        if seen is None or (seen.revealed, seen.color_by, seen.people) != (
            look.revealed,
            look.color_by,
            look.people,
        ):
            return list(self.notes.values())
        ids = (seen.matches ^ look.matches) | (seen.filtered_out ^ look.filtered_out)
        if seen.current_match != look.current_match:
            ids |= {i for i in (seen.current_match, look.current_match) if i is not None}
        for old, new in ((seen.tallies, look.tallies), (seen.voter_dots, look.voter_dots)):
            if old != new:
                ids |= {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
        return [self.notes[i] for i in ids if i in self.notes]

    # -- level of detail -------------------------------------------------------------------
    def set_detail(self, detail: bool) -> None:
        if detail == self.detail:
            return
        self.detail = detail
        collapsed = {cid for cid, item in self.clusters.items() if item.cluster.collapsed}
        for item in self.notes.values():  # ~3 ms for 10,000, only when crossing the threshold
            item.setVisible(detail and item.note.cluster_id not in collapsed)
        self.overview.setVisible(not detail)
        self.sig_detail_changed.emit(detail)

    # -- reading ---------------------------------------------------------------------------
    def selected_note_ids(self) -> list[int]:
        return sorted(item.note_id for item in self.selectedItems() if isinstance(item, NoteItem))

    def selected_cluster(self) -> ClusterItem | None:
        chosen = [item for item in self.selectedItems() if isinstance(item, ClusterItem)]
        return chosen[0] if chosen else None

    def note(self, note_id: int) -> Note:
        return self.notes[note_id].note

    def content_rect(self) -> QRectF:
        """Everything on the board (notes and cluster frames)."""
        box = self.overview.boundingRect() if self.notes else QRectF()
        for item in self.clusters.values():
            box = box.united(item.sceneBoundingRect()) if not box.isNull() else item.sceneBoundingRect()
        structure = self.structure_layer.outer_rect()
        if not structure.isNull():
            box = box.united(structure) if not box.isNull() else structure
        return box if not box.isNull() else QRectF(0, 0, 1600, 900)

    @property
    def structure(self) -> BoardStructure | None:
        return self.structure_layer.structure

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        self.structure_layer.paint(painter, QRectF(rect))

    def cluster_at(self, point_x: float, point_y: float) -> int | None:
        for cid, item in self.clusters.items():
            if item.sceneBoundingRect().contains(point_x, point_y) and not item.cluster.collapsed:
                return cid
        return None
