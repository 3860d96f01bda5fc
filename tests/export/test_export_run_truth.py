"""Run mode tells one truth: planned against actual counts the running item's time so far,
"behind" means late in run mode, the summary PDF and the Markdown alike (never a sign and a
word that disagree), and everything rounds overtime the same way (durations.whole_seconds)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.durations import format_clock, lateness_minutes_text, lateness_text, whole_seconds
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Workshop
from sprintdesk.export.markdown.summary import render_markdown
from sprintdesk.export.pdf.summary import write_summary_pdf
from sprintdesk.services.run import LiveRun
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database

# The day is planned in local time: 09:00 here, whatever the machine's time zone.
PLANNED_START = dt.datetime(2026, 12, 7, 9, 0).astimezone().astimezone(dt.UTC)


def _workshop(db: Database) -> int:
    day = AgendaDay(
        start_time=dt.time(9, 0),
        items=(AgendaItem("Lightning demos", 20), AgendaItem("Sketch", 30)),
    )
    workshop_id, _ = WorkshopService(db).add(
        Workshop(title="Checkout sprint", start_date=PLANNED_START.date(), days=(day,))
    )
    return workshop_id


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def test_a_running_item_19_minutes_over_is_behind_everywhere(db: Database, tmp_path: Path) -> None:
    workshop_id = _workshop(db)
    clock = FakeClock(PLANNED_START)
    live = LiveRun(db, workshop_id, clock)
    live.start()
    clock.advance(20 * 60 + 19 * 60 + 22.6)  # still running, 19:22.6 over
    status = live.status()
    assert status is not None and status.projection is not None
    assert status.projection.describe() == "19 min behind"  # run mode

    summary = SummaryService(db, clock).build(workshop_id)
    item = summary.days[0].items[0]
    assert item.running and item.actual_seconds == pytest.approx(39 * 60 + 22.6)
    write_summary_pdf(summary, tmp_path / "summary.pdf")
    pdf = _pdf_text(tmp_path / "summary.pdf")
    markdown = render_markdown(summary)
    for text in (pdf, markdown):
        assert "39:22 so far" in text and "19:22 behind" in text
        assert "ahead" not in text and "+19:22" not in text and "−19:22" not in text


def test_a_running_item_within_its_time_is_not_ahead(db: Database, tmp_path: Path) -> None:
    """The reported case: the day started 19 min late, the running item has used 0:38 of its
    20 min. Run mode says 19 min behind; the exports must not call the item "ahead"."""
    workshop_id = _workshop(db)
    clock = FakeClock(PLANNED_START + dt.timedelta(minutes=19, seconds=22))
    live = LiveRun(db, workshop_id, clock)
    live.start()
    clock.advance(38)
    status = live.status()
    assert status is not None and status.projection is not None
    assert status.projection.describe() == "19 min behind"

    summary = SummaryService(db, clock).build(workshop_id)
    write_summary_pdf(summary, tmp_path / "summary.pdf")
    for text in (_pdf_text(tmp_path / "summary.pdf"), render_markdown(summary)):
        assert "0:38 so far" in text
        assert "ahead" not in text
        # The day as run mode counts it: started 19:22 late, so 19:22 behind (walkthrough of
        # issue 12: the day total said "9:52 ahead" while run mode said "105 min behind").
        assert "started 19:22 late" in text and "19:22 behind" in text
    assert summary.days[0].difference_seconds == pytest.approx(19 * 60 + 22)


def test_a_finished_item_reads_the_same_in_pdf_and_markdown(db: Database, tmp_path: Path) -> None:
    workshop_id = _workshop(db)
    clock = FakeClock(PLANNED_START)
    live = LiveRun(db, workshop_id, clock)
    live.start()
    clock.advance(15 * 60 + 0.9)  # 4:59.1 early
    live.next()
    summary = SummaryService(db, clock).build(workshop_id)
    write_summary_pdf(summary, tmp_path / "summary.pdf")
    for text in (_pdf_text(tmp_path / "summary.pdf"), render_markdown(summary)):
        assert "15:00" in text and "4:59 ahead" in text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "–"),
        (0.4, "on time"),
        (-0.9, "on time"),
        (9.6, "0:09 behind"),
        (-9.6, "0:09 ahead"),
        (19 * 60 + 22.9, "19:22 behind"),
        (-(3600 + 61), "1:01:01 ahead"),
    ],
)
def test_lateness_has_one_sign_convention_and_one_rounding(seconds: float | None, words: str) -> None:
    assert lateness_text(seconds) == words


def test_minutes_and_clock_round_as_the_seconds_do() -> None:
    assert lateness_minutes_text(19 * 60 + 59) == "19 min behind"  # not 20: toward zero, as the clock
    assert lateness_minutes_text(-(4 * 60 + 59)) == "4 min ahead"
    assert lateness_minutes_text(59) == "on time"
    assert format_clock(-9.6) == "+00:09"
    assert whole_seconds(9.6) == 9 and whole_seconds(-9.6) == -9
