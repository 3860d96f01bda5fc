"""Render the screenshots in docs/ from the sample workshop (sprintdesk/samples.py, the one
the tests use), plus a retro board and an impact / effort grid (offscreen, fake clock).

.venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths

from sprintdesk import samples
from sprintdesk.app import SprintDesk, make_qapplication
from sprintdesk.domain.board_structure import build_structure
from sprintdesk.domain.board_structure_presets import preset
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.voting import VoteRules
from sprintdesk.services.board_structures import BoardStructureService
from sprintdesk.storage.database import open_database
from sprintdesk.ui.shared.settings import AppSettings
from sprintdesk.ui.workshop.window import TAB_AGENDA, TAB_BOARDS, TAB_OUTCOMES, TAB_RUN

HERE = Path(__file__).resolve().parent

RETRO_CSV = """text,color,author,cluster,region
Sketching alone before discussing,green,Ben Okafor,Quiet time,Start
Timeboxed silent writing for every exercise,green,Chen Wei,Quiet time,Start
Writing notes before talking,green,Ana Costa,Quiet time,Start
Invite support agents to Ask the experts,green,Dana Ruiz,,Start
Laptops open during the expert talks,pink,Ana Costa,Distractions,Stop
Slack notifications in the room,pink,Chen Wei,Distractions,Stop
Phones on the table during voting,pink,Dana Ruiz,Distractions,Stop
Starting late after lunch,pink,Ben Okafor,,Stop
Voting with dots before discussing,yellow,Dana Ruiz,Dot voting,Continue
Supervote for the Decider,yellow,Ana Costa,Dot voting,Continue
Heat map before the straw poll,yellow,Ben Okafor,Dot voting,Continue
Real customers on Friday,blue,Chen Wei,,Continue
"""
RETRO_VOTES = {
    "Ana Costa": [0, 8, 11],
    "Ben Okafor": [0, 4, 8],
    "Chen Wei": [1, 11, 5],
    "Dana Ruiz": [8, 0, 3],
}


GRID_CSV = """text,color,author,region
Saved addresses for returning customers,yellow,Ben Okafor,Quick wins
Delivery date next to the Pay button,blue,Chen Wei,Quick wins
Friendlier card error messages,orange,Ben Okafor,Quick wins
One-page checkout,yellow,Ana Costa,Big bets
Pay in instalments,green,Ben Okafor,Big bets
Card logos under the Pay button,blue,Dana Ruiz,Fill-ins
Fees in the basket,pink,Chen Wei,Fill-ins
Our own wallet app,green,Ana Costa,Money pit
"""


def _structured(desk: SprintDesk, board_id: int, key: str, size: tuple[float, float] | None) -> None:
    """A preset on a board; ``size`` makes it smaller than the default (which holds dozens
    of notes a region), so that a handful of notes reads in a screenshot."""
    chosen = preset(key)
    structures = BoardStructureService(desk.db)
    if size is None:
        structures.apply(board_id, chosen.kind, chosen.titles, x_axis=chosen.x_axis, y_axis=chosen.y_axis)
        return
    structures.set_structure(
        board_id,
        build_structure(chosen.kind, chosen.titles, x_axis=chosen.x_axis, y_axis=chosen.y_axis, size=size),
    )


def _grid_board(desk: SprintDesk, workshop_id: int) -> int:
    """The impact / effort grid with a note or two in every quadrant."""
    board_id, _ = desk.boards.create(workshop_id, "Impact and effort")
    _structured(desk, board_id, "impact-effort", (1500.0, 1100.0))
    desk.importer.import_file(workshop_id, "grid.csv", GRID_CSV.encode("utf-8"), "Impact and effort")
    return board_id


def _retro_board(
    desk: SprintDesk, workshop_id: int, size: tuple[float, float] | None = (1320.0, 700.0)
) -> int:
    """A Start / Stop / Continue board: clustered notes in the columns, voted and revealed."""
    board_id, _ = desk.boards.create(workshop_id, "Sprint retro" if size else "Sprint retro (default size)")
    _structured(desk, board_id, "start-stop-continue", size)
    desk.importer.import_file(
        workshop_id, "retro.csv", RETRO_CSV.encode("utf-8"), desk.boards.load(board_id).board.name
    )
    people = {p.name: p.id for p in desk.workshops.get(workshop_id).participants}
    notes = {n.text: n for n in desk.boards.load(board_id).notes}
    texts = [line.split(",")[0] for line in RETRO_CSV.splitlines()[1:]]
    desk.voting.start(board_id, VoteRules(3, 0))
    for who, picks in RETRO_VOTES.items():
        for index in picks:
            desk.voting.cast(board_id, people[who], notes[texts[index]].id)
    desk.voting.reveal(board_id)
    return board_id


def main() -> int:
    QStandardPaths.setTestModeEnabled(True)
    app = make_qapplication()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "demo.sqlite3")
        clock = FakeClock(start=dt.datetime(2026, 12, 7, 9, 32, tzinfo=dt.UTC))
        settings = AppSettings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        desk = SprintDesk(db, clock, settings)
        workshop_id = samples.add_workshop(desk.services)
        desk.workshops.create("Payments retro — Q4", dt.date(2026, 12, 11))
        desk.workshops.create("Lightning Decision Jam: onboarding")
        desk.show_library()
        desk.library.refresh()
        desk.library.resize(900, 420)
        app.processEvents()
        desk.library.grab().save(str(HERE / "library.png"))
        window = desk.open_workshop(workshop_id)
        assert window is not None
        window.resize(1366, 800)
        window.tabs.setCurrentIndex(TAB_AGENDA)
        window.editor.tree.select("item", window.workshop.days[0].items[1].id)
        app.processEvents()
        window.grab().save(str(HERE / "agenda.png"))
        window.tabs.setCurrentIndex(TAB_RUN)
        controller = window.controller
        controller.toggle()
        clock.advance(16 * 60)
        controller.next()
        clock.advance(38 * 60 + 25)
        controller.tick()
        app.processEvents()
        window.grab().save(str(HERE / "run.png"))
        presenter = window.run_panel.presenter
        presenter.resize(1280, 720)
        presenter.show()
        app.processEvents()
        presenter.grab().save(str(HERE / "presenter.png"))
        board = samples.add_board(desk.services, workshop_id)
        board_id = board.board_id
        window.tabs.setCurrentIndex(TAB_BOARDS)
        window.boards.menu.refresh(select=board_id)
        app.processEvents()
        window.boards.view.fit_all()
        app.processEvents()
        window.grab().save(str(HERE / "board.png"))
        # The method library, searched.
        window.tabs.setCurrentIndex(TAB_AGENDA)
        window.editor.tree.select("item", window.workshop.days[1].items[1].id)
        window.editor.find_method()
        window.editor.library.search.setText("sketch")
        window.editor.library.select("crazy-8s")
        app.processEvents()
        window.grab().save(str(HERE / "method-library.png"))
        # A board with a structure, clusters in its columns and perspectives on.
        retro_id = _retro_board(desk, workshop_id)
        window.tabs.setCurrentIndex(TAB_BOARDS)
        window.boards.menu.refresh(select=retro_id)
        window.resize(1366, 1000)  # taller: the board and the perspectives table under it
        window.boards.perspectives.action.setChecked(True)
        app.processEvents()
        under = window.boards.perspectives.panel.parentWidget()
        under.setSizes([480, 240])
        app.processEvents()
        view = window.boards.view
        view.fit_all()
        if view.zoom < 0.5:  # notes are readable from 45 %
            view.set_zoom(0.5)
            view.centerOn(view.board_scene.content_rect().center())
        app.processEvents()
        window.grab().save(str(HERE / "board-structure.png"))
        if os.environ.get("SPRINTDESK_DEFAULT_STRUCTURE"):  # the structure as the dialog makes it
            default_id = _retro_board(desk, workshop_id, None)
            window.boards.menu.refresh(select=default_id)
            app.processEvents()
            window.boards.view.fit_all()
            app.processEvents()
            window.grab().save(os.environ["SPRINTDESK_DEFAULT_STRUCTURE"])
        window.boards.perspectives.action.setChecked(False)
        window.resize(1366, 800)
        grid_id = _grid_board(desk, workshop_id)
        window.boards.menu.refresh(select=grid_id)
        app.processEvents()
        window.boards.view.fit_all()
        app.processEvents()
        window.grab().save(str(HERE / "board-grid.png"))
        # Outcomes a week later: one item done, one overdue.
        controller.toggle()  # pause the run
        samples.add_outcomes(desk.services, workshop_id, board)
        clock.advance(7 * 24 * 3600)
        window.tabs.setCurrentIndex(TAB_OUTCOMES)
        window.outcome_tab.panel.reload()
        app.processEvents()
        window.grab().save(str(HERE / "outcomes.png"))
        # Its follow-up: what is still open comes along.
        follow_id, changes = desk.series.create_follow_up(workshop_id, start_date=dt.date(2026, 12, 14))
        desk.hub.publish(changes)
        desk.outcomes.add_decision(follow_id, "Ship saved addresses first, behind a flag", "Dana Ruiz")
        follow_people = {p.name: p.id for p in desk.workshops.get(follow_id).participants}
        desk.outcomes.add_action(
            follow_id,
            "Plan the flag roll-out with support",
            follow_people["Ana Costa"],
            dt.date(2026, 12, 18),
        )
        follow = desk.open_workshop(follow_id)
        assert follow is not None
        follow.resize(1366, 800)
        follow.tabs.setCurrentIndex(TAB_OUTCOMES)
        follow.outcome_tab.panel.reload()
        app.processEvents()
        follow.grab().save(str(HERE / "follow-up.png"))
        desk.close()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
