"""The rehearsal: a short retrospective played through the real windows, as a facilitator
plays it, on a laptop screen (1366x768) with the room's screen beside it: a 1280x720
projector, then a 1920x1080 wall screen. It grabs every window it shows and asserts what the
room's screen holds: the countdown, the instructions and the board's notes, drawn with their
text, none of them cut off.

Not collected by the suite's own run: it needs an offscreen platform with three screens,
which a process chooses when Qt starts. tests/ui/test_rehearsal.py runs it in a child pytest
(``QT_QPA_PLATFORM=offscreen:configfile=…``); ``docs/make_screenshots.py`` runs it the same
way with ``SPRINTDESK_GRABS=docs`` to make the README's images from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rehearsal_notes as room_notes
import rehearsal_room as room
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from sprintdesk.app import SprintDesk
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.outcomes import Outcome, OutcomeKind
from sprintdesk.domain.voting import VoteRules
from sprintdesk.ui.workshop.window import TAB_AGENDA, TAB_BOARDS, TAB_OUTCOMES, TAB_RUN, WorkshopWindow

TITLE = "Team retro — sprint 42"


@pytest.fixture
def grabs(tmp_path: Path) -> Path:
    """Where the grabs go: ``SPRINTDESK_GRABS`` (the docs) or the test's own folder."""
    folder = Path(os.environ.get("SPRINTDESK_GRABS") or tmp_path / "grabs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save(widget: QWidget, folder: Path, name: str) -> QImage:
    QApplication.processEvents()
    image = widget.grab().toImage()
    image.save(str(folder / f"{name}.png"))
    return image


def _on_screen(window: QWidget, screen: QScreen) -> None:
    """The window on ``screen``, sized to it, as the window manager would open it there."""
    window.setScreen(screen)
    area = screen.availableGeometry()
    window.setGeometry(area)


def _prepare(desk: SprintDesk) -> tuple[int, int]:
    """A retrospective from the template, with its four people; returns the workshop and the
    Start / Stop / Continue board its "Gather data" item shows."""
    workshop_id, changes = desk.services.templates.create_from("retrospective", TITLE, dt.date(2026, 12, 7))
    desk.hub.publish(changes)
    workshop = desk.workshops.get(workshop_id)
    desk.hub.publish(
        desk.workshops.update_details(
            dataclasses.replace(workshop, facilitator="Zoë Martin", participants=room_notes.PEOPLE)
        )
    )
    gather = desk.workshops.get(workshop_id).days[0].items[1]
    assert gather.title == "Gather data" and gather.board_id is not None
    return workshop_id, gather.board_id


def _group(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Each theme grouped as a facilitator does it: select its notes, name it, Group."""
    panel = window.boards
    for themes in room_notes.NOTES.values():
        for theme_title, notes in themes.items():
            if not theme_title:
                continue
            texts = {text for text, _ in notes}
            panel.scene.clearSelection()
            for item in panel.scene.notes.values():
                item.setSelected(item.note.text in texts)
            panel.cluster_title.setText(theme_title)
            panel.group()
            qtbot.waitUntil(
                lambda t=theme_title: t in {c.cluster.title for c in panel.scene.clusters.values()}
            )


def _vote(desk: SprintDesk, window: WorkshopWindow, board_id: int, workshop_id: int, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.boards
    assert panel.board_actions.start_vote(VoteRules(3, 0))
    people = {p.name: p.id for p in desk.workshops.get(workshop_id).participants}
    ids = {n.note.text: n.note.id for n in panel.scene.notes.values()}
    for who, picks in room_notes.VOTES.items():
        for text in picks:
            _vote_id, changes = desk.services.voting.cast(board_id, people[who], ids[text])
            desk.hub.publish(changes)


def _point_the_room_at(window: WorkshopWindow, qtbot, theme_title: str) -> None:  # type: ignore[no-untyped-def]
    """On the board tab, select the theme's cluster and press Alt+Z, as a facilitator does to
    put the theme everyone talks about on the shared screen."""
    window.tabs.setCurrentIndex(TAB_BOARDS)
    panel = window.boards
    panel.scene.clearSelection()
    cluster = next(c for c in panel.scene.clusters.values() if c.cluster.title == theme_title)
    cluster.setSelected(True)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)


@pytest.mark.slow  # tesseract reads the room's screen
def test_rehearsal(desk: SprintDesk, clock: FakeClock, qtbot, grabs: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screens = QGuiApplication.screens()
    assert [s.size().toTuple() for s in screens] == [(1366, 768), (1280, 720), (1920, 1080)]
    laptop, projector, wall = screens
    workshop_id, board_id = _prepare(desk)

    # The list, then the workshop, on the laptop.
    desk.show_library()
    _on_screen(desk.library, laptop)
    qtbot.waitExposed(desk.library)
    _save(desk.library, grabs, "library")
    window = desk.open_workshop(workshop_id)
    assert window is not None
    _on_screen(window, laptop)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_AGENDA)
    gather = window.workshop.days[0].items[1]
    window.editor.tree.select("item", gather.id)
    _save(window, grabs, "agenda")

    # Run: "Set the stage", then "Gather data" with its board on the room's screen.
    window.tabs.setCurrentIndex(TAB_RUN)
    run = window.run_panel
    run.screen_choice.setCurrentIndex(1)
    run.set_presenter_visible(True)
    presenter = run.presenter
    qtbot.waitExposed(presenter)
    controller = window.controller
    controller.toggle()
    clock.advance(9 * 60 + 40)
    controller.next()
    qtbot.waitUntil(lambda: presenter.isVisible() and room.board_view(presenter) is not None)

    # The room writes forty notes; they arrive as a file the facilitator imports.
    result = desk.services.note_import.import_file(
        workshop_id, "retro.csv", room_notes.notes_csv().encode("utf-8"), "Start / Stop / Continue"
    )
    assert result.board_id == board_id
    desk.hub.publish(result.changes)
    qtbot.waitUntil(lambda: len(room.note_items(presenter)) == 40)
    clock.advance(4 * 60 + 12)
    controller.tick()

    # Group, vote, reveal on the board tab.
    window.tabs.setCurrentIndex(TAB_BOARDS)
    window.boards.menu.refresh(select=board_id)
    qtbot.waitUntil(lambda: len(window.boards.scene.notes) == 40)
    _group(window, qtbot)
    window.boards.board_actions.tidy()  # as a facilitator does once the themes are named
    _vote(desk, window, board_id, workshop_id, qtbot)
    hidden = room.visible_text(presenter)
    assert not re.search(r"\b[1-9] dots?\b", hidden), "hidden votes never reach the room"
    window.boards.board_actions.reveal(True)
    qtbot.waitUntil(
        lambda: window.boards.scene.content is not None and window.boards.scene.content.board.id == board_id
    )
    window.boards.view.fit_all()
    _save(window, grabs, "board")
    window.tabs.setCurrentIndex(TAB_RUN)
    clock.advance(3 * 60 + 5)
    controller.tick()
    _save(window, grabs, "run")

    # The room's screen: the projector, then the wall screen, full screen both times.
    status = controller.status()
    assert status is not None and status.current.item.title == "Gather data"
    everything = room_notes.all_notes()
    themes = [title for themes in room_notes.NOTES.values() for title in themes if title]
    for screen, name in ((projector, "presenter"), (wall, "presenter-wall")):
        if presenter.screen() is not screen:
            run.set_presenter_visible(False)
            run.screen_choice.setCurrentIndex(screens.index(screen))
            run.set_presenter_visible(True)
        qtbot.waitUntil(lambda s=screen: presenter.isFullScreen() and presenter.geometry() == s.geometry())
        qtbot.waitUntil(lambda: room.board_fitted(presenter))
        image = _save(presenter, grabs, name)
        sizes = room.assert_shows(
            presenter, image, status, everything, grabs / f"{name}.png", titles=["Start", "Stop", *themes]
        )
        print(f"{name}: note text {sizes[0]:.1f} to {sizes[-1]:.1f} px")
        # The top theme: the facilitator points the room at it (Alt+Z), then back (Alt+Shift+Z).
        _point_the_room_at(window, qtbot, "Late changes")
        top = [text for text, _ in room_notes.NOTES["Stop"]["Late changes"]]
        qtbot.waitUntil(lambda shown=top: room.zoomed_in(presenter, shown))
        image = _save(presenter, grabs, f"{name}-theme")
        sizes = room.assert_shows(
            presenter,
            image,
            status,
            top,
            grabs / f"{name}-theme.png",
            titles=["Late changes"],
            min_px=16,
            read_share=1.0,
        )
        print(f"{name}-theme: note text {sizes[0]:.1f} to {sizes[-1]:.1f} px")
        qtbot.keyClick(
            window.boards.view,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: room.board_fitted(presenter))

    # Outcomes: decisions and action items, two of them made from the board, then the exports.
    _outcomes(desk, window, workshop_id)
    window.tabs.setCurrentIndex(TAB_OUTCOMES)
    window.outcome_tab.panel.reload()
    _save(window, grabs, "outcomes")
    _exports(desk, workshop_id, tmp_path)
    controller.toggle()


def _outcomes(desk: SprintDesk, window: WorkshopWindow, workshop_id: int) -> None:
    """What the retro decided (one decision from the top theme) and who does what by when
    (one action from a note)."""
    people = {p.name: p.id for p in desk.workshops.get(workshop_id).participants}
    clusters = {c.cluster.title: c.cluster.id for c in window.boards.scene.clusters.values()}
    notes = {n.note.text: n.note.id for n in window.boards.scene.notes.values()}
    decision = Outcome(
        OutcomeKind.DECISION, "Scope is frozen once the sprint starts", workshop_id, decided_by="Priya Shah"
    )
    desk.hub.publish(desk.outcomes.from_cluster(decision, clusters["Late changes"])[1])
    desk.hub.publish(
        desk.outcomes.add_decision(workshop_id, "Design review stays in the definition of done", "The team")[
            1
        ]
    )
    test = Outcome(
        OutcomeKind.ACTION,
        "Book two usability sessions a sprint",
        workshop_id,
        owner_id=people["Uma Nakamura"],
        due_date=dt.date(2026, 12, 11),
    )
    desk.hub.publish(desk.outcomes.from_note(test, notes["Usability test every new flow"])[1])
    for text, owner, due in (
        ("Agree a change-request path with sales", "Tom Berg", dt.date(2026, 12, 14)),
        ("Move Thursday's calls into one block", "Leo Dubois", dt.date(2026, 12, 10)),
        ("Invite a customer to the next review", "Priya Shah", dt.date(2026, 12, 18)),
    ):
        desk.hub.publish(desk.outcomes.add_action(workshop_id, text, people[owner], due)[1])


def _exports(desk: SprintDesk, workshop_id: int, folder: Path) -> None:
    """The summary and the handout, read back: every note in the summary once, the themes
    and the decision in both, and the running item said the same way as run mode."""
    summary = desk.services.exports.summary(workshop_id)
    for kind in ("summary", "handout"):
        target = folder / f"{kind}.pdf"
        desk.services.exports.pdf(kind, summary, target)
        text = " ".join(page.extract_text() or "" for page in PdfReader(str(target)).pages)
        flat = " ".join(text.split())
        for theme_title in ("Talk to customers", "Late changes", "Rituals"):
            assert theme_title in flat, (kind, theme_title)
        assert "Scope is frozen once the sprint starts" in flat
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True)
            assert all(" yes " in line for line in fonts.stdout.splitlines()[2:]), fonts.stdout
