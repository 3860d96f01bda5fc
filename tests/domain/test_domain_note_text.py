"""The rules that set a note's text, without drawing: the largest size that wraps at word
boundaries (short text large, long text smaller, down to a minimum), a word broken only when
it is wider than the note on its own, an ellipsis when even the minimum does not fit, and the
size below which text cannot be read on screen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.note_text import (
    ELLIPSIS,
    MAX_PX,
    MIN_PX,
    READABLE_PX,
    fit_text,
    readable,
)


class Monospace:
    """Every character 0.6 em wide, lines 1.25 em apart: easy to reason about."""

    def width(self, text: str, pixel_size: int) -> float:
        return len(text) * 0.6 * pixel_size

    def line_height(self, pixel_size: int) -> float:
        return 1.25 * pixel_size


MONO = Monospace()
WIDTH, HEIGHT = 144.0, 104.0
LONG = "Stop long status meetings that could have been an email to the team"


def test_short_text_is_set_large_and_long_text_smaller() -> None:
    one = fit_text("Yes", WIDTH, HEIGHT, MONO)
    few = fit_text("Demo every Friday", WIDTH, HEIGHT, MONO)
    many = fit_text(LONG, WIDTH, HEIGHT, MONO)
    assert one.pixel_size == MAX_PX and one.lines == ("Yes",)
    assert MIN_PX < many.pixel_size < few.pixel_size < one.pixel_size
    for fit in (one, few, many):
        assert not fit.elided and not fit.broken
        assert len(fit.lines) * MONO.line_height(fit.pixel_size) <= HEIGHT
        assert all(MONO.width(line, fit.pixel_size) <= WIDTH for line in fit.lines)
    for text, fit in (("Demo every Friday", few), (LONG, many)):  # the largest: one size up does not fit
        bigger = fit_text(text, WIDTH, HEIGHT, MONO, max_px=fit.pixel_size + 1, min_px=fit.pixel_size + 1)
        assert bigger.elided or bigger.broken


def test_lines_break_at_spaces_and_keep_the_words_whole() -> None:
    text = "Rotate the facilitator every sprint so everyone learns"
    fit = fit_text(text, WIDTH, HEIGHT, MONO)
    assert " ".join(fit.lines) == text  # nothing lost, nothing broken, single spaces
    assert all(line == line.strip() for line in fit.lines)
    assert set(" ".join(fit.lines).split()) == set(text.split())
    assert fit_text("Plan\nwith design", WIDTH, HEIGHT, MONO).lines[0] == "Plan"  # a typed line break stays


def test_only_a_word_wider_than_the_note_is_broken() -> None:
    # "internationalisation" fits whole at some size: it is shrunk, not broken
    fit = fit_text("internationalisation matters", WIDTH, HEIGHT, MONO)
    assert not fit.broken and "internationalisation" in fit.lines
    # 60 letters fit on no line at any allowed size: broken, between its characters only
    word = "x" * 60
    broken = fit_text(f"a {word} b", WIDTH, HEIGHT, MONO)
    assert broken.broken and not broken.elided
    assert "".join(broken.lines).replace(" ", "") == "a" + word + "b"
    assert broken.lines[0] == "a"  # the words around it are not broken
    assert all(MONO.width(line, broken.pixel_size) <= WIDTH for line in broken.lines)


def test_text_that_cannot_fit_is_cut_with_an_ellipsis_at_the_minimum_size() -> None:
    text = " ".join(f"word{i}" for i in range(120))
    fit = fit_text(text, WIDTH, HEIGHT, MONO)
    assert fit.elided and fit.pixel_size == MIN_PX
    assert fit.lines[-1].endswith(ELLIPSIS)
    assert len(fit.lines) * MONO.line_height(MIN_PX) <= HEIGHT
    assert all(MONO.width(line, MIN_PX) <= WIDTH for line in fit.lines)
    shown = " ".join(fit.lines)[: -len(ELLIPSIS)].split()
    words = text.split()
    assert shown[:-1] == words[: len(shown) - 1]  # whole words up to the cut
    assert words[len(shown) - 1].startswith(shown[-1])  # the last one whole or cut short


def test_readable_from_six_and_a_half_pixels_on_screen() -> None:
    assert READABLE_PX == 6.5
    assert readable(22, 0.3) and not readable(22, 0.29)
    assert readable(MAX_PX, READABLE_PX / MAX_PX) and not readable(MIN_PX, 0.5)


@given(
    st.lists(st.text(alphabet="abcdefghij ", min_size=1, max_size=14), min_size=1, max_size=40).map(" ".join),
    st.floats(min_value=60, max_value=300),
    st.floats(min_value=40, max_value=200),
)
def test_whatever_the_text_it_stays_inside_the_box(text: str, width: float, height: float) -> None:
    fit = fit_text(text, width, height, MONO)
    assert MIN_PX <= fit.pixel_size <= MAX_PX
    assert all(MONO.width(line, fit.pixel_size) <= width for line in fit.lines)
    assert len(fit.lines) * MONO.line_height(fit.pixel_size) <= height + 0.01 or len(fit.lines) == 1
    if not fit.elided:
        assert "".join(fit.lines).replace(" ", "") == "".join(text.split())
        if not fit.broken:
            assert " ".join(fit.lines).split() == text.split()
