"""What one change costs the scene on a big board: a drag repaints and refits only what it
touched (the rest of 10,000 notes is not walked), and the frames, visibility and bounds are
still right afterwards."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QRectF

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, Board, BoardContent, Cluster, Note
from sprintdesk.domain.voting import Tally
from sprintdesk.ui.board.cluster_item import ClusterItem
from sprintdesk.ui.board.note_item import NoteItem
from sprintdesk.ui.board.scene import BoardScene


def _board(loose: int = 200) -> BoardContent:
    """Two clusters of three notes (ids 1-6) and ``loose`` notes in a grid (ids 7...)."""
    clusters = (Cluster(title="A", x=0, y=-400, id=1), Cluster(title="B", x=700, y=-400, id=2))
    notes = [Note(f"A{i}", x=24 + i * 176, y=-336, cluster_id=1, id=i + 1) for i in range(3)]
    notes += [Note(f"B{i}", x=724 + i * 176, y=-336, cluster_id=2, id=i + 4) for i in range(3)]
    notes += [Note(f"n{i}", x=(i % 20) * 176, y=(i // 20) * 136, id=i + 7) for i in range(loose)]
    return BoardContent(board=Board("Wall", 1, id=1), notes=tuple(notes), clusters=clusters)


@pytest.fixture
def scene(qapp) -> BoardScene:  # type: ignore[no-untyped-def]
    scene = BoardScene()
    scene.apply(_board())
    return scene


def _count(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def test_a_look_refresh_repaints_only_the_notes_whose_marks_changed(
    scene: BoardScene, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene.refresh_looks()  # the first time: everything
    updated = _count(monkeypatch, NoteItem, "update")
    scene.refresh_looks()  # what a drag's reload does: nothing changed, nothing repainted
    assert updated == []
    scene.look.tallies = {9: Tally(dots=2)}
    scene.look.revealed = True
    scene.refresh_looks()  # revealing repaints every note (they all may show a tally)
    assert len(updated) == len(scene.notes)
    updated.clear()
    scene.look.tallies = {9: Tally(dots=3), 10: Tally(dots=1)}
    scene.look.matches = {12}
    scene.refresh_looks()
    assert sorted(item.note_id for item in updated) == [9, 10, 12]  # type: ignore[attr-defined]
    updated.clear()
    scene.refresh_looks([20])  # asked for by id: those
    assert [item.note_id for item in updated] == [20]  # type: ignore[attr-defined]


def test_moving_a_loose_note_refits_no_cluster_and_moving_a_member_refits_its_own(
    scene: BoardScene, monkeypatch: pytest.MonkeyPatch
) -> None:
    fits = _count(monkeypatch, ClusterItem, "fit")
    loose = scene.note(50)
    scene.apply_changed([dataclasses.replace(loose, x=loose.x + 40)], [], scene.content.clusters)  # type: ignore[union-attr]
    assert fits == []
    member = scene.note(2)
    scene.apply_changed([dataclasses.replace(member, y=member.y + 300)], [], scene.content.clusters)  # type: ignore[union-attr]
    assert [frame.cluster_id for frame in fits] == [1]  # type: ignore[attr-defined]
    frame = scene.clusters[1].sceneBoundingRect()
    assert frame.contains(QRectF(member.x, member.y + 300, NOTE_WIDTH, NOTE_HEIGHT))


def test_a_note_changing_cluster_or_a_cluster_folding_is_followed(scene: BoardScene) -> None:
    content = scene.content
    assert content is not None
    moved = dataclasses.replace(scene.note(3), cluster_id=2, x=724 + 3 * 176)
    scene.apply_changed([moved], [], content.clusters)
    assert scene.clusters[1].count == 2 and scene.clusters[2].count == 4
    assert scene.clusters[2].sceneBoundingRect().contains(QRectF(moved.x, moved.y, NOTE_WIDTH, NOTE_HEIGHT))
    folded = (content.clusters[0], dataclasses.replace(content.clusters[1], collapsed=True))
    scene.apply_changed([], [], folded)
    assert not any(scene.notes[i].isVisible() for i in (3, 4, 5, 6))
    assert all(scene.notes[i].isVisible() for i in (1, 2, 7))
    scene.apply_changed([], [4], content.clusters)  # unfolded, one member deleted
    assert all(scene.notes[i].isVisible() for i in (3, 5, 6)) and scene.clusters[2].count == 3


def test_the_overview_bounds_follow_notes_moved_across_or_off_the_edge(scene: BoardScene) -> None:
    def expected() -> QRectF:
        xs = [item.note.x for item in scene.notes.values()]
        ys = [item.note.y for item in scene.notes.values()]
        return QRectF(min(xs), min(ys), max(xs) + NOTE_WIDTH - min(xs), max(ys) + NOTE_HEIGHT - min(ys))

    content = scene.content
    assert content is not None
    corner = scene.note(7 + 199)  # the last loose note: on the bottom edge
    scene.apply_changed([dataclasses.replace(corner, x=5000, y=9000)], [], content.clusters)
    assert scene.overview.boundingRect() == expected().adjusted(-4, -4, 4, 4)
    scene.apply_changed([dataclasses.replace(corner, x=100, y=100)], [], content.clusters)  # back in
    assert scene.overview.boundingRect() == expected().adjusted(-4, -4, 4, 4)
    inner = scene.note(7 + 45)
    scene.apply_changed([dataclasses.replace(inner, x=inner.x + 30)], [], content.clusters)
    assert scene.overview.boundingRect() == expected().adjusted(-4, -4, 4, 4)
    scene.apply_changed([], [1, 2, 3, 4, 5, 6], ())  # the top row gone: the bounds shrink
    assert scene.overview.boundingRect() == expected().adjusted(-4, -4, 4, 4)
