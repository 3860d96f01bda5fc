"""WCAG AA for the room: every text/background pair of both themes, the presenter view and
the board's notes reads at 4.5:1 at least (3:1 for the presenter view's large text). The pairs
are the colours the code paints with, taken from where it takes them (theme.py, the palette Qt
is given, the presenter's colours, domain/note_palette.py, the structure layer, the perspective
cards), with transparency blended the way it is painted. Dimmed notes (the ones a search does
not match) and disabled controls are meant to recede; WCAG exempts them, and so does this."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.contrast import AA_LARGE, AA_TEXT, contrast, over
from sprintdesk.domain.note_palette import COVER, INK, PAPER
from sprintdesk.ui.board import note_item, perspective_item, structure_layer
from sprintdesk.ui.board.cluster_item import CLUSTER_TINT, cluster_ink
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.theme import DARK, LIGHT, Colors

Pair = tuple[str, str, str, float]  # what, text colour, background, the least contrast
SCHEMES = {"light": LIGHT, "dark": DARK}


def _failures(pairs: Iterator[Pair]) -> list[str]:
    return [
        f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1 (needs {least}:1)"
        for what, fg, bg, least in pairs
        if contrast(fg, bg) < least
    ]


def _theme_pairs(name: str, c: Colors) -> Iterator[Pair]:
    for ground in ("window", "surface"):
        bg = getattr(c, ground)
        for role in ("text", "muted", "accent", "ok", "warn", "late"):  # labels, links, status text
            yield f"{name} {role} on {ground}", getattr(c, role), bg, AA_TEXT
    on_accent = theme.on_accent(c)
    yield (
        f"{name} text on the accent (selected tab, checked and primary buttons)",
        on_accent,
        c.accent,
        AA_TEXT,
    )
    current = over(c.accent, 0.18, c.surface)  # run mode's current agenda row
    for role in ("text", "late"):
        yield f"{name} {role} on the current agenda row", getattr(c, role), current, AA_TEXT


def _palette_pairs(name: str, c: Colors) -> Iterator[Pair]:
    palette = theme.palette_of(c)
    role, group = QPalette.ColorRole, QPalette.ColorGroup.Active
    pairs = (
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.Text, role.AlternateBase),
        (role.ButtonText, role.Button),
        (role.ToolTipText, role.ToolTipBase),
        (role.HighlightedText, role.Highlight),
        (role.PlaceholderText, role.Base),
        (role.Link, role.Base),
    )
    for fg, bg in pairs:
        yield (
            f"{name} palette {fg.name} on {bg.name}",
            palette.color(group, fg).name(),
            palette.color(group, bg).name(),
            AA_TEXT,
        )


def _presenter_pairs(name: str, c: Colors) -> Iterator[Pair]:
    """Large text on the presenter's background: the title, instructions, what is next, the
    position and caption (muted), the countdown in every tone; also under the brief colour
    wash at one minute left and at time up, at its strongest."""
    tones = {"text": c.text, "muted": c.muted, "accent": c.accent, "warn": c.warn, "late": c.late}
    for tone, fg in tones.items():
        yield f"presenter {name} {tone} on its background", fg, c.window, AA_LARGE
    for wash in ("warn", "late"):  # one minute left: the countdown is amber; time up: red
        bg = over(getattr(c, wash), 0.28, c.window)
        for tone in ("text", "muted", wash):
            yield f"presenter {name} {tone} under the {wash} wash", tones[tone], bg, AA_LARGE


def _control_pairs(name: str, c: Colors) -> Iterator[Pair]:
    """Controls that are not text (WCAG's non-text contrast, 3:1): a check box's edge and
    tick (theme.indicator_colors), the ring round the picked note colour (theme.swatch_ring)."""
    edge, ground, tick = theme.indicator_colors(c)
    for where in ("window", "surface"):
        yield f"{name} check box edge on the {where}", edge, getattr(c, where), 3.0
    yield f"{name} check box edge on its inside", edge, ground, 3.0
    yield f"{name} check box tick on its inside", tick, ground, 3.0
    for where in ("window", "surface"):
        yield f"{name} picked colour's ring on the {where}", theme.swatch_ring(c), getattr(c, where), 3.0


def _board_pairs() -> Iterator[Pair]:
    for color, paper in PAPER.items():
        yield f"note text on {color.value} paper", INK, paper, AA_TEXT
        faint = over(INK, note_item.FOOTER_ALPHA, paper)
        yield f"note author on {color.value} paper", faint, paper, AA_TEXT
    yield "a covered note's label", INK, COVER, AA_TEXT
    yield "a covered note's 'hidden'", over(INK, note_item.FOOTER_ALPHA, COVER), COVER, AA_TEXT
    for fill in (note_item.BADGE_REVEALED, note_item.BADGE_MINE):
        yield f"vote badge on {fill}", note_item.BADGE_TEXT, fill, AA_TEXT
    grounds = {f"{n} board": c.surface for n, c in SCHEMES.items()}
    for dark, shades in structure_layer.SHADES.items():
        scheme = "dark" if dark else "light"
        fill, band, _line, title, faint = shades
        grounds |= {f"{scheme} region": fill, f"{scheme} region header": band}
        for ground, bg in (("region", fill), ("region header", band)):
            yield f"{scheme} structure title on {ground}", title, bg, AA_TEXT
            yield f"{scheme} structure axis ends on {ground}", faint, bg, AA_TEXT
    for ground, bg in grounds.items():
        for color in NoteColor:
            tint = over(PAPER[color], CLUSTER_TINT, bg)
            yield f"cluster title on {color.value} tint over the {ground}", cluster_ink(tint), tint, AA_TEXT
    card = perspective_item.CARD
    yield "perspective card text", perspective_item.INK, card, AA_TEXT
    for verdict, shade in perspective_item.VERDICT_INK.items():
        yield f"perspective verdict {verdict.name}", shade, card, AA_TEXT


@pytest.mark.parametrize("name", SCHEMES)
def test_both_themes_read_well(name: str) -> None:
    failures = _failures(_theme_pairs(name, SCHEMES[name]))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", SCHEMES)
def test_the_palette_qt_is_given_reads_well(app, name: str) -> None:  # type: ignore[no-untyped-def]
    failures = _failures(_palette_pairs(name, SCHEMES[name]))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", SCHEMES)
def test_the_presenter_view_reads_from_the_back_of_the_room(name: str) -> None:
    failures = _failures(_presenter_pairs(name, SCHEMES[name]))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", SCHEMES)
def test_check_boxes_and_the_picked_colour_are_seen(name: str) -> None:
    failures = _failures(_control_pairs(name, SCHEMES[name]))
    assert not failures, "\n".join(failures)


def test_the_board_reads_well_in_both_themes() -> None:
    failures = _failures(_board_pairs())
    assert not failures, "\n".join(failures)
