"""The PDFs of a workshop stored in a real SQLite file, summarised by SummaryService."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Participant, Role, Workshop
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.summary import write_summary_pdf
from sprintdesk.services.boards import BoardService
from sprintdesk.services.run import LiveRun
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database

PEOPLE = ("Zoë", "Łukasz", "Ærøskøbing", "Ελένη", "Юлия")
ROLES = (Role.DECIDER, Role.UX, Role.PM, Role.ENGINEERING, Role.OTHER)
SECRET = "bring the spare clicker"


def _stored_workshop(db: Database) -> int:
    workshop = Workshop(
        title="Checkout sprint — Ærøskøbing",
        goal="Decide how checkout gets faster",
        start_date=dt.date(2026, 12, 7),
        facilitator="Ελένη",
        participants=tuple(Participant(name, role) for name, role in zip(PEOPLE, ROLES, strict=True)),
        days=(
            AgendaDay(
                start_time=dt.time(9, 0),
                title="Map",
                items=(
                    AgendaItem("Intro", 5, ItemKind.PRESENTATION, "Say hello", SECRET),
                    AgendaItem("How might we", 20, ItemKind.EXERCISE, "Write notes"),
                    AgendaItem("Coffee", 15, ItemKind.BREAK),
                ),
            ),
            AgendaDay(start_time=dt.time(9, 30), title="Sketch", items=(AgendaItem("Crazy 8s", 8),)),
        ),
    )
    workshops = WorkshopService(db)
    workshop_id, _ = workshops.add(workshop)
    stored = workshops.get(workshop_id)
    people = {p.name: p.id or 0 for p in stored.participants}
    boards = BoardService(db)
    board_id, _ = boards.create(workshop_id, "How might we")
    ids, _ = boards.add_notes(
        board_id,
        ["HMW make checkout instant?", "HMW skip the address form?", "HMW explain fees 0.1 <A <0.9?"],
        author_id=people["Юлия"],
    )
    more, _ = boards.add_notes(board_id, ["HMW help slow connections?"], color=NoteColor.PURPLE)
    boards.group(board_id, ids[:2], "Speed")
    voting = VotingService(db)
    voting.start(board_id, VoteRules(3, 1))
    voting.cast(board_id, people["Zoë"], ids[0])
    voting.cast(board_id, people["Łukasz"], ids[0])
    voting.cast(board_id, people["Ελένη"], more[0])
    voting.cast(board_id, people["Zoë"], ids[1], True)
    voting.reveal(board_id)
    boards.create(workshop_id, "Parking lot")  # an empty board
    clock = FakeClock(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))
    live = LiveRun(db, workshop_id, clock)
    live.start()
    clock.advance(7 * 60 + 30)
    live.next()
    clock.advance(18 * 60)
    live.pause()
    return workshop_id


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def test_summary_of_a_stored_workshop(db: Database, tmp_path: Path) -> None:
    summary = SummaryService(db).build(_stored_workshop(db))
    target = tmp_path / "summary.pdf"
    write_summary_pdf(summary, target)
    text = _text(target)
    for name in PEOPLE:
        assert name in text
    assert "Checkout sprint — Ærøskøbing" in text and "Decide how checkout gets faster" in text
    assert "Intro" in text and "Crazy 8s" in text and SECRET in text
    assert "7:30" in text and "2:30 behind" in text  # Intro: 5 min planned, 7:30 taken
    # How might we (20 min planned) is still in progress at 18:00: not "ahead", only so far
    assert "18:00 so far" in text and "ahead" not in text
    assert "HMW make checkout instant?" in text and "0.1 <A <0.9" in text
    assert "Speed" in text and "2 dots" in text and "+1 super" in text
    assert "Board Parking lot: no notes" in text and "Board: Parking lot" not in text  # a line
    reader = PdfReader(target)
    assert reader.metadata is not None and reader.metadata.author == "Ελένη"
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == ["Cover", "Agenda", "Board: How might we", "Boards with no notes"]
    assert 3 <= len(reader.pages) <= 8  # the empty board is a line, not a page


def test_handout_of_a_stored_workshop(db: Database, tmp_path: Path) -> None:
    summary = SummaryService(db).build(_stored_workshop(db))
    # a fixed export time: the footer prints it, and "17:30" would contain "7:30"
    summary = dataclasses.replace(summary, generated_at=dt.datetime(2026, 12, 1, 10, 0))
    target = tmp_path / "handout.pdf"
    write_handout_pdf(summary, target)
    text = _text(target)
    assert "Schedule" in text and "09:05" in text and "Say hello" in text
    assert "Key outcomes" in text and "HMW make checkout instant?" in text and "Speed" in text
    assert SECRET not in text
    assert "behind" not in text and "7:30" not in text
    assert 3 <= len(PdfReader(target).pages) <= 6
