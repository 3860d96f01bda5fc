"""Decisions, action items and "open from last time" in the summary PDF, the handout and
the Markdown, read back (pypdf) and checked for content and escaping."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from sprintdesk.domain.outcome_summary import OutcomeLine, OutcomesSummary
from sprintdesk.domain.outcomes import OutcomeKind, Status
from sprintdesk.domain.summary import PersonSummary, WorkshopSummary
from sprintdesk.domain.workshop import Role
from sprintdesk.export.markdown.summary import render_markdown
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.summary import write_summary_pdf

HOSTILE = "Fix <b>bold</b> & <unclosed"


def outcomes() -> OutcomesSummary:
    return OutcomesSummary(
        decisions=(
            OutcomeLine(
                OutcomeKind.DECISION,
                "Go with concept B",
                "the Decider",
                source="HMW skip the form?",
                source_kind="note",
            ),
            OutcomeLine(OutcomeKind.DECISION, HOSTILE, "Łukasz"),
        ),
        actions=(
            OutcomeLine(
                OutcomeKind.ACTION,
                "Book five interviews",
                owner="Юлия",
                due_date=dt.date(2026, 12, 1),
                overdue=True,
                source="Research",
                source_kind="cluster",
            ),
            OutcomeLine(OutcomeKind.ACTION, "Send the recap", due_date=dt.date(2026, 12, 20)),
            OutcomeLine(OutcomeKind.ACTION, "Order snacks", owner="Łukasz", status=Status.DONE),
        ),
        carried=(
            OutcomeLine(
                OutcomeKind.ACTION, "Check analytics S&P", owner="Юлия", from_workshop="Kick-off <1>"
            ),
            OutcomeLine(
                OutcomeKind.ACTION,
                "Draft the brief",
                status=Status.DONE,
                from_workshop="Kick-off <1>",
                closed_here=True,
            ),
        ),
        follows="Kick-off <1>",
    )


def summary(with_outcomes: OutcomesSummary | None = None) -> WorkshopSummary:
    return WorkshopSummary(
        title="Checkout sprint — follow-up",
        goal="",
        start_date=dt.date(2026, 12, 14),
        end_date=dt.date(2026, 12, 14),
        facilitator="Zoë",
        participants=(PersonSummary("Łukasz", Role.DECIDER), PersonSummary("Юлия", Role.ENGINEERING)),
        days=(),
        boards=(),
        generated_at=dt.datetime(2026, 12, 14, 17, 0),
        outcomes=with_outcomes if with_outcomes is not None else outcomes(),
    )


def text_of(path: Path) -> str:
    return " ".join("\n".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("writer", [write_summary_pdf, write_handout_pdf])
def test_both_pdfs_list_decisions_actions_and_what_was_carried(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.pdf"
    writer(summary(), target)
    text = text_of(target)
    assert "Decisions and action items" in text and "A follow-up of “Kick-off <1>”" in text
    assert "Open from last time" in text and "Check analytics S&P" in text and "from “Kick-off <1>”" in text
    assert "Done here" in text, "closed in this workshop"
    assert "Go with concept B" in text and "the Decider" in text
    assert HOSTILE in text, "user text is escaped, not read as markup"
    assert "Book five interviews" in text and "Юлия" in text and "Overdue" in text
    assert "Tue 1 Dec 2026" in text and "Nobody yet" in text and "Done" in text
    reader = PdfReader(target)
    titles = [e.title for e in reader.outline if not isinstance(e, list)]  # type: ignore[union-attr]
    assert "Decisions and action items" in titles


def test_the_summary_names_sources_and_the_handout_leaves_them_out(tmp_path: Path) -> None:
    write_summary_pdf(summary(), tmp_path / "s.pdf")
    write_handout_pdf(summary(), tmp_path / "h.pdf")
    assert "from the note “HMW skip the form?”" in text_of(tmp_path / "s.pdf")
    assert "from the cluster “Research”" in text_of(tmp_path / "s.pdf")
    handout = text_of(tmp_path / "h.pdf")
    assert "HMW skip the form?" not in handout
    who = handout.split("Who does what", 1)[1]
    assert who.index("Юлия") < who.index("Nobody yet") and "Łukasz" not in who, "owners of open items"
    assert "☐ Check analytics S&P" in who and "☐ Book five interviews — due Tue 1 Dec 2026 overdue" in who
    assert "Order snacks" not in who and "Draft the brief" not in who, "only open items"
    assert "Who does what" not in text_of(tmp_path / "s.pdf")


def test_no_outcomes_no_section(tmp_path: Path) -> None:
    for writer in (write_summary_pdf, write_handout_pdf):
        writer(summary(OutcomesSummary()), tmp_path / "x.pdf")
        assert "Decisions and action items" not in text_of(tmp_path / "x.pdf")
    assert "_No decisions or action items were recorded._" in render_markdown(summary(OutcomesSummary()))


def test_markdown_has_the_tables_and_escapes_user_text() -> None:
    text = render_markdown(summary())
    assert "## Decisions and action items" in text and "_A follow-up of Kick\\-off \\<1\\>._" in text
    assert "### Open from last time" in text
    assert "| ☐ Check analytics S\\&P | Юлия | – | Open | Kick\\-off \\<1\\> |" in text
    assert "| ☑ Draft the brief | _Nobody yet_ | – | Done here | Kick\\-off \\<1\\> |" in text
    assert "| 1 | Go with concept B | the Decider | note: HMW skip the form? |" in text
    assert "Fix \\<b\\>bold\\</b\\> \\& \\<unclosed" in text
    assert "| ☐ Book five interviews | Юлия | 2026\\-12\\-01" not in text  # dates are not escaped
    assert "| ☐ Book five interviews | Юлия | 2026-12-01 | **Overdue** | cluster: Research |" in text
    assert "| ☑ Order snacks | Łukasz | – | Done |   |" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler is not installed")
def test_outcome_pages_render(tmp_path: Path) -> None:
    write_summary_pdf(summary(), tmp_path / "s.pdf")
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "s.pdf"), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("page*.png"))) == len(PdfReader(tmp_path / "s.pdf").pages)
