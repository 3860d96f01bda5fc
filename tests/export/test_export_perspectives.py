"""The Perspectives section of the summary PDF and the Markdown summary, from a real SQLite
file through SummaryService: per cluster the notes and revealed votes by role, the verdict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from sprintdesk.domain.voting import VoteRules
from sprintdesk.domain.workshop import Participant, Role, Workshop
from sprintdesk.export.markdown.summary import render_markdown
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.summary import write_summary_pdf
from sprintdesk.services.boards import BoardService
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database


@pytest.fixture
def stored(db: Database) -> tuple[int, int]:
    """A workshop with a board: "Checkout <trust>" (3 UX notes, 1 PM) is one-sided, "Speed"
    (2 PM, 2 Engineering) is shared, "Tiny" has one note, one loose note has no author; the
    vote has a dot from Pia and from Eli."""
    workshops, boards = WorkshopService(db), BoardService(db)
    people = (Participant("Pia", Role.PM), Participant("Uma", Role.UX), Participant("Eli", Role.ENGINEERING))
    workshop_id, _ = workshops.add(
        Workshop("Checkout sprint", start_date=dt.date(2026, 12, 7), participants=people)
    )
    ids = {p.name: p.id for p in workshops.get(workshop_id).participants}
    board_id, _ = boards.create(workshop_id, "How might we")
    ux, _ = boards.add_notes(board_id, ["Badges", "Reviews", "Guarantee"], author_id=ids["Uma"])
    pm, _ = boards.add_notes(board_id, ["Refund policy", "Fast lane", "Fewer fields"], author_id=ids["Pia"])
    eng, _ = boards.add_notes(board_id, ["Cache", "Prefetch", "Lazy images"], author_id=ids["Eli"])
    boards.add_notes(board_id, ["Nobody wrote this"])
    boards.group(board_id, [*ux, pm[0]], "Checkout <trust>")
    boards.group(board_id, [pm[1], pm[2], eng[0], eng[1]], "Speed")
    boards.group(board_id, [eng[2]], "Tiny")
    voting = VotingService(db)
    voting.start(board_id, VoteRules())
    voting.cast(board_id, ids["Pia"] or 0, ux[0])
    voting.cast(board_id, ids["Eli"] or 0, eng[0])
    return workshop_id, board_id


def _text(path: Path) -> str:
    """The document's text with every run of white space as one space (table cells wrap)."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def _outline(entries: list[object]) -> list[str]:
    titles: list[str] = []
    for entry in entries:
        titles += _outline(entry) if isinstance(entry, list) else [str(getattr(entry, "title", ""))]
    return titles


def test_summary_pdf_has_the_breakdown_and_hides_votes_until_revealed(
    db: Database, stored: tuple[int, int], tmp_path: Path
) -> None:
    workshop_id, board_id = stored
    hidden_pdf = tmp_path / "hidden.pdf"
    write_summary_pdf(SummaryService(db).build(workshop_id), hidden_pdf)
    text = _text(hidden_pdf)
    section = text[text.index("Perspectives Notes and votes") :]
    assert "Checkout <trust>" in section and "Speed" in section and "Whole board" in section
    assert "4: PM 1 · UX 3" in section
    assert "4: PM 2 · Engineering 2" in section
    assert "One-sided: 75 % UX" in section and "Shared: PM, Engineering" in section
    assert "Too few notes to tell" in section
    assert "1: No author 1" in section and "Not in a cluster" in section
    assert "10: PM 3 · UX 3 · Engineering 3 · No author 1" in section
    assert "not revealed" in section and "its dots are left out" in section
    assert "2: PM 1 · Engineering 1" not in section
    assert "Perspectives" in _outline(PdfReader(hidden_pdf).outline)

    VotingService(db).reveal(board_id)
    shown_pdf = tmp_path / "shown.pdf"
    write_summary_pdf(SummaryService(db).build(workshop_id), shown_pdf)
    section = _text(shown_pdf)
    section = section[section.index("Perspectives Notes and votes") :]
    assert "1: PM 1" in section and "1: Engineering 1" in section
    assert "2: PM 1 · Engineering 1" in section  # the whole board's votes
    assert "not revealed" not in section


def test_the_handout_leaves_perspectives_out(db: Database, stored: tuple[int, int], tmp_path: Path) -> None:
    workshop_id, _ = stored
    handout = tmp_path / "handout.pdf"
    write_handout_pdf(SummaryService(db).build(workshop_id), handout)
    assert "Perspectives" not in _text(handout)


def test_markdown_has_the_perspectives_table(db: Database, stored: tuple[int, int]) -> None:
    workshop_id, board_id = stored
    text = render_markdown(SummaryService(db).build(workshop_id))
    assert "### Perspectives" in text
    assert "| Checkout \\<trust\\> | 4: PM 1 · UX 3 | not revealed | One-sided: 75 % UX |" in text
    assert "| Speed | 4: PM 2 · Engineering 2 | not revealed | Shared: PM, Engineering |" in text
    assert "| **Not in a cluster** | 1: No author 1 | not revealed | Too few notes to tell |" in text
    assert "_The vote was not revealed, so its dots are left out._" in text
    VotingService(db).reveal(board_id)
    text = render_markdown(SummaryService(db).build(workshop_id))
    assert "| Tiny | 1: Engineering 1 | – | Too few notes to tell |" in text
    assert (
        "| **Whole board** | 10: PM 3 · UX 3 · Engineering 3 · No author 1 | 2: PM 1 · Engineering 1 |"
        in text
    )
    assert "not revealed" not in text


def test_an_empty_board_has_no_perspectives(db: Database) -> None:
    workshop_id, _ = WorkshopService(db).add(Workshop("Empty"))
    BoardService(db).create(workshop_id, "Nothing yet")
    summary = SummaryService(db).build(workshop_id)
    assert summary.boards[0].perspectives is not None
    assert "Perspectives" not in render_markdown(summary)
