"""Perspectives on the board: the toggle shows a card per cluster and the table; moving a note,
revealing the vote or changing a role updates them; the shared screen gets no hidden dots."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.perspectives import Verdict, VoteStatus
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import Role
from sprintdesk.ui.board.perspective_item import PerspectiveItem
from sprintdesk.ui.board.perspective_panel import SHORTCUT
from sprintdesk.ui.workshop.window import TAB_BOARDS, TAB_DETAILS


@pytest.fixture
def board(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    """Ana (PM) wrote three notes in "Pricing", Ben (UX) one; a loose note of Ben's; a vote
    with Ana's dot on Ben's loose note and Dana's on a Pricing note, not revealed yet."""
    people = {p.name.split()[0]: p.id for p in desk.workshops.get(workshop_id).participants}
    board_id, _ = desk.boards.create(workshop_id, "How might we")
    ana, _ = desk.boards.add_notes(board_id, ["Plans", "Trial", "Discounts"], author_id=people["Ana"])
    ben, _ = desk.boards.add_notes(board_id, ["Onboarding", "Tour"], author_id=people["Ben"])
    cluster_id, _ = desk.boards.group(board_id, [*ana, ben[0]], "Pricing")
    desk.voting.start(board_id, VoteRules())
    desk.voting.cast(board_id, people["Ana"], ben[1])
    desk.voting.cast(board_id, people["Dana"], ana[0])
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    panel = window.boards
    panel.menu.refresh(select=board_id)
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id and cluster_id in panel.scene.clusters)
    return window, panel, board_id, cluster_id, ben[1]


def _card(panel, cluster_id):  # type: ignore[no-untyped-def]
    found = [c for c in panel.scene.clusters[cluster_id].childItems() if isinstance(c, PerspectiveItem)]
    return found[0] if found else None


