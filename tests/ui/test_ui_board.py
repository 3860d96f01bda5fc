"""Boards driven by mouse and keyboard: write, edit, move, group, vote, reveal, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sprintdesk.domain.board import Note, NoteColor
from sprintdesk.domain.voting import VoteRules
from sprintdesk.ui.workshop.window import TAB_BOARDS


@pytest.fixture
def board(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "How might we")
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    panel = window.boards
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id)
    return window, panel, board_id


def _stored(desk, board_id):  # type: ignore[no-untyped-def]
    return {n.id: n for n in desk.boards.load(board_id).notes}


def _add(desk, panel, board_id, *texts):  # type: ignore[no-untyped-def]
    ids, changes = desk.boards.add_notes(board_id, list(texts))
    desk.hub.publish(changes)
    return ids


def test_quick_entry_keeps_focus_and_paste_makes_several(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    window.activateWindow()
    panel.quick.setFocus()
    qtbot.waitUntil(panel.quick.hasFocus)
    qtbot.keyClicks(panel.quick, "Faster checkout")
    qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.quick, "Trust badges")
    qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    assert panel.quick.hasFocus() and panel.quick.text() == ""
    QGuiApplication.clipboard().setText("Apple Pay\n\nFewer fields\nGuest checkout\n")
    qtbot.keyClick(panel.quick, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    notes = sorted(_stored(desk, board_id).values(), key=lambda n: n.id)
    assert [n.text for n in notes] == [
        "Faster checkout",
        "Trust badges",
        "Apple Pay",
        "Fewer fields",
        "Guest checkout",
    ]
    spots = {(n.x, n.y) for n in notes}
    assert len(spots) == 5, "each note gets its own place"
    assert len(panel.scene.notes) == 5
    window.undo_action.trigger()  # the paste was one step
    assert len(_stored(desk, board_id)) == 2


def test_double_click_writes_a_note_in_place_and_enter_edits(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    view = panel.view
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    assert view.editor.isVisible()
    qtbot.keyClicks(view.editor, "Show delivery dates")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    notes = list(_stored(desk, board_id).values())
    assert [n.text for n in notes] == ["Show delivery dates"]
    at = view.mapToScene(QPoint(300, 200))
    assert abs(notes[0].x + 80 - at.x()) < 2 and abs(notes[0].y + 60 - at.y()) < 2
    item = panel.scene.notes[notes[0].id]
    item.setSelected(True)
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert view.editor.isVisible()
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "Show delivery dates early")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert _stored(desk, board_id)[notes[0].id].text == "Show delivery dates early"
    window.undo_action.trigger()
    assert _stored(desk, board_id)[notes[0].id].text == "Show delivery dates"


def test_drag_is_one_undo_step_and_nudges_merge(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    (note_id,) = _add(desk, panel, board_id, "Drag me")
    view = panel.view
    view.actual_size()
    item = panel.scene.notes[note_id]
    view.centerOn(item)
    start = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + QPoint(step * 20, step * 10))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(100, 50))
    moved = _stored(desk, board_id)[note_id]
    assert (moved.x, moved.y) == (pytest.approx(100, abs=2), pytest.approx(50, abs=2))
    count = window.undo_stack.count()
    view.setFocus()
    for _ in range(3):
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Right)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    nudged = _stored(desk, board_id)[note_id]
    assert (nudged.x - moved.x, nudged.y - moved.y) == (30, 50)
    assert window.undo_stack.count() == count + 1, "repeated nudges are one step"
    window.undo_action.trigger()
    back = _stored(desk, board_id)[note_id]
    assert (back.x, back.y) == (moved.x, moved.y)
    window.undo_action.trigger()
    assert (_stored(desk, board_id)[note_id].x, _stored(desk, board_id)[note_id].y) == (0, 0)


def test_group_ungroup_and_undo(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    ids = _add(desk, panel, board_id, "Speed", "Fewer steps", "Unrelated")
    for note_id in ids[:2]:
        panel.scene.notes[note_id].setSelected(True)
    panel.cluster_title.setText("Make it quick")
    panel.tools["group"].trigger()
    content = desk.boards.load(board_id)
    assert [c.title for c in content.clusters] == ["Make it quick"]
    cluster_id = content.clusters[0].id
    assert {n.id for n in content.notes if n.cluster_id == cluster_id} == set(ids[:2])
    assert panel.scene.clusters[cluster_id].count == 2
    window.undo_action.trigger()
    content = desk.boards.load(board_id)
    assert content.clusters == () and all(n.cluster_id is None for n in content.notes)
    window.redo_action.trigger()
    content = desk.boards.load(board_id)
    assert [c.id for c in content.clusters] == [cluster_id]
    panel.scene.clearSelection()
    panel.scene.clusters[cluster_id].setSelected(True)
    panel.tools["ungroup"].trigger()
    assert desk.boards.load(board_id).clusters == ()
    window.undo_action.trigger()
    assert [c.title for c in desk.boards.load(board_id).clusters] == ["Make it quick"]


def test_votes_stay_hidden_until_revealed(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    ids = _add(desk, panel, board_id, "Apple Pay", "Guest checkout")
    panel.votes.budget.setValue(2)
    panel.votes.start_button.click()
    people = {p.name.split()[0]: p.id for p in desk.workshops.get(workshop_id).participants}
    panel.votes.pick(0)  # Ana
    assert panel.board_actions.voter == people["Ana"]
    view = panel.view
    view.actual_size()
    view.centerOn(panel.scene.notes[ids[0]])

    def click(note_id: int, alt: bool = False) -> None:
        pos = view.mapFromScene(panel.scene.notes[note_id].sceneBoundingRect().center())
        mods = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, mods, pos)

    click(ids[0])
    click(ids[1])
    click(ids[1])  # budget of 2 is used up
    assert "used all 2 dots" in panel.status.text()
    state = desk.voting.state(board_id)
    assert len(state.votes) == 2 and not state.revealed
    assert not panel.scene.look.revealed and panel.scene.look.tallies  # counted, not shown
    click(ids[1], alt=True)  # take one back
    assert len(desk.voting.state(board_id).votes) == 1
    window.undo_action.trigger()
    assert len(desk.voting.state(board_id).votes) == 2
    panel.votes.reveal_button.click()
    assert desk.voting.state(board_id).revealed
    assert panel.scene.look.revealed
    assert panel.votes.results.count() == 2
    assert "Apple Pay" in panel.votes.results.item(0).text() or "Guest" in panel.votes.results.item(0).text()


def test_private_writing_covers_notes_on_the_shared_screen(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    panel.menu.private.click()
    assert desk.boards.load(board_id).board.private_writing
    (note_id,) = _add(desk, panel, board_id, "My secret idea")
    assert _stored(desk, board_id)[note_id].covered
    panel.menu.share.click()
    presenter = window.run_panel.presenter
    assert presenter.board_scene is not None and note_id in presenter.board_scene.notes
    assert presenter.board_view.viewport().property("presenter") is True
    assert panel.menu.reveal_notes.isVisible()
    panel.menu.reveal_notes.click()
    assert not _stored(desk, board_id)[note_id].covered
    assert not presenter.board_scene.notes[note_id].note.covered


def test_search_steps_through_matches_and_filter_dims(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    ids = _add(desk, panel, board_id, "Checkout is slow", "Pay later", "Slow delivery")
    qtbot.keyClicks(panel.finder.search, "slow")
    assert panel.scene.look.matches == {ids[0], ids[2]}
    qtbot.keyClick(panel.finder.search, Qt.Key.Key_Return)
    assert panel.scene.look.current_match in {ids[0], ids[2]}
    assert panel.finder.count.text() == "1 of 2"
    index = panel.finder.filter.findData("color:yellow")
    panel.finder.filter.setCurrentIndex(index)
    assert panel.scene.look.filtered_out == set()
    index = panel.finder.filter.findData("color:blue")
    panel.finder.filter.setCurrentIndex(index)
    assert panel.scene.look.filtered_out == set(ids)


def test_delete_and_undo_restores_the_same_notes(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    ids = _add(desk, panel, board_id, "Keep", "Drop", "Drop too")
    for note_id in ids[1:]:
        panel.scene.notes[note_id].setSelected(True)
    panel.view.setFocus()
    qtbot.keyClick(panel.view.viewport(), Qt.Key.Key_Delete)
    assert set(_stored(desk, board_id)) == {ids[0]}
    window.undo_action.trigger()
    assert set(_stored(desk, board_id)) == set(ids)


def test_import_from_the_menu_is_all_or_nothing(desk, board, tmp_path: Path, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    good = tmp_path / "wall.csv"
    good.write_text("text,color,cluster\nFaster,blue,Speed\nSafer,green,Trust\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    panel.menu.buttons["import"].trigger()
    content = desk.boards.load(board_id)
    assert sorted(n.text for n in content.notes) == ["Faster", "Safer"]
    assert sorted(c.title for c in content.clusters) == ["Speed", "Trust"]
    assert "Imported 2 notes" in panel.status.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("text,votes\nFine,1\nBroken,many\n", encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    panel.menu.buttons["import"].trigger()
    assert warnings and "line 3" in warnings[0] and "Nothing was imported" in warnings[0]
    assert len(desk.boards.load(board_id).notes) == 2


def test_a_big_board_zoomed_out_draws_the_overview(desk, board, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    notes = [Note(f"Idea {i}", x=(i % 100) * 176.0, y=(i // 100) * 136.0) for i in range(10_000)]
    changes = desk.boards.restore_notes(board_id, notes)
    desk.hub.publish(changes)
    assert len(panel.scene.notes) == 10_000
    panel.view.fit_all()
    assert not panel.scene.detail and panel.scene.overview.isVisible()
    assert not any(item.isVisible() for item in panel.scene.notes.values())
    image = panel.view.grab()
    image.save(str(tmp_path / "board_10000_overview.png"))
    from sprintdesk.ui.board.palette import PAPER

    pixels = image.toImage()
    yellow = QColor(PAPER[NoteColor.YELLOW])
    inked = sum(
        1
        for y in range(0, pixels.height(), 8)
        for x in range(0, pixels.width(), 8)
        if pixels.pixelColor(x, y).rgb() == yellow.rgb()
    )
    assert inked > 50, "the overview draws the notes"
    panel.view.set_zoom(1.0)
    assert panel.scene.detail and all(item.isVisible() for item in panel.scene.notes.values())


def test_an_agenda_item_shows_its_board_in_run_mode(
    desk, board, workshop_id, clock, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.ui.workshop.window import TAB_AGENDA, TAB_RUN

    window, panel, board_id = board
    _add(desk, panel, board_id, "Faster checkout", "Trust badges")
    window.tabs.setCurrentIndex(TAB_AGENDA)
    editor = window.editor
    second = window.workshop.days[0].items[1]
    editor.tree.select("item", second.id)
    form = editor.form
    form.board.setCurrentIndex(form.board.findData(board_id))
    form.board.activated.emit(form.board.currentIndex())
    assert desk.workshops.get(workshop_id).find_item(second.id)[2].board_id == board_id
    window.tabs.setCurrentIndex(TAB_RUN)
    run = window.run_panel
    assert run.stack.currentIndex() == 0  # Welcome has no board: the ring
    window.controller.toggle()
    window.controller.next()
    clock.advance(65)
    window.controller.tick()
    assert run.board_id == board_id and run.stack.currentIndex() == 1
    assert run.compact.text().startswith("43:55")  # 45 minutes for the goal, 65 s gone
    assert len(run.board_scene.notes) == 2
    presenter = run.presenter
    assert presenter.board_view is not None and presenter.board_view.isVisibleTo(presenter)
    assert presenter.compact.text().startswith("43:55")
    _add(desk, panel, board_id, "Added while it runs")
    assert len(run.board_scene.notes) == 3
    window.grab().save(str(tmp_path / "run_with_board.png"))
    assert panel.countdown.text().startswith("⏱ 43:55")
    window.controller.next()  # Coffee has no board
    assert run.stack.currentIndex() == 0 and run.board_id is None


def test_authors_colour_by_role_and_keyboard_votes(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    people = {p.name.split()[0]: p for p in desk.workshops.get(workshop_id).participants}
    panel.author.setCurrentIndex(panel.author.findData(people["Ben"].id))
    (note_id,) = panel.board_actions.add_text("Ben's idea")
    assert _stored(desk, board_id)[note_id].author_id == people["Ben"].id
    assert panel.scene.look.author_label(people["Ben"].id) == "Ben Okafor · UX"
    panel.color_by.setCurrentIndex(panel.color_by.findData("role"))
    from sprintdesk.ui.board.look import ROLE_COLORS

    note = panel.scene.note(note_id)
    assert panel.scene.look.fill_for(note.color, note.author_id) is ROLE_COLORS[people["Ben"].role]
    panel.votes.start_button.click()
    panel.scene.notes[note_id].setSelected(True)
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_4)  # Dana, the fourth participant
    assert panel.board_actions.voter == people["Dana"].id
    qtbot.keyClick(panel, Qt.Key.Key_V)
    votes = desk.voting.state(board_id).votes
    assert [(v.participant_id, v.note_id) for v in votes] == [(people["Dana"].id, note_id)]
    qtbot.keyClick(panel, Qt.Key.Key_V, Qt.KeyboardModifier.ShiftModifier)
    assert desk.voting.state(board_id).votes == ()


def test_undoing_a_delete_brings_the_dots_back(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    (note_id,) = _add(desk, panel, board_id, "Voted on")
    people = {p.name.split()[0]: p.id for p in desk.workshops.get(workshop_id).participants}
    desk.hub.publish(desk.voting.start(board_id, VoteRules()))
    desk.voting.cast(board_id, people["Ana"], note_id)
    panel.reload()
    panel.scene.notes[note_id].setSelected(True)
    panel.board_actions.delete_selected()
    assert desk.voting.state(board_id).votes == ()
    window.undo_action.trigger()
    restored = [(v.participant_id, v.note_id) for v in desk.voting.state(board_id).votes]
    assert restored == [(people["Ana"], note_id)]


def test_renaming_a_participant_keeps_their_notes(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.ui.workshop.window import TAB_DETAILS

    window, panel, board_id = board
    ben = next(p for p in desk.workshops.get(workshop_id).participants if p.name == "Ben Okafor")
    panel.author.setCurrentIndex(panel.author.findData(ben.id))
    (note_id,) = panel.board_actions.add_text("Ben's note")
    window.tabs.setCurrentIndex(TAB_DETAILS)
    details = window.details
    row = next(
        r for r in range(details.people.rowCount()) if details.people.item(r, 0).text() == "Ben Okafor"
    )
    details.people.item(row, 0).setText("Benjamin")
    after = next(p for p in desk.workshops.get(workshop_id).participants if p.name == "Benjamin")
    assert after.id == ben.id
    assert _stored(desk, board_id)[note_id].author_id == ben.id


def test_the_shared_screen_shows_revealed_votes_only(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    (note_id,) = _add(desk, panel, board_id, "Shared idea")
    people = {p.name.split()[0]: p.id for p in desk.workshops.get(workshop_id).participants}
    desk.hub.publish(desk.voting.start(board_id, VoteRules()))
    desk.hub.publish(desk.voting.cast(board_id, people["Ana"], note_id)[1])
    panel.menu.share.click()
    presenter = window.run_panel.presenter
    assert presenter.board_scene.look.tallies == {}  # hidden until revealed
    desk.hub.publish(desk.voting.reveal(board_id))
    assert presenter.board_scene.look.revealed
    assert presenter.board_scene.look.tallies[note_id].dots == 1
    assert presenter.board_scene.look.voter_dots == {}


def test_undo_of_a_dot_from_a_finished_vote_is_refused_cleanly(desk, board, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    (note_id,) = _add(desk, panel, board_id, "Idea")
    panel.votes.start_button.click()
    panel.votes.pick(0)
    panel.board_actions.vote(note_id, False, "Ana")
    assert len(desk.voting.state(board_id).votes) == 1
    desk.hub.publish(desk.voting.start(board_id, VoteRules()))  # a new vote, not through undo
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.undo_action.trigger()  # that dot's vote is over: refused, said, no exception
    assert desk.voting.state(board_id).votes == ()
    assert "Cannot undo" in window.statusBar().currentMessage()


def test_starting_a_vote_revealing_and_private_writing_undo(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    (note_id,) = _add(desk, panel, board_id, "Idea")
    panel.votes.start_button.click()
    first = desk.voting.state(board_id).session
    panel.votes.pick(0)
    panel.board_actions.vote(note_id, False, "Ana")
    panel.votes.start_button.click()
    assert desk.voting.state(board_id).session.id != first.id
    window.undo_action.trigger()  # back to the first vote, with its dot
    state = desk.voting.state(board_id)
    assert state.session.id == first.id and len(state.votes) == 1
    panel.votes.reveal_button.click()
    assert desk.voting.state(board_id).revealed
    window.undo_action.trigger()
    assert not desk.voting.state(board_id).revealed
    panel.menu.private.click()
    assert desk.boards.load(board_id).board.private_writing
    window.undo_action.trigger()
    assert not desk.boards.load(board_id).board.private_writing


def test_space_drag_pans_and_a_click_saves_the_note_being_written(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel, board_id = board
    (note_id,) = _add(desk, panel, board_id, "Stay put")
    view = panel.view
    view.actual_size()
    view.centerOn(panel.scene.notes[note_id])
    view.setFocus()
    start = view.mapFromScene(panel.scene.notes[note_id].sceneBoundingRect().center())
    before = view.horizontalScrollBar().value()
    qtbot.keyPress(view.viewport(), Qt.Key.Key_Space)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(-120, 0))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(-120, 0))
    qtbot.keyRelease(view.viewport(), Qt.Key.Key_Space)
    stored = _stored(desk, board_id)[note_id]
    assert (stored.x, stored.y) == (0, 0), "panning never drags a note"
    assert view.horizontalScrollBar().value() != before
    view.edit_note(note_id)
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "Edited then clicked away")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not view.editor.isVisible()
    assert _stored(desk, board_id)[note_id].text == "Edited then clicked away"
    assert "(1 note)" in panel.menu.choice.currentText()


def test_keyboard_zoom_fit_and_actual_size(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    _add(desk, panel, board_id, "Zoom me")
    window.activateWindow()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    panel.view.set_zoom(1.0)
    qtbot.keyClick(panel.view.viewport(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoom == pytest.approx(1.25)
    qtbot.keyClick(panel.view.viewport(), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoom == pytest.approx(1.0)
    qtbot.keyClick(panel.view.viewport(), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert panel.zoom_label.text() == f"{round(panel.view.zoom * 100)} %"
    qtbot.keyClick(panel.view.viewport(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoom == pytest.approx(1.0)


def test_tidy_board_lays_clusters_in_a_grid_clear_of_loose_notes(desk, board, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel, board_id = board
    ids = _add(desk, panel, board_id, "A1", "A2", "B1", "B2", "Loose")
    for group, title in ((ids[:2], "Alpha"), (ids[2:4], "Beta")):
        panel.scene.clearSelection()
        for note_id in group:
            panel.scene.notes[note_id].setSelected(True)
        panel.cluster_title.setText(title)
        panel.tools["group"].trigger()
    loose = panel.scene.notes[ids[4]].note
    first = next(iter(panel.scene.clusters.values())).cluster
    desk.hub.publish(desk.boards.move_notes(board_id, [(loose.id, first.x + 600, first.y + 60)]))
    steps = window.undo_stack.count()
    panel.tools["tidy"].trigger()
    assert window.undo_stack.count() == steps + 1, "tidying is one undo step"
    frames = [item.sceneBoundingRect() for item in panel.scene.clusters.values()]
    assert not frames[0].intersects(frames[1])
    loose_rect = panel.scene.notes[ids[4]].sceneBoundingRect().adjusted(2, 12, -4, -6)
    assert not any(frame.intersects(loose_rect) for frame in frames)
    window.undo_action.trigger()
    assert (panel.scene.note(ids[4]).x, panel.scene.note(ids[4]).y) == (first.x + 600, first.y + 60)
