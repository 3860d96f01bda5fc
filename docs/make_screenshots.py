"""Render the screenshots in docs/ from a sample workshop (offscreen, fake clock).

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

from sprintdesk.app import SprintDesk, make_qapplication
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import (
    AgendaDay,
    AgendaItem,
    ItemKind,
    Participant,
    Role,
    Workshop,
)
from sprintdesk.storage.database import open_database
from sprintdesk.ui.settings import AppSettings
from sprintdesk.ui.workshop_window import TAB_AGENDA, TAB_BOARDS, TAB_RUN

HERE = Path(__file__).resolve().parent

SAMPLE = Workshop(
    title="Checkout redesign — design sprint",
    goal="Decide which checkout concept we prototype and test on Friday",
    start_date=dt.date(2026, 12, 7),
    facilitator="Zoë Martin",
    participants=(
        Participant("Ana Costa", Role.PM),
        Participant("Ben Okafor", Role.UX),
        Participant("Chen Wei", Role.ENGINEERING),
        Participant("Dana Ruiz", Role.DECIDER),
    ),
    days=(
        AgendaDay(
            start_time=dt.time(9, 30),
            title="Map",
            items=(
                AgendaItem("Welcome and how the week works", 15, ItemKind.PRESENTATION),
                AgendaItem(
                    "Long-term goal and sprint questions",
                    45,
                    ItemKind.DISCUSSION,
                    "Be optimistic: where could checkout be in two years?\n"
                    "Then pessimistic: what could stop us getting there?",
                    "Push Dana for a single goal sentence before the break.",
                ),
                AgendaItem("Coffee", 15, ItemKind.BREAK),
                AgendaItem(
                    "Ask the experts — How Might We notes",
                    90,
                    ItemKind.EXERCISE,
                    "Write one How Might We per sticky note while the experts talk.",
                ),
                AgendaItem("Lunch", 60, ItemKind.BREAK),
                AgendaItem("Pick a target on the map", 30, ItemKind.DISCUSSION),
            ),
        ),
        AgendaDay(
            start_time=dt.time(9, 30),
            title="Sketch",
            items=(
                AgendaItem("Lightning demos", 60, ItemKind.EXERCISE),
                AgendaItem("Four-step sketch: notes and ideas", 40, ItemKind.EXERCISE),
                AgendaItem(
                    "Crazy 8s", 8, ItemKind.EXERCISE, "Eight variations of your best idea in eight minutes."
                ),
            ),
        ),
    ),
)


HMW_CSV = """text,color,author,cluster
HMW make checkout feel instant?,yellow,Ana Costa,Speed
HMW skip the address form for returning customers?,yellow,Ben Okafor,Speed
HMW show delivery dates before payment?,blue,Chen Wei,Trust
HMW reassure people their card is safe?,blue,Dana Ruiz,Trust
HMW let people pay with what they already use?,green,Ana Costa,Payment options
HMW support paying in instalments?,green,Ben Okafor,Payment options
HMW explain fees up front?,pink,Chen Wei,Trust
HMW make errors helpful instead of scary?,orange,Ben Okafor,
HMW help people on slow connections?,purple,Dana Ruiz,
"""
VOTES = {"Ana Costa": [0, 1, 4], "Ben Okafor": [0, 2, 3], "Chen Wei": [0, 1, 2], "Dana Ruiz": [3, 0, 1]}


def _board(desk: SprintDesk, workshop_id: int) -> int:
    """The sample's How Might We board, voted and revealed."""
    result = desk.importer.import_file(workshop_id, "How might we.csv", HMW_CSV.encode("utf-8"))
    board_id = result.board_id
    people = {p.name: p.id for p in desk.workshops.get(workshop_id).participants}
    desk.voting.start(board_id, VoteRules(3, 1))
    notes = desk.boards.load(board_id).notes
    for who, picks in VOTES.items():
        for index in picks:
            desk.voting.cast(board_id, people[who], notes[index].id)
    desk.voting.cast(board_id, people["Dana Ruiz"], notes[0].id, True)
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
        workshop_id, _ = desk.workshops.add(SAMPLE)
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
        board_id = _board(desk, workshop_id)
        window.tabs.setCurrentIndex(TAB_BOARDS)
        window.boards.menu.refresh(select=board_id)
        app.processEvents()
        window.boards.view.fit_all()
        app.processEvents()
        window.grab().save(str(HERE / "board.png"))
        desk.close()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
