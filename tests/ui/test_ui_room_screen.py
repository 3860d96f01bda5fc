"""The shared screen with a board: fitted to the notes (not to empty columns), centred, on the
first show at every size; refitted only when needed; a countdown readable from the back of
the room and the instructions in sight; the facilitator points it at a cluster or a region;
nothing private reaches it. Grabs are saved under the test's tmp_path: look at them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from sprintdesk.domain.board_geometry.room_fit import margin_px, room_bounds
from sprintdesk.domain.board_sizes import CELL_H, CELL_W
from sprintdesk.domain.board_structure import PAD, TITLE_BAND
from sprintdesk.domain.voting import VoteRules
from sprintdesk.ui.shared import theme
from sprintdesk.ui.workshop.window import TAB_BOARDS, TAB_RUN

TEXTS = [
    "Faster checkout",
    "Trust badges",
    "Apple Pay",
    "Fewer fields",
    "Guest checkout",
    "Clear delivery dates",
    "Save my card",
    "Show total early",
]
INSTRUCTIONS = "Write one idea per note. Put it under Start, Stop or Continue."


def _board(desk, workshop_id, texts=TEXTS, private=False):  # type: ignore[no-untyped-def]
    """A Start / Stop / Continue board with ``texts`` in the Start column only, linked to the
    second agenda item (the 45-minute goal), which gets instructions for the room."""
    import dataclasses

    board_id, _ = desk.boards.create(workshop_id, "Retro", private_writing=private)
    _before, structure, _ = desk.boards.structures.apply(board_id, "columns", ["Start", "Stop", "Continue"])
    start = structure.regions[0]
    ids, _ = desk.boards.add_notes(board_id, list(texts))
    left, top = start.left + PAD, start.top + TITLE_BAND + PAD / 2
    desk.boards.move_notes(
        board_id, [(i, left + (n % 3) * CELL_W, top + (n // 3) * CELL_H) for n, i in enumerate(ids)]
    )
    goal = desk.workshops.get(workshop_id).days[0].items[1]
    desk.agenda.update_item(dataclasses.replace(goal, instructions=INSTRUCTIONS))
    desk.boards.link_item(goal.id, board_id)
    return board_id, ids, structure


def _presenter(desk, workshop_id, qtbot, size=(1280, 720)):  # type: ignore[no-untyped-def]
    """Run mode on the goal, the presenter view opened at ``size`` (never resized after)."""
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.controller.toggle()
    window.controller.next()
    presenter = window.run_panel.presenter
    presenter.resize(*size)
    window.run_panel.set_presenter_visible(True)
    qtbot.waitExposed(presenter)
    qtbot.waitUntil(lambda: presenter.board_view is not None and presenter.board_view.isVisible())
    return window, presenter


def _on_screen(view, rect: QRectF) -> QRectF:  # type: ignore[no-untyped-def]
    return QRectF(view.mapFromScene(rect).boundingRect())


def _note_box(view) -> QRectF:  # type: ignore[no-untyped-def]
    box = QRectF()
    for item in view.board_scene.notes.values():
        box = box.united(item.sceneBoundingRect())
    return box


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)])
def test_first_show_fits_the_notes_centred_not_the_empty_columns(
    desk, workshop_id, qtbot, tmp_path: Path, size
) -> None:  # type: ignore[no-untyped-def]
    _board_id, ids, structure = _board(desk, workshop_id)
    _window, presenter = _presenter(desk, workshop_id, qtbot, size)
    view = presenter.board_view
    area = QRectF(view.viewport().rect())
    if size[0] <= 1920:
        presenter.grab().save(str(tmp_path / f"room_{size[0]}x{size[1]}.png"))
    for note_id in ids:  # every note whole on screen
        assert area.contains(_on_screen(view, view.board_scene.notes[note_id].sceneBoundingRect()))
    header = structure.regions[0]
    assert area.contains(_on_screen(view, QRectF(header.left, header.top, header.width, TITLE_BAND)))
    empty = structure.regions[2]  # "Continue": no notes, so not what the room looks at
    assert not area.contains(
        _on_screen(view, QRectF(empty.left, empty.top, empty.width, empty.height)).center()
    )
    fitted = room_bounds(view.board_scene.content)
    assert fitted is not None
    drawn = _on_screen(view, QRectF(fitted[0], fitted[1], fitted[2] - fitted[0], fitted[3] - fitted[1]))
    margin = margin_px(area.width(), area.height())
    fill = max(drawn.width() / (area.width() - 2 * margin), drawn.height() / (area.height() - 2 * margin))
    assert fill > 0.97, "as large as it can be"
    assert abs(drawn.center().x() - area.center().x()) < 2 and abs(drawn.center().y() - area.center().y()) < 2


def test_it_refits_when_content_leaves_the_screen_not_on_every_change(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    board_id, ids, structure = _board(desk, workshop_id)
    _window, presenter = _presenter(desk, workshop_id, qtbot)
    view = presenter.board_view
    before = view.transform()
    note = desk.boards.load(board_id).notes[0]
    import dataclasses

    desk.hub.publish(desk.boards.update_note(board_id, dataclasses.replace(note, text="Faster checkout!")))
    qtbot.waitUntil(lambda: view.board_scene.notes[ids[0]].note.text == "Faster checkout!")
    assert view.transform() == before, "a keystroke does not move the room's view"
    far = structure.regions[2]
    desk.hub.publish(
        desk.boards.move_notes(board_id, [(ids[-1], far.left + PAD, far.top + TITLE_BAND + PAD)])
    )
    qtbot.waitUntil(lambda: view.transform() != before)
    area = QRectF(view.viewport().rect())
    assert area.contains(_on_screen(view, view.board_scene.notes[ids[-1]].sceneBoundingRect()))
    presenter.resize(1024, 768)  # a resize (or another screen) fits again
    qtbot.waitUntil(lambda: presenter.board_view.viewport().width() < 1010)
    area = QRectF(view.viewport().rect())
    assert area.contains(_on_screen(view, _note_box(view)))


def _ink_height(image: QImage, background: QColor, tolerance: int = 90) -> int:
    """Height of what is drawn on ``background``: first to last row holding a pixel that
    differs from it."""
    rows = [
        y
        for y in range(image.height())
        if any(
            abs(image.pixelColor(x, y).red() - background.red())
            + abs(image.pixelColor(x, y).green() - background.green())
            + abs(image.pixelColor(x, y).blue() - background.blue())
            > tolerance
            for x in range(0, image.width(), 2)
        )
    ]
    return rows[-1] - rows[0] + 1 if rows else 0


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_countdown_reads_from_the_back_and_instructions_stay(desk, workshop_id, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    _board(desk, workshop_id)
    _window, presenter = _presenter(desk, workshop_id, qtbot, size)
    clock = presenter.compact
    assert clock.text().startswith("45:00")
    image = presenter.grab(clock.geometry().translated(clock.parentWidget().pos())).toImage()
    digits = _ink_height(image, QColor(theme.colors().window))
    assert digits >= size[1] * 0.06, f"countdown digits {digits} px high at {size}"
    assert presenter.header.height() <= size[1] * 0.14, "the board keeps the room"
    assert presenter.instructions.isVisible() and presenter.instructions.text() == INSTRUCTIONS
    assert presenter.instructions.font().pixelSize() >= 16
    board = presenter.board_view.geometry()
    assert presenter.instructions.geometry().top() >= board.bottom(), "under the board, not over it"
    assert board.height() >= size[1] * 0.6


def test_facilitator_points_the_room_at_a_cluster_a_region_and_back(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    board_id, ids, structure = _board(desk, workshop_id)
    cluster_id, _ = desk.boards.group(board_id, ids[:2], "Speed")
    window, presenter = _presenter(desk, workshop_id, qtbot)
    view = presenter.board_view
    whole = view.zoom
    window.tabs.setCurrentIndex(TAB_BOARDS)
    panel = window.boards
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id and cluster_id in panel.scene.clusters)
    panel.scene.clusters[cluster_id].setSelected(True)
    panel.view.room.zoom_action.trigger()
    qtbot.waitUntil(lambda: view.zoom > whole * 1.3)
    frame = view.board_scene.clusters[cluster_id].sceneBoundingRect()
    assert QRectF(view.viewport().rect()).contains(_on_screen(view, frame))
    panel.view.room.whole_action.trigger()
    qtbot.waitUntil(lambda: abs(view.zoom - whole) < 1e-6)
    panel.scene.clearSelection()
    stop = structure.regions[1]  # right-click the bare "Stop" column
    panel.view.centerOn(stop.left + stop.width / 2, stop.top + stop.height / 2)
    menu = panel.view.room.menu_at(panel.view.mapFromScene(stop.left + 50, stop.top + 300))
    assert menu is not None
    entry = next(a for a in menu.actions() if "Stop" in a.text())
    entry.trigger()
    qtbot.waitUntil(lambda: abs(view.zoom - whole) > 1e-6)
    region = QRectF(stop.left, stop.top, stop.width, stop.height)
    assert QRectF(view.viewport().rect()).contains(_on_screen(view, region))


def _drawn_text(widget) -> str:  # type: ignore[no-untyped-def]
    """Every string the widget draws (lines joined by spaces), from an SVG rendering of it;
    note pictures are not cached while it renders, so their text is drawn as text."""
    import re

    from PySide6.QtSvg import QSvgGenerator
    from PySide6.QtWidgets import QGraphicsItem

    from sprintdesk.ui.board.note_item import NoteItem

    view = widget.board_view
    for item in view.board_scene.items():
        if isinstance(item, NoteItem):
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    painter = QPainter(generator)
    widget.render(painter, QPoint())
    painter.end()
    svg = bytes(data.data()).decode("utf-8")
    return " ".join(re.findall(r">([^<]+)</text>", svg))


def _drawn_notes(widget, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The notes whose own text the widget draws: notes draw their text as shaped glyph runs
    (an SVG holds those as outlines), so the runs drawn are matched with each note's own."""
    from PySide6.QtGui import QImage

    from sprintdesk.ui.board.note_item import NoteItem

    drawn: list[tuple[int, ...]] = []
    original = QPainter.drawGlyphRun

    def record(self, position, run):  # type: ignore[no-untyped-def]
        drawn.append(tuple(run.glyphIndexes()))
        return original(self, position, run)

    monkeypatch.setattr(QPainter, "drawGlyphRun", record)
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    widget.render(image)
    monkeypatch.undo()
    found = []
    for item in widget.board_view.board_scene.items():
        if isinstance(item, NoteItem):
            _fit, glyphs = item._text(False)
            runs = [tuple(run.glyphIndexes()) for run in glyphs.runs]
            _fit, glyphs = item._text(True)
            runs += [tuple(run.glyphIndexes()) for run in glyphs.runs]
            if any(run in drawn for run in runs):
                found.append(item.note.text)
    return found


