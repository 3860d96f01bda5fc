"""On a structured board, two clusters with the same title stay two clusters in the exports
(review finding: the region listing keyed clusters by title and merged them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.board_structure_presets import preset
from sprintdesk.domain.summary import BoardSummary, ClusterSummary, NoteSummary, WorkshopSummary
from sprintdesk.export.markdown.summary import render_markdown
from sprintdesk.export.pdf.summary import write_summary_pdf


def _summary() -> WorkshopSummary:
    structure = preset("start-stop-continue").build((0.0, 0.0))
    start = structure.regions[0]
    x, y = start.left + 40, start.top + 200
    alpha = NoteSummary("Alpha idea", NoteColor.YELLOW, x, y, cluster="Ideas")
    beta = NoteSummary("Beta idea", NoteColor.BLUE, x, y + 300, cluster="Ideas", dots=1)
    clusters = (
        ClusterSummary("Ideas", NoteColor.GREY, x - 20, y - 60, (alpha,)),
        ClusterSummary("Ideas", NoteColor.GREY, x - 20, y + 240, (beta,), dots=1),
    )
    board = BoardSummary("Retro", (alpha, beta), clusters, voted=True, revealed=True, structure=structure)
    return WorkshopSummary("Retro", "", None, None, "", (), (), (board,), dt.datetime(2026, 12, 1, 12, 0))


def test_markdown_keeps_same_titled_clusters_apart() -> None:
    md = render_markdown(_summary())
    start = md[md.index("### Start") : md.index("### Stop")]
    assert start.count("#### Ideas") == 2
    first, second = start.split("#### Ideas")[1:]
    assert "Alpha idea" in first and "Beta idea" not in first
    assert second.startswith(" (1 dot)") and "Beta idea" in second


def test_pdf_keeps_same_titled_clusters_apart(tmp_path: Path) -> None:
    target = tmp_path / "retro.pdf"
    write_summary_pdf(_summary(), target)
    text = "\n".join(page.extract_text() or "" for page in PdfReader(target).pages)
    assert text.count("Ideas 1 note") == 2
    assert "Ideas 2 notes" not in text
