"""Exports of a workshop's summary: the facilitator PDF, the attendee handout, Markdown and
the notes as CSV. Each builds the WorkshopSummary (one read-only transaction), then writes
the file atomically; a failure raises ExportError and leaves no file behind.

The PDF writers are imported (plainly, inside ``pdf_writer``) only when a PDF is written:
ReportLab is heavy, and an installation without it still exports everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sprintdesk.domain.clock import Clock
from sprintdesk.domain.summary import WorkshopSummary
from sprintdesk.export.atomic import ExportError
from sprintdesk.export.markdown.summary import write_markdown
from sprintdesk.export.notes_csv import write_notes_csv
from sprintdesk.services.summary import SummaryService
from sprintdesk.storage.database import Database

Progress = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class Written:
    """One file an export wrote: what it is, where, and its page count when known."""

    kind: str
    path: Path
    pages: int | None = None
    rows: int | None = None

    def describe(self) -> str:
        if self.pages is not None:
            return f"wrote {self.kind} {self.path} ({self.pages} page{'s' if self.pages != 1 else ''})"
        if self.rows is not None:
            return f"wrote {self.kind} {self.path} ({self.rows} note{'s' if self.rows != 1 else ''})"
        return f"wrote {self.kind} {self.path}"


def pdf_writer(kind: str) -> Callable[..., None]:
    """``write_summary_pdf`` ("summary") or ``write_handout_pdf`` ("handout"), imported on
    first use; ExportError when this installation has no PDF export (no ReportLab)."""
    try:
        if kind == "summary":
            from sprintdesk.export.pdf.summary import write_summary_pdf

            return write_summary_pdf
        if kind == "handout":
            from sprintdesk.export.pdf.handout import write_handout_pdf

            return write_handout_pdf
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing and (missing == "reportlab" or f"sprintdesk.export.pdf.{kind}".startswith(missing)):
            raise ExportError(f"PDF {kind} export is not available in this installation") from None
        raise
    raise KeyError(kind)


def _guarded(target: Path, write: Callable[[], Any]) -> Any:
    try:
        return write()
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None


class ExportService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock

    def summary(self, workshop_id: int) -> WorkshopSummary:
        return SummaryService(self._db, self._clock).build(workshop_id)

    def pdf(
        self, kind: str, summary: WorkshopSummary, target: Path, progress: Progress | None = None
    ) -> Written:
        """``kind`` is "summary" (facilitator) or "handout" (attendees)."""
        write = pdf_writer(kind)
        result = _guarded(target, lambda: write(summary, Path(target), progress=progress))
        pages = result if isinstance(result, int) and not isinstance(result, bool) else None
        return Written(kind, Path(target), pages=pages)

    def markdown(self, summary: WorkshopSummary, target: Path, *, private_notes: bool = False) -> Written:
        _guarded(target, lambda: write_markdown(summary, Path(target), private_notes=private_notes))
        return Written("markdown", Path(target))

    def notes_csv(self, summary: WorkshopSummary, target: Path) -> Written:
        rows = _guarded(target, lambda: write_notes_csv(summary, Path(target)))
        return Written("csv", Path(target), rows=rows)
