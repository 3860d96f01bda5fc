"""The look of the PDF exports: page geometry, colours, fonts, paragraph styles and the
text of durations. User text is made safe for the paragraph markup in ``escaping``."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.durations import duration_text, lateness_text, whole_seconds
from sprintdesk.domain.note_palette import EDGE, PAPER

from . import fonts

# -- page geometry --------------------------------------------------------------------------
PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = PAGE_SIZE
MARGIN_LEFT = 18 * mm
MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 22 * mm  # room for the header
MARGIN_BOTTOM = 20 * mm  # room for the footer
HEADER_Y = PAGE_HEIGHT - 12 * mm
FOOTER_Y = 10 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

# -- colours: the board palette, shared with the board on screen ---------------------------
INK = colors.HexColor("#111827")
MUTED = colors.HexColor("#6b7280")
RULE = colors.HexColor("#d1d5db")
ACCENT = colors.HexColor("#1d4ed8")
AHEAD = colors.HexColor("#15803d")  # finished early
BEHIND = colors.HexColor("#b91c1c")  # ran over
TABLE_HEAD = colors.HexColor("#e5e7eb")
TABLE_STRIPE = colors.HexColor("#f9fafb")
BAR = colors.HexColor("#60a5fa")


@cache
def board_background(canv: Canvas, width: float, height: float) -> None:
    """The grey, rounded box every drawing of a board sits in (note by note, with its
    structure, or as a map)."""
    canv.setFillColor(colors.HexColor("#f3f4f6"))
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.roundRect(0, 0, width, height, 4, stroke=1, fill=1)


def paper(color: NoteColor) -> colors.Color:
    return colors.HexColor(PAPER.get(color, PAPER[NoteColor.GREY]))


@cache
def edge(color: NoteColor) -> colors.Color:
    return colors.HexColor(EDGE.get(color, EDGE[NoteColor.GREY]))


# -- fonts (see fonts: DejaVu Sans, and a face per script it lacks) ------------------------
FONT, FONT_BOLD = fonts.FONT, fonts.FONT_BOLD
FONT_ITALIC, FONT_BOLD_ITALIC = fonts.FONT_ITALIC, fonts.FONT_BOLD_ITALIC
fonts_dir = fonts.fonts_dir


def register_fonts() -> None:
    """DejaVu Sans in four faces, embedded (subsets) in every PDF; the faces for other
    scripts are loaded when a text needs them."""
    fonts.base_fonts()


# -- durations -------------------------------------------------------------------------------
def clock_text(seconds: float) -> str:
    """m:ss under an hour, h:mm:ss from an hour on (no sign), rounded as run mode rounds."""
    return duration_text(seconds)


def minutes_text(minutes: int) -> str:
    """h:mm for planned durations."""
    hours, rest = divmod(max(0, minutes), 60)
    return f"{hours}:{rest:02d}"


def difference_text(seconds: float | None) -> tuple[str, colors.Color]:
    """Planned against actual as run mode says it (``19:22 behind``: late), with its colour."""
    text = lateness_text(seconds)
    if seconds is None or whole_seconds(seconds) == 0:
        return text, MUTED
    return text, BEHIND if seconds > 0 else AHEAD


# -- styles ----------------------------------------------------------------------------------
@cache
def stylesheet() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "Body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=12.5, textColor=INK
    )

    def style(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "body": base,
        "small": style("Small", fontSize=8, leading=10, textColor=MUTED),
        "cover_title": style("CoverTitle", fontName=FONT_BOLD, fontSize=28, leading=34, spaceAfter=10),
        "cover_goal": style(
            "CoverGoal", fontName=FONT_ITALIC, fontSize=13, leading=18, spaceAfter=18, rtl_right=True
        ),
        "cover_line": style("CoverLine", fontSize=11, leading=16),
        "h1": style("H1", fontName=FONT_BOLD, fontSize=17, leading=21, spaceBefore=4, spaceAfter=8),
        "h2": style("H2", fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
        "h3": style("H3", fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=2),
        "cell": style("Cell", fontSize=8.5, leading=10.5),
        "cell_bold": style("CellBold", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        "cell_right": style("CellRight", fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "note": style("Note", fontSize=9, leading=11.5, rtl_right=True),  # a right-to-left note
        "note_meta": style("NoteMeta", fontSize=7.5, leading=9, textColor=MUTED),
        "board_note": style("BoardNote", fontSize=6, leading=7.2, rtl_right=True),
        "empty": style("Empty", fontName=FONT_ITALIC, textColor=MUTED),
        "center_small": style("CenterSmall", fontSize=8, leading=10, textColor=MUTED, alignment=TA_CENTER),
    }
