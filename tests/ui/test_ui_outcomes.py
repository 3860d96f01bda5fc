"""The Outcomes tab, outcomes made from the board, follow-ups and the series view, driven
with the keyboard and the mouse like a facilitator would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from sprintdesk import samples
from sprintdesk.domain.outcomes import OutcomeKind, Status
from sprintdesk.ui.workshop.window import TAB_BOARDS, TAB_OUTCOMES


@pytest.fixture
def window(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_OUTCOMES)
    return window


def _actions(desk, workshop_id):  # type: ignore[no-untyped-def]
    return desk.outcomes.outcomes_of(workshop_id).actions


def test_typing_an_action_item_with_owner_and_due_date(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.outcome_tab.panel
    assert window.tabs.currentWidget() is panel and not panel.carried_box.isVisible()
    window.activateWindow()
    panel.action_entry.setFocus()
    qtbot.waitUntil(panel.action_entry.hasFocus)
    qtbot.keyClicks(panel.action_entry, "Recruit five customers")
    panel.owner.setCurrentIndex(panel.owner.findText("Ben Okafor"))
    qtbot.keyClicks(panel.due, "+3")
    qtbot.keyClick(panel.action_entry, Qt.Key.Key_Return)
    (item,) = _actions(desk, workshop_id)
    ben = next(p.id for p in desk.workshops.get(workshop_id).participants if p.name == "Ben Okafor")
    assert (item.text, item.owner_id, item.due_date) == ("Recruit five customers", ben, dt.date(2026, 12, 10))
    assert panel.action_entry.text() == "" and panel.action_entry.hasFocus(), "ready for the next one"
    assert panel.actions_list.topLevelItemCount() == 1
    assert panel.actions_list.topLevelItem(0).text(1) == "Ben Okafor"
    # a bad due date is said, nothing is stored, the text stays
    qtbot.keyClicks(panel.action_entry, "Write the script")
    qtbot.keyClicks(panel.due, "next week")
    qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert "not a due date" in panel.status.text() and len(_actions(desk, workshop_id)) == 1
    assert panel.action_entry.text() == "Write the script"
    window.undo_action.trigger()
    assert _actions(desk, workshop_id) == ()
    window.redo_action.trigger()
    assert [a.id for a in _actions(desk, workshop_id)] == [item.id]


def test_decisions_by_keyboard_space_ticks_delete_removes_undo(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.outcome_tab.panel
    panel.decided_by.setCurrentText("the Decider")
    qtbot.keyClicks(panel.decision_entry, "Go with the one-page checkout")
    qtbot.keyClick(panel.decision_entry, Qt.Key.Key_Return)
    decision = desk.outcomes.outcomes_of(workshop_id).decisions[0]
    assert decision.decided_by == "the Decider"
    for text in ("First", "Second"):
        desk.hub.publish(desk.outcomes.add_action(workshop_id, text)[1])
    listing = panel.actions_list
    listing.setFocus()
    listing.setCurrentItem(listing.topLevelItem(0))
    qtbot.keyClick(listing, Qt.Key.Key_Space)
    first = _actions(desk, workshop_id)[0]
    assert first.status is Status.DONE and first.closed_in_id == workshop_id
    assert listing.topLevelItem(0).checkState(0) == Qt.CheckState.Checked
    assert listing.topLevelItem(0).font(0).strikeOut()
    listing.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)  # the checkbox, by mouse
    assert _actions(desk, workshop_id)[0].status is Status.OPEN
    listing.setCurrentItem(listing.topLevelItem(1))
    qtbot.keyClick(listing, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [a.text for a in _actions(desk, workshop_id)] == ["Second", "First"]
    listing.setCurrentItem(listing.topLevelItem(0))
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert [a.text for a in _actions(desk, workshop_id)] == ["First"]
    assert "Ctrl+Z puts it back" in panel.status.text()
    window.undo_action.trigger()
    assert [a.text for a in _actions(desk, workshop_id)] == ["Second", "First"]


def test_edit_in_a_form_shows_refusals_inline(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.outcome_tab.panel
    desk.hub.publish(desk.outcomes.add_action(workshop_id, "Draft", due_date=dt.date(2026, 12, 1))[1])
    item = panel.actions_list.topLevelItem(0)
    assert "overdue" in item.text(2), "due 1 Dec, the clock says 7 Dec"
    panel.actions_list.setFocus()
    panel.actions_list.setCurrentItem(item)
    qtbot.keyClick(panel.actions_list, Qt.Key.Key_F2)
    form = panel.form
    assert form is not None and form.isVisible()
    form.text.setText("   ")
    form.accept()
    assert form.isVisible() and "needs some text" in form.error.text()
    form.text.setText("Draft the interview script")
    form.owner.setCurrentIndex(form.owner.findText("Dana Ruiz"))
    form.due.setText("2026-12-20")
    form.status.setCurrentIndex(form.status.findData(Status.DROPPED))
    form.accept()
    qtbot.waitUntil(lambda: panel.form is None)
    (edited,) = _actions(desk, workshop_id)
    assert edited.text == "Draft the interview script" and edited.status is Status.DROPPED
    assert edited.due_date == dt.date(2026, 12, 20) and edited.closed_in_id == workshop_id
    assert "overdue" not in panel.actions_list.topLevelItem(0).text(2)
    window.undo_action.trigger()
    assert _actions(desk, workshop_id)[0].text == "Draft"


def test_make_an_action_item_from_a_board_note(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "How might we")
    (note_id,), more = desk.boards.add_notes(board_id, ["HMW show delivery dates early?"])
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    desk.hub.publish(more)
    boards = window.boards
    qtbot.waitUntil(lambda: note_id in boards.scene.notes)
    menu_maker = window.outcome_tab.board_menu
    item = boards.scene.notes[note_id]
    pos = boards.view.mapFromScene(item.sceneBoundingRect().center())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, boards.view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(boards.view.viewport(), event)
    menu = menu_maker.menu
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert texts[:2] == ["Make decision…", "Make action item…"]
    assert any("shared screen" in text for text in texts[2:])  # then what the room looks at
    assert item.isSelected()
    menu.close()
    menu.actions()[1].trigger()
    form = window.outcome_tab.panel.form
    assert form is not None and form.text.text() == "HMW show delivery dates early?"
    form.text.setText("Show delivery dates on the product page")
    form.owner.setCurrentIndex(form.owner.findText("Ana Costa"))
    form.accept()
    (made,) = _actions(desk, workshop_id)
    assert made.source_note_id == note_id and made.source_text == "HMW show delivery dates early?"
    assert made.text == "Show delivery dates on the product page"
    window.tabs.setCurrentIndex(TAB_OUTCOMES)
    row = window.outcome_tab.panel.actions_list.topLevelItem(0)
    assert row.text(4) == "“HMW show delivery dates early?”"


def test_shortcut_makes_a_decision_from_a_cluster(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "Ideas")
    ids, _ = desk.boards.add_notes(board_id, ["Apple Pay", "Guest checkout"])
    cluster_id, grouped = desk.boards.group(board_id, ids, "Faster payment")
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    desk.hub.publish(grouped)
    boards = window.boards
    qtbot.waitUntil(lambda: cluster_id in boards.scene.clusters)
    menu_maker = window.outcome_tab.board_menu
    menu_maker.actions[OutcomeKind.DECISION].trigger()  # nothing selected
    assert "Select one note or one cluster" in boards.status.text()
    boards.scene.clearSelection()
    boards.scene.clusters[cluster_id].setSelected(True)
    boards.view.setFocus()
    window.activateWindow()
    qtbot.waitUntil(boards.view.hasFocus)
    qtbot.keyClick(
        boards.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    form = window.outcome_tab.panel.form
    assert form is not None and form.text.text() == "Faster payment"
    form.decided_by.setCurrentText("Dana")
    form.accept()
    (decision,) = desk.outcomes.outcomes_of(workshop_id).decisions
    assert (decision.source_cluster_id, decision.decided_by) == (cluster_id, "Dana")


def test_follow_up_shows_open_from_last_time_and_closes_for_the_series(
    desk, window, workshop_id, qtbot
) -> None:  # type: ignore[no-untyped-def]
    ben = next(p.id for p in desk.workshops.get(workshop_id).participants if p.name == "Ben Okafor")
    carried_id, _ = desk.outcomes.add_action(workshop_id, "Recruit customers", ben, dt.date(2026, 12, 1))
    done_id, _ = desk.outcomes.add_action(workshop_id, "Book the lab")
    desk.outcomes.set_status(done_id, Status.DONE, workshop_id)
    window.outcome_tab.new_follow_up()
    follow_id = desk.series.follower(workshop_id)
    assert follow_id is not None and follow_id in desk.windows
    follow = desk.windows[follow_id]
    qtbot.waitExposed(follow)
    assert follow.tabs.currentIndex() == TAB_OUTCOMES, "a follow-up opens with what is open"
    panel = follow.outcome_tab.panel
    assert panel.carried_box.isVisible() and panel.carried.topLevelItemCount() == 1
    row = panel.carried.topLevelItem(0)
    assert row.text(0) == "Recruit customers" and row.text(1) == "Ben Okafor" and "overdue" in row.text(2)
    assert row.text(3).startswith(samples.TITLE)
    assert panel.follows.text() == f"← Follows “{samples.TITLE}”"
    assert not window.outcome_tab.panel.follow_up_button.isEnabled(), "one follow-up per workshop"
    panel.carried.setFocus()
    panel.carried.setCurrentItem(row)
    qtbot.keyClick(panel.carried, Qt.Key.Key_Space)
    closed = desk.outcomes.get(carried_id)
    assert closed.status is Status.DONE and closed.closed_in_id == follow_id
    assert "closed for the whole series" in panel.status.text()
    assert panel.carried.topLevelItem(0).text(3).startswith("Done here")
    original = window.outcome_tab.panel.actions_list.topLevelItem(0)
    assert original.checkState(0) == Qt.CheckState.Checked, "the first workshop's window follows"
    follow.undo_action.trigger()
    assert desk.outcomes.get(carried_id).status is Status.OPEN


def test_series_view_lists_the_workshops_in_order(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    desk.outcomes.add_decision(workshop_id, "Prototype B", "Dana")
    item, _ = desk.outcomes.add_action(workshop_id, "Recruit")
    second, _ = desk.series.create_follow_up(workshop_id, start_date=dt.date(2026, 12, 14))
    desk.outcomes.set_status(item, Status.DONE, second)
    window.outcome_tab.show_series()
    view = window.outcome_tab.view
    assert view is not None and view.isVisible()
    tree = view.tree
    assert tree.topLevelItemCount() == 2
    first, follow = tree.topLevelItem(0), tree.topLevelItem(1)
    assert first.text(0) == f"{samples.TITLE}  (this workshop)" and first.text(2) == "Mon 7 Dec 2026"
    assert follow.text(0) == f"{samples.TITLE} — follow-up" and follow.text(2) == "Mon 14 Dec 2026"
    children = [first.child(i).text(0) for i in range(first.childCount())]
    assert children == ["◆ Prototype B", "☑ Recruit"]
    assert first.child(1).text(3) == f"Done in “{samples.TITLE} — follow-up”"
    assert follow.child(0).text(0) == "No decisions or action items yet"
    opened: list[int] = []
    view.sig_open_workshop.connect(opened.append)
    tree.setCurrentItem(follow)
    view.open_button.click()
    assert opened == [second]
    desk.hub.publish(desk.outcomes.add_action(second, "Share results")[1])
    assert tree.topLevelItem(1).child(0).text(0) == "☐ Share results"
    view.close()


def test_library_new_follow_up_and_series(desk, workshop_id, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    library = desk.library
    qtbot.addWidget(library)
    library.show()
    library.refresh()
    library.select(workshop_id)
    actions = library.series.actions
    assert actions["follow_up"].isEnabled() and actions["series"].isEnabled()
    actions["follow_up"].trigger()
    follow_id = desk.series.follower(workshop_id)
    assert follow_id is not None and follow_id in desk.windows and library.selected_id() == follow_id
    titles = [library.table.item(r, 0).text() for r in range(library.table.rowCount())]
    assert f"{samples.TITLE} — follow-up" in titles
    library.select(workshop_id)
    actions["series"].trigger()
    view = library.series.view
    assert view is not None and view.tree.topLevelItemCount() == 2
    view.close()
    library.select(workshop_id)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: said.append(text))
    actions["follow_up"].trigger()  # a second follow-up of the same workshop: said, not made
    assert len(desk.workshops.list()) == 2
    assert said and "already has a follow-up" in said[0]


def test_deleting_a_workshop_keeps_the_series(desk, workshop_id, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    second, _ = desk.series.create_follow_up(workshop_id)
    third, _ = desk.series.create_follow_up(second)
    kept, _ = desk.outcomes.add_action(second, "Still open")
    window = desk.open_workshop(third)
    qtbot.waitExposed(window)
    library = desk.library
    library.refresh()
    library.select(second)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    library.delete()
    assert desk.series.follows(third) == workshop_id
    panel = window.outcome_tab.panel
    assert [
        panel.actions_list.topLevelItem(i).text(0) for i in range(panel.actions_list.topLevelItemCount())
    ] == ["Still open"]
    assert panel.follows.text() == f"← Follows “{samples.TITLE}”"
    assert desk.outcomes.get(kept).workshop_id == third


def test_editing_a_carried_item_offers_its_own_workshops_people(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    item, _ = desk.outcomes.add_action(workshop_id, "Recruit")
    follow_id, changes = desk.series.create_follow_up(workshop_id)
    desk.hub.publish(changes)
    follow = desk.open_workshop(follow_id)
    qtbot.waitExposed(follow)
    panel = follow.outcome_tab.panel
    panel.carried.setFocus()
    panel.carried.setCurrentItem(panel.carried.topLevelItem(0))
    qtbot.keyClick(panel.carried, Qt.Key.Key_Return)
    form = panel.form
    assert form is not None
    form.owner.setCurrentIndex(form.owner.findText("Dana Ruiz"))
    form.accept()
    dana = next(p.id for p in desk.workshops.get(workshop_id).participants if p.name == "Dana Ruiz")
    assert desk.outcomes.get(item).owner_id == dana, "the owner is a participant of the item's workshop"
    assert panel.carried.topLevelItem(0).text(1) == "Dana Ruiz"


def test_undoing_a_note_delete_gives_its_decision_the_link_back(desk, window, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.domain.outcomes import Outcome, OutcomeKind

    board_id, changes = desk.boards.create(workshop_id, "Ideas")
    (note_id,), more = desk.boards.add_notes(board_id, ["Ship the beta"])
    decision_id, _ = desk.outcomes.from_note(Outcome(OutcomeKind.DECISION, "Ship it", workshop_id), note_id)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    desk.hub.publish(more)
    boards = window.boards
    qtbot.waitUntil(lambda: note_id in boards.scene.notes)
    boards.scene.notes[note_id].setSelected(True)
    boards.board_actions.delete_selected()
    assert desk.outcomes.get(decision_id).source_note_id is None  # the note is gone
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: note_id in boards.scene.notes)
    back = desk.outcomes.get(decision_id)
    assert (back.source_note_id, back.source_text) == (note_id, "Ship the beta")
