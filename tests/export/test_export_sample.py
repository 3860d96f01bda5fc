"""The summary of the sample workshop (sprintdesk/samples.py) in Markdown and PDF: its
clusters ranked with their dots, the Decider's supervote, the decisions with where they came
from and the action items with owner, due date and status."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from sprintdesk.samples import Sample
from sprintdesk.services.bundle import Services


def test_the_markdown_summary_of_the_sample(services: Services, sample: Sample, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    services.exports.markdown(services.exports.summary(sample.workshop_id), target)
    lines = target.read_text(encoding="utf-8").splitlines()
    expected = [
        "**Participants:** Ana Costa (PM), Ben Okafor (UX), Chen Wei (Engineering), Dana Ruiz (Decider)",
        "**Total:** planned 6h 03m, actual –.",
        "| 1 | Prototype the one\\-page checkout with saved addresses | Dana Ruiz | cluster: Speed |",
        "| 3 | Instalments are out of scope for this sprint | Dana Ruiz "
        "| note: HMW support paying in instalments? |",
        "| ☑ Recruit five returning customers for the test | Ana Costa | 2026-12-09 | Done |   |",
        "| ☐ Share the test recordings with support | _Nobody yet_ | – | Open |   |",
        "### Speed (7 dots, 1 supervote)",
        "- HMW make checkout feel instant? _(Ana Costa, PM; 4 dots, 1 supervote)_",
        "### Trust (4 dots)",
        "### Payment options (1 dot)",
        "| 1 | HMW make checkout feel instant? | 4 | 1 |",
    ]
    for line in expected:
        assert line in lines, line
    board = ["Speed", "Trust", "Payment options", "Not in a cluster"]
    headings = [line[4:].split(" (")[0] for line in lines if line.startswith("### ")]
    assert [h for h in headings if h in board] == board  # clusters by their votes, loose notes last


def test_the_pdf_summary_of_the_sample(services: Services, sample: Sample, tmp_path: Path) -> None:
    written = services.exports.pdf(
        "summary", services.exports.summary(sample.workshop_id), tmp_path / "s.pdf"
    )
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(written.path).pages).split())
    for fragment in (
        "Checkout redesign — design sprint",
        "Prototype the one-page checkout with saved addresses",
        "Share the test recordings with support",
        "HMW make checkout feel instant?",
        "Payment options",
    ):
        assert fragment in text, fragment
    assert text.index("Speed") < text.index("Payment options")