def test_nothing_private_reaches_the_room(desk, workshop_id, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    board_id, ids, _ = _board(desk, workshop_id, TEXTS[:3])
    desk.boards.set_private_writing(board_id, True)
    (secret,), _ = desk.boards.add_notes(board_id, ["Pumpkin secret"])
    goal = desk.workshops.get(workshop_id).days[0].items[1]
    desk.agenda.update_item(dataclasses.replace(goal, notes="Walrus whisper for the facilitator"))
    desk.voting.start(board_id, VoteRules(budget=3))
    people = [p.id for p in desk.workshops.get(workshop_id).participants]
    desk.voting.cast(board_id, people[0], ids[0])
    window, presenter = _presenter(desk, workshop_id, qtbot)
    qtbot.waitUntil(lambda: secret in presenter.board_view.board_scene.notes)
    assert presenter.board_view.board_scene.notes[secret].note.covered
    notes = _drawn_notes(presenter, monkeypatch)  # first: with the notes' caches as the app keeps them
    drawn = _drawn_text(presenter)
    assert "45:00" in drawn and INSTRUCTIONS[:20] in drawn  # it does draw text
    assert "Faster checkout" in notes  # notes draw their text
    assert "Pumpkin secret" not in notes, "a covered note is covered"
    assert "Walrus" not in drawn, "the facilitator's notes stay with the facilitator"
    assert presenter.board_view.board_scene.look.tallies == {}, "votes stay hidden until revealed"
    assert window.run_panel.notes.toPlainText().startswith("Walrus")  # they are in run mode