def test_the_toggle_shows_a_card_per_cluster_and_the_table(board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, _board_id, cluster_id, _loose = board
    control = panel.perspectives
    assert not control.on and _card(panel, cluster_id) is None and not control.panel.isVisible()
    assert control.action.shortcut() == QKeySequence(SHORTCUT)
    control.action.trigger()
    assert control.on and control.panel.isVisible()
    card = _card(panel, cluster_id)
    assert card is not None and card.isVisible()
    assert "Notes: PM 3 · UX 1" in card.toolTip() and "hidden until revealed" in card.toolTip()
    assert card.sceneBoundingRect().top() > panel.scene.clusters[cluster_id].sceneBoundingRect().center().y()
    table = control.panel
    assert table.cell("Pricing", "Notes") == "4: PM 3 · UX 1"
    assert table.cell("Pricing", "Votes") == "hidden", "hidden dots must not leak"
    assert table.cell("Pricing", "Verdict") == "One-sided: 75 % PM"
    assert table.cell("Not in a cluster", "Notes") == "1: UX 1"
    assert table.cell("Whole board", "Notes") == "5: PM 3 · UX 2"
    assert control.data is not None and control.data.vote_status is VoteStatus.HIDDEN
    control.action.trigger()
    assert _card(panel, cluster_id) is None and not control.panel.isVisible()
    assert panel.scene.look.perspectives is None


def test_the_shortcut_toggles_perspectives(board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, _board_id, cluster_id, _loose = board
    window.activateWindow()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    qtbot.keyClick(
        panel.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert panel.perspectives.on and _card(panel, cluster_id) is not None


def test_moving_a_note_into_a_cluster_updates_the_numbers(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id, cluster_id, loose = board
    panel.perspectives.action.trigger()
    frame = panel.scene.clusters[cluster_id].sceneBoundingRect()
    item = panel.scene.notes[loose]
    x0, y0 = item.pos().x(), item.pos().y()
    x1, y1 = frame.center().x() - NOTE_WIDTH / 2, frame.center().y() - NOTE_HEIGHT / 2
    panel.board_actions.moved([(loose, x0, y0, x1, y1)], None, "")  # what a drop does
    assert desk.boards.load(board_id).notes_in(cluster_id)[-1].id == loose
    qtbot.waitUntil(lambda: panel.perspectives.panel.cell("Pricing", "Notes") == "5: PM 3 · UX 2")
    assert panel.perspectives.panel.cell("Pricing", "Verdict") == "Shared: PM, UX"
    assert "Notes: PM 3 · UX 2" in _card(panel, cluster_id).toolTip()
    with pytest.raises(KeyError):
        panel.perspectives.panel.cell("Not in a cluster", "Notes")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: panel.perspectives.panel.cell("Pricing", "Notes") == "4: PM 3 · UX 1")


def test_revealing_the_vote_brings_the_dots_in(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id, cluster_id, _loose = board
    panel.perspectives.action.trigger()
    desk.hub.publish(desk.voting.reveal(board_id))
    table = panel.perspectives.panel
    qtbot.waitUntil(lambda: table.cell("Pricing", "Votes") == "1: Decider 1")
    assert table.cell("Not in a cluster", "Votes") == "1: PM 1"
    assert table.cell("Whole board", "Votes") == "2: PM 1 · Decider 1"
    assert "Votes: Decider 1" in _card(panel, cluster_id).toolTip()


def test_a_role_changed_in_details_changes_the_verdict(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, _board_id, _cluster_id, _loose = board
    panel.perspectives.action.trigger()
    stored = desk.workshops.get(workshop_id)
    people = tuple(
        dataclasses.replace(p, role=Role.PM) if p.name == "Ben Okafor" else p for p in stored.participants
    )
    window.tabs.setCurrentIndex(TAB_DETAILS)
    desk.hub.publish(desk.workshops.update_details(dataclasses.replace(stored, participants=people)))
    window.tabs.setCurrentIndex(TAB_BOARDS)
    table = panel.perspectives.panel
    qtbot.waitUntil(lambda: table.cell("Pricing", "Notes") == "4: PM 4")
    assert table.cell("Pricing", "Verdict") == "One-sided: 100 % PM"
    data = panel.perspectives.data
    assert data is not None and data.clusters[0].assessment.verdict is Verdict.ONE_SIDED


def test_the_shared_screen_shows_the_cards_without_hidden_dots(board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, _board_id, cluster_id, _loose = board
    panel.menu.share.click()
    presenter = window.run_panel.presenter
    panel.perspectives.action.trigger()
    look = presenter.board_scene.look
    qtbot.waitUntil(lambda: look.perspectives is not None)
    assert look.perspectives is not None
    assert all(row.votes.total == 0 for row in look.perspectives.rows())
    shared_cluster = presenter.board_scene.clusters[cluster_id]
    assert any(isinstance(c, PerspectiveItem) for c in shared_cluster.childItems())
    panel.perspectives.action.trigger()
    qtbot.waitUntil(lambda: look.perspectives is None)
    assert not any(isinstance(c, PerspectiveItem) for c in shared_cluster.childItems())


def test_activating_a_row_selects_its_cluster_on_the_board(board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, _board_id, cluster_id, _loose = board
    panel.perspectives.action.trigger()
    table = panel.perspectives.panel.table
    panel.scene.clearSelection()
    table.activated.emit(table.model().index(0, 1))
    assert panel.scene.selected_cluster() is panel.scene.clusters[cluster_id]


def test_a_changed_author_changes_the_numbers(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id, _cluster_id, loose = board
    panel.perspectives.action.trigger()
    note = next(n for n in desk.boards.load(board_id).notes if n.id == loose)
    desk.hub.publish(desk.boards.update_notes(board_id, [dataclasses.replace(note, author_id=None)]))
    table = panel.perspectives.panel
    qtbot.waitUntil(lambda: table.cell("Not in a cluster", "Notes") == "1: No author 1")
    assert table.cell("Whole board", "Notes") == "5: PM 3 · UX 1 · No author 1"


def test_a_narrow_segment_still_names_its_role(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Colour is never the only cue: where "Decider 1" does not fit, "D1" does."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetricsF

    from sprintdesk.domain.perspectives import RoleCounts
    from sprintdesk.domain.workshop import Role
    from sprintdesk.ui.board.perspective_item import segments

    metrics = QFontMetricsF(QFont())
    counts = RoleCounts(((Role.ENGINEERING, 9), (Role.DECIDER, 1)))
    wide, narrow = segments(counts, QRectF(0, 0, 10 * (metrics.horizontalAdvance("D1") + 8), 16), metrics)
    assert wide.label in ("Engineering 9", "Eng 9")
    assert narrow.label == "D1"
