"""The board scene on its own, without the app around it: it mirrors the sample workshop's
board (notes, cluster frames around their members, the structure behind them), follows
partial changes without rebuilding, reports the selection and the cluster under a point, and
hides the notes behind one overview item when they are too small to read."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPointF, QRectF

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, BoardContent, Note
from sprintdesk.domain.board_structure_presets import preset
from sprintdesk.samples import Sample
from sprintdesk.services.bundle import Services
from sprintdesk.ui.board.cluster_item import ClusterItem
from sprintdesk.ui.board.look import BoardLook
from sprintdesk.ui.board.scene import MARGIN, BoardScene


@pytest.fixture
def scene(qapp) -> BoardScene:  # type: ignore[no-untyped-def]
    return BoardScene()


@pytest.fixture
def content(services: Services, sample: Sample) -> BoardContent:
    return services.boards.load(sample.board.board_id)


def _members(content: BoardContent, cluster_id: int) -> list[Note]:
    return [n for n in content.notes if n.cluster_id == cluster_id]


def _paper(note: Note) -> QRectF:
    """Where a note's paper is on the board (its item's bounds add a shadow)."""
    return QRectF(note.x, note.y, NOTE_WIDTH, NOTE_HEIGHT)


def _frames_hold_their_notes(scene: BoardScene, content: BoardContent) -> None:
    for cluster_id, frame in scene.clusters.items():
        members = _members(content, cluster_id)
        assert frame.count == len(members)
        for note in members:
            assert frame.sceneBoundingRect().contains(scene.notes[note.id or 0].sceneBoundingRect())


def test_the_scene_mirrors_the_sample_board(scene: BoardScene, content: BoardContent) -> None:
    scene.apply(content)
    assert scene.content is content
    assert set(scene.notes) == {n.id for n in content.notes} and len(scene.notes) == 9
    assert set(scene.clusters) == {c.id for c in content.clusters} and len(scene.clusters) == 3
    for note in content.notes:
        item = scene.notes[note.id or 0]
        assert item.note == note == scene.note(note.id or 0)
        assert (item.pos().x(), item.pos().y()) == (note.x, note.y)
        assert item.isVisible() and item.scene() is scene
    _frames_hold_their_notes(scene, content)
    everything = scene.content_rect()
    assert all(everything.contains(_paper(note)) for note in content.notes)
    assert all(everything.contains(frame.sceneBoundingRect()) for frame in scene.clusters.values())
    assert scene.sceneRect() == everything.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    assert not scene.overview.isVisible()


def test_partial_changes_move_add_and_remove_items_without_a_rebuild(
    scene: BoardScene, content: BoardContent, services: Services, sample: Sample
) -> None:
    board_id = sample.board.board_id
    scene.apply(content)
    before = dict(scene.notes)
    speed = sample.board.clusters["Speed"]
    moved_id = _members(content, speed)[0].id or 0
    moved = scene.note(moved_id)
    services.boards.move_notes(board_id, [(moved_id, moved.x + 600.0, moved.y + 400.0)])
    gone_id = sample.board.notes["HMW make errors helpful instead of scary?"]
    services.boards.delete_notes(board_id, [gone_id])
    (new_id,), _ = services.boards.add_notes(board_id, ["HMW show the total before the last step?"])
    notes, clusters = services.boards.load_changed(board_id, [moved_id, gone_id, new_id])
    scene.apply_changed(notes, [gone_id], clusters)
    assert scene.notes[moved_id] is before[moved_id]  # the same item, moved
    assert (scene.notes[moved_id].pos().x(), scene.notes[moved_id].pos().y()) == (
        moved.x + 600.0,
        moved.y + 400.0,
    )
    assert gone_id not in scene.notes and before[gone_id].scene() is None
    assert scene.notes[new_id].note.text == "HMW show the total before the last step?"
    untouched = set(before) - {moved_id, gone_id}
    assert all(scene.notes[i] is before[i] for i in untouched)
    stored = services.boards.load(board_id)
    assert scene.content is not None
    assert sorted(n.id or 0 for n in scene.content.notes) == sorted(n.id or 0 for n in stored.notes)
    _frames_hold_their_notes(scene, stored)  # the Speed frame grew to its moved note


def test_show_refreshes_the_changed_notes_or_the_whole_other_board(
    scene: BoardScene, content: BoardContent, services: Services, sample: Sample
) -> None:
    scene.show(content)
    first_items = dict(scene.notes)
    note = content.notes[0]
    edited = dataclasses.replace(
        content, notes=(dataclasses.replace(note, text="Edited"), *content.notes[1:])
    )
    scene.show(edited, changed=frozenset({note.id or 0}))
    assert scene.notes[note.id or 0] is first_items[note.id or 0]
    assert scene.note(note.id or 0).text == "Edited"
    other_id, _ = services.boards.create(sample.workshop_id, "Retro")
    services.boards.add_notes(other_id, ["Start", "Stop"])
    other = services.boards.load(other_id)
    scene.show(other, changed=frozenset())  # another board: mirrored whole, whatever changed says
    assert set(scene.notes) == {n.id for n in other.notes} and scene.clusters == {}
    assert all(item.scene() is None for item in first_items.values())


def test_selection_and_the_cluster_under_a_point(
    scene: BoardScene, content: BoardContent, services: Services, sample: Sample
) -> None:
    scene.apply(content)
    board = sample.board
    picked = sorted(
        [board.notes["HMW explain fees up front?"], board.notes["HMW make checkout feel instant?"]]
    )
    for note_id in reversed(picked):
        scene.notes[note_id].setSelected(True)
    assert scene.selected_note_ids() == picked and scene.selected_cluster() is None
    trust = scene.clusters[board.clusters["Trust"]]
    assert isinstance(trust, ClusterItem)
    trust.setSelected(True)
    assert scene.selected_cluster() is trust
    centre = trust.sceneBoundingRect().center()
    assert scene.cluster_at(centre.x(), centre.y()) == board.clusters["Trust"]
    loose = scene.notes[board.notes["HMW help people on slow connections?"]].sceneBoundingRect().center()
    assert scene.cluster_at(loose.x(), loose.y()) is None
    far = scene.content_rect().bottomRight() + QPointF(500, 500)
    assert scene.cluster_at(far.x(), far.y()) is None
    # A collapsed cluster hides its notes and takes no drops.
    cluster = next(c for c in content.clusters if c.id == board.clusters["Trust"])
    services.boards.update_cluster(board.board_id, dataclasses.replace(cluster, collapsed=True))
    collapsed = services.boards.load(board.board_id)
    scene.apply(collapsed)
    folded = trust.sceneBoundingRect().center()
    assert scene.cluster_at(folded.x(), folded.y()) is None
    members = _members(collapsed, cluster.id or 0)
    assert members and not any(scene.notes[n.id or 0].isVisible() for n in members)
    assert (
        trust.sceneBoundingRect().width() < 3 * NOTE_WIDTH
        and trust.sceneBoundingRect().height() < NOTE_HEIGHT
    )


def test_notes_too_small_to_read_give_way_to_the_overview(
    scene: BoardScene, content: BoardContent, services: Services, sample: Sample
) -> None:
    scene.apply(content)
    seen: list[bool] = []
    scene.sig_detail_changed.connect(seen.append)
    scene.set_detail(False)
    scene.set_detail(False)  # no change, no signal
    assert seen == [False]
    assert scene.overview.isVisible() and not any(item.isVisible() for item in scene.notes.values())
    (new_id,), _ = services.boards.add_notes(sample.board.board_id, ["Added while zoomed out"])
    scene.apply(services.boards.load(sample.board.board_id))
    assert not scene.notes[new_id].isVisible()  # a new note follows the level of detail
    assert scene.overview.boundingRect().contains(_paper(scene.note(new_id)))  # the overview draws it
    scene.set_detail(True)
    assert seen == [False, True]
    assert not scene.overview.isVisible() and all(item.isVisible() for item in scene.notes.values())


def test_the_look_brings_the_revealed_cluster_totals(
    scene: BoardScene, content: BoardContent, services: Services, sample: Sample
) -> None:
    state = services.voting.state(sample.board.board_id)
    hidden = BoardLook(tallies=state.note_tallies, cluster_tallies=state.cluster_tallies, revealed=False)
    scene.show(content, hidden)
    assert all(item.tally is None for item in scene.clusters.values())
    scene.show(content, dataclasses.replace(hidden, revealed=True))
    speed = scene.clusters[sample.board.clusters["Speed"]]
    assert speed.tally == state.cluster_tallies[sample.board.clusters["Speed"]]
    assert scene.look.revealed and scene.notes[next(iter(scene.notes))].look is scene.look


def test_a_structure_is_drawn_behind_the_notes(scene: BoardScene, services: Services, sample: Sample) -> None:
    board_id = sample.board.board_id
    chosen = preset("start-stop-continue")
    services.boards.structures.apply(board_id, chosen.kind, chosen.titles)
    content = services.boards.load(board_id)
    scene.apply(content)
    assert scene.structure == content.board.structure is not None
    assert scene.content_rect().contains(scene.structure_layer.outer_rect())
    services.boards.structures.set_structure(board_id, None)
    scene.apply(services.boards.load(board_id))
    assert scene.structure is None and scene.structure_layer.outer_rect().isNull()
