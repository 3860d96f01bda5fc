"""What the screen-reader test found, checked offscreen where it is quick: a note picked with
the keyboard (Find, Enter) takes a dot with V; Ctrl+Tab leaves a table for the next tab; the
countdown says its time; combo boxes have a label (Qt names them by their current item)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox

from sprintdesk.domain.voting import VoteRules
from sprintdesk.ui.run.countdown import CountdownFace, CountdownRing
from sprintdesk.ui.workshop.window import TAB_AGENDA, TAB_BOARDS, TAB_DETAILS


def test_find_and_enter_select_a_note_so_v_gives_it_a_dot(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "Ideas")
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    panel = window.boards
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id)
    ids, changes = desk.boards.add_notes(board_id, ["Faster checkout", "Trust badges"])
    desk.hub.publish(changes)
    desk.hub.publish(desk.voting.start(board_id, VoteRules(3, 0)))
    panel.votes.pick(1)  # Ben
    qtbot.keyClicks(panel.finder.search, "trust")
    qtbot.keyClick(panel.finder.search, Qt.Key.Key_Return)
    assert panel.scene.selected_note_ids() == [ids[1]], "Enter in Find selects the match"
    qtbot.keyClick(panel.view, Qt.Key.Key_V)
    votes = desk.voting.state(board_id).votes
    ben = next(p.id for p in desk.workshops.get(workshop_id).participants if p.name == "Ben Okafor")
    assert [(v.participant_id, v.note_id) for v in votes] == [(ben, ids[1])]


def test_ctrl_tab_leaves_the_participants_table(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A table keeps Ctrl+Tab for itself; the window's Next tab / Previous tab come first."""
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_DETAILS)
    window.activateWindow()
    table = window.details.people
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == TAB_AGENDA
    qtbot.keyClick(window.editor.tree, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == TAB_DETAILS


def test_the_countdown_says_its_time(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    ring = CountdownRing()
    qtbot.addWidget(ring)
    assert ring.accessibleName() == "Countdown: --:--"
    ring.set_face(CountdownFace(text="04:12", caption="remaining", progress=0.3))
    interface = QAccessible.queryAccessibleInterface(ring)
    assert interface.text(QAccessible.Text.Name) == "Countdown: 04:12 remaining"


def test_every_combo_box_of_the_workshop_window_has_a_label(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    qtbot.waitExposed(window)
    missing = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        for combo in window.findChildren(QComboBox):
            if not combo.isVisible() or combo.parentWidget() is window.details.people.viewport():
                continue  # a participant's role: its column is headed "Role"
            interface = QAccessible.queryAccessibleInterface(combo)
            relations = interface.relations(QAccessible.RelationFlag.Label)
            labels = [label.text(QAccessible.Text.Name) for label, _flag in relations]
            if not any(label.strip() for label in labels):
                missing.append(f"{window.tabs.tabText(index)}: {interface.text(QAccessible.Text.Name)!r}")
    assert missing == []
