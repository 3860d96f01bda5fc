"""The document frame both PDF exports share: two page templates (a plain cover, content
pages with a header and footer), metadata, progress, and the atomic write."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from sprintdesk.export.atomic import ExportError, atomic_output

from . import style
from .escaping import fit_line
from .flowables import NumberedCanvas, draw_runs

Progress = Callable[[float], None]
HEADER_ROOM = style.FRAME_WIDTH * 0.72
STORY_SHARE = 0.25  # of the progress: building the story; the rest is layout and writing


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    header: str  # the running header (the workshop's title)
    footer: str  # the left footer (kind of document and date)
    kind: str = ""  # the right header ("Workshop summary")
    keywords: str = ""


def _header_footer(canvas: Any, doc: SprintDeskDocument) -> None:
    canvas.saveState()
    canvas.setStrokeColor(style.RULE)
    canvas.setLineWidth(0.5)
    top_rule = style.HEADER_Y - 4
    canvas.line(style.MARGIN_LEFT, top_rule, style.PAGE_WIDTH - style.MARGIN_RIGHT, top_rule)
    canvas.line(
        style.MARGIN_LEFT, style.FOOTER_Y + 10, style.PAGE_WIDTH - style.MARGIN_RIGHT, style.FOOTER_Y + 10
    )
    canvas.setFillColor(style.MUTED)
    header = fit_line(doc.info.header, style.FONT_BOLD, 8.5, HEADER_ROOM)
    draw_runs(canvas, style.MARGIN_LEFT, style.HEADER_Y, header, style.FONT_BOLD, 8.5)
    canvas.setFont(style.FONT, 8)
    canvas.drawRightString(style.PAGE_WIDTH - style.MARGIN_RIGHT, style.HEADER_Y, doc.info.kind)
    canvas.drawString(style.MARGIN_LEFT, style.FOOTER_Y, doc.info.footer)
    canvas.restoreState()


def _cover_page(canvas: Any, doc: SprintDeskDocument) -> None:
    canvas.saveState()
    canvas.setFillColor(style.ACCENT)
    canvas.rect(0, style.PAGE_HEIGHT - 10, style.PAGE_WIDTH, 10, stroke=0, fill=1)
    canvas.setFillColor(style.MUTED)
    canvas.setFont(style.FONT, 8)
    canvas.drawString(style.MARGIN_LEFT, style.FOOTER_Y, doc.info.footer)
    canvas.restoreState()


class SprintDeskDocument(BaseDocTemplate):
    def __init__(self, handle: Any, info: DocumentInfo, progress: Progress | None) -> None:
        super().__init__(
            handle,
            pagesize=style.PAGE_SIZE,
            leftMargin=style.MARGIN_LEFT,
            rightMargin=style.MARGIN_RIGHT,
            topMargin=style.MARGIN_TOP,
            bottomMargin=style.MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=info.keywords,
            creator="SprintDesk",
            producer="SprintDesk (ReportLab)",
            invariant=False,
            initialFontName=style.FONT,
        )
        self.info = info
        frame = Frame(
            style.MARGIN_LEFT,
            style.MARGIN_BOTTOM,
            style.FRAME_WIDTH,
            style.FRAME_HEIGHT,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=_cover_page),
                PageTemplate(id="content", frames=[frame], onPage=_header_footer),
            ]
        )
        self._report = progress
        self._total = 1
        self._done = 0.0
        if progress is not None:
            self.setProgressCallBack(self._on_progress)

    def _on_progress(self, kind: str, value: int) -> None:
        if self._report is None:
            return
        if kind == "SIZE_EST":
            self._total = max(1, value)
        elif kind == "PROGRESS":
            done = STORY_SHARE + (0.98 - STORY_SHARE) * min(1.0, value / self._total)
            if done > self._done:  # splits grow the story: never go backwards
                self._done = done
                self._report(done)


def to_content() -> Flowable:
    """Placed on the cover: the pages after it use the header and footer."""
    return NextPageTemplate("content")


@contextlib.contextmanager
def _reported(target: Path) -> Iterator[None]:
    try:
        yield
    except ExportError:
        raise
    except MemoryError:
        raise ExportError(f"not enough memory to write {target.name}") from None
    except OSError as error:
        raise ExportError(f"cannot write {target.name}: {error.strerror or error}") from None
    except Exception as error:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise ExportError(f"could not lay out {target.name}: {detail}") from None


def write_pdf(
    target: Path,
    info: DocumentInfo,
    build_story: Callable[[Progress], list[Flowable]],
    progress: Progress | None = None,
) -> None:
    """Builds the story, lays it out and writes it atomically; any failure is one
    ExportError and leaves the target as it was."""
    target = Path(target)

    def story_progress(share: float) -> None:
        if progress is not None:
            progress(STORY_SHARE * max(0.0, min(1.0, share)))

    with _reported(target):
        if progress is not None:
            progress(0.0)
        style.register_fonts()
        story = build_story(story_progress)
        with atomic_output(target) as handle:
            document = SprintDeskDocument(handle, info, progress)
            document.build(story, canvasmaker=NumberedCanvas)
        if progress is not None:
            progress(1.0)
