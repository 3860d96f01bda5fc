"""Small custom flowables for the PDF exports (a note line, a vote bar, an outline bookmark)
and the canvas that numbers pages "Page X of Y". The board drawing is in ``drawing``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from . import style
from .escaping import CONTINUED_MARKER, fit_line, ltr_end, markup, shorten
from .text import TextObject, draw_line, line_width
from .text import TextParagraph as Paragraph


class NumberedCanvas(Canvas):
    """Keeps every page until the end so each footer can say "Page X of Y". Bookmarks are
    replayed when a page is really emitted, so the outline points at the right pages."""

    footer_text = "Page {page} of {pages}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self._page_bookmarks: list[str] = []

    def beginText(self, x: float = 0, y: float = 0, direction: str | None = None) -> TextObject:
        return TextObject(self, x, y, direction=direction)

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> None:
        self._page_bookmarks.append(key)

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        pages = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            for key in self._page_bookmarks:
                Canvas.bookmarkPage(self, key, fit="XYZ", top=style.PAGE_HEIGHT)
            self._draw_page_number(pages)
            Canvas.showPage(self)
        self._saved_pages = []
        Canvas.save(self)

    def _draw_page_number(self, pages: int) -> None:
        self.saveState()
        self.setFont(style.FONT, 8)
        self.setFillColor(style.MUTED)
        text = self.footer_text.format(page=self._pageNumber, pages=pages)
        self.drawRightString(style.PAGE_WIDTH - style.MARGIN_RIGHT, style.FOOTER_Y, text)
        self.restoreState()


class Bookmark(Flowable):
    """An invisible mark: a PDF outline entry pointing at the page where it lands."""

    _ZEROSIZE = 1

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.title = shorten(title, 120) or "Untitled"
        self.level = level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)


def side_text(who: str, votes: str) -> str:
    """What a note line shows on the right: its author (and role) and its votes."""
    return f"{ltr_end(who)}   {votes}" if who and votes else who or votes


def default_side_width(who: str) -> float:
    return 120.0 if who else 62.0


class NoteLine(Flowable):
    """One note in a list: a colour swatch, the text (split over pages when long, later
    parts headed "[…continued]") and, on the right, who wrote it and its votes.

    ``body`` is either a Paragraph (notes with line breaks, other scripts than DejaVu Sans
    draws as is, or other markup needs) or, the common case, a plain one-line text
    (cleaned, whitespace collapsed, drawn as is in DejaVu Sans) that is
    wrapped with cached word widths and drawn as one text object: no markup parsing."""

    SWATCH = 8.0
    GAP = 6.0
    MARKER_HEIGHT = 10.0
    FONT_SIZE = 9.0
    LEADING = 11.5

    def __init__(
        self,
        body: Paragraph | str,
        color: colors.Color,
        votes: str,
        continued: bool = False,
        who: str = "",
        side_width: float | None = None,
    ) -> None:
        super().__init__()
        self.paragraph: Paragraph | None = body if isinstance(body, Paragraph) else None
        self.text = body if isinstance(body, str) else ""
        self.lines: list[str] = []
        self.color = color
        self.votes = votes
        self.who = who
        self.continued = continued
        self.text_height = 0.0
        self.side_width = default_side_width(who) if side_width is None else side_width

    def _text_width(self, avail_width: float) -> float:
        return max(40.0, avail_width - self.SWATCH - self.GAP * 2 - self.side_width)

    def _extra(self) -> float:
        return (self.MARKER_HEIGHT if self.continued else 0) + 3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        width = self._text_width(avail_width)
        if self.paragraph is None:
            lines = wrap_words(self.text, style.FONT, self.FONT_SIZE, width)
            if lines is None:  # a word wider than the column: Paragraph splits long words
                self.paragraph = Paragraph(markup(self.text, cleaned=True), style.stylesheet()["note"])
            else:
                self.lines = lines
                self.text_height = len(lines) * self.LEADING
        if self.paragraph is not None:
            _, self.text_height = self.paragraph.wrap(width, avail_height)
        self.height = self.text_height + self._extra()
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self._extra()
        if room <= 0:
            return []
        if self.paragraph is None:
            self.wrap(avail_width, avail_height)
        if self.paragraph is None:
            fit = int(room // self.LEADING)
            if fit < 2 or fit >= len(self.lines):  # no orphan line, as the note style
                return []
            head, tail = " ".join(self.lines[:fit]), " ".join(self.lines[fit:])
            return [
                NoteLine(head, self.color, self.votes, self.continued, self.who, self.side_width),
                NoteLine(tail, self.color, "", True, side_width=self.side_width),
            ]
        parts = self.paragraph.split(self._text_width(avail_width), room)
        if len(parts) < 2:
            return []
        first = NoteLine(parts[0], self.color, self.votes, self.continued, self.who, self.side_width)
        rest = [NoteLine(part, self.color, "", True, side_width=self.side_width) for part in parts[1:]]
        return [first, *rest]

    def draw(self) -> None:
        canv = self.canv
        top = self.height - 1
        if self.continued:
            canv.setFont(style.FONT_ITALIC, 7)
            canv.setFillColor(style.MUTED)
            canv.drawString(self.SWATCH + self.GAP, top - 7, CONTINUED_MARKER)
            top -= self.MARKER_HEIGHT
        canv.setFillColor(self.color)
        canv.setStrokeColor(style.RULE)
        canv.setLineWidth(0.4)
        canv.rect(0, top - self.SWATCH - 1, self.SWATCH, self.SWATCH, stroke=1, fill=1)
        if self.paragraph is not None:
            self.paragraph.drawOn(canv, self.SWATCH + self.GAP, top - self.text_height)
        elif self.lines:
            # as Paragraph draws it: first baseline one font size below the top
            text = canv.beginText(self.SWATCH + self.GAP, top - self.FONT_SIZE)
            text.setFont(style.FONT, self.FONT_SIZE, self.LEADING)
            text.setFillColor(style.INK)
            for line in self.lines:
                text.textLine(line)
            canv.drawText(text)
        side = side_text(self.who, self.votes)
        if not side:
            return
        side = fit_line(side, style.FONT, 7.5, self.side_width - 4)
        canv.setFillColor(style.MUTED)
        draw_line(canv, self.width, top - 9, side, style.FONT, 7.5, "end", rtl=False)


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    """stringWidth, remembered: note lists measure the same words and names over and over."""
    return float(stringWidth(text, font, size))


def wrap_words(text: str, font: str, size: float, width: float) -> list[str] | None:
    """``text`` (words separated by single spaces) broken greedily into lines of at most
    ``width`` points; None when a single word is wider than that."""
    if not text:
        return [""]
    space = text_width(" ", font, size)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split(" "):
        wide = text_width(word, font, size)
        if wide > width:
            return None
        if line and used + space + wide > width:
            lines.append(" ".join(line))
            line, used = [word], wide
        elif line:
            line.append(word)
            used += space + wide
        else:
            line, used = [word], wide
    lines.append(" ".join(line))
    return lines


class VoteBar(Flowable):
    """A ranked line: place, label, a bar as long as its share of the top score, count."""

    LABEL_SHARE = 0.5
    RANK_WIDTH = 18.0

    def __init__(self, rank: int, label: Paragraph, value: int, top: int, caption: str) -> None:
        super().__init__()
        self.rank = rank
        self.label = label
        self.value = value
        self.top = max(1, top)
        self.caption = caption
        self.label_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        label_width = avail_width * self.LABEL_SHARE - self.RANK_WIDTH
        _, self.label_height = self.label.wrap(label_width, avail_height)
        self.height = max(self.label_height, 12.0) + 4
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        top = self.height - 2
        canv.setFont(style.FONT_BOLD, 8.5)
        canv.setFillColor(style.MUTED)
        canv.drawRightString(self.RANK_WIDTH - 5, top - 9, f"{self.rank}.")
        self.label.drawOn(canv, self.RANK_WIDTH, top - self.label_height)
        bar_left = self.width * self.LABEL_SHARE + 6
        bar_room = self.width - bar_left - 70
        length = max(1.5, bar_room * self.value / self.top)
        canv.setFillColor(style.BAR)
        canv.setStrokeColor(style.BAR)
        canv.rect(bar_left, top - 10, length, 8, stroke=0, fill=1)
        canv.setFillColor(style.INK)
        canv.setFont(style.FONT, 8)
        canv.drawString(bar_left + length + 4, top - 9, self.caption)


def draw_runs(canv: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """One line of user text from (x, y), in the fonts its scripts need."""
    draw_line(canv, x, y, text, font, size)


def runs_width(text: str, font: str, size: float) -> float:
    return line_width(text, font, size)
