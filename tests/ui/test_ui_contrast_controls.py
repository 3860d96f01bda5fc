"""Walkthrough 13, S10: in the dark theme (and the light one) a check box's edge and the ring
round the picked note colour stand out from what is around them: 3:1 at least (WCAG's
non-text contrast), measured on the pixels Qt draws with the app's palette and style sheet."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton, QWidget

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.contrast import contrast
from sprintdesk.ui.board.entry import palette_bar
from sprintdesk.ui.shared import theme

NON_TEXT = 3.0


@pytest.fixture(params=["dark", "light"])
def scheme(request, qapp):  # type: ignore[no-untyped-def]
    before = theme.app_theme()
    theme.set_app_theme(QApplication.instance(), request.param)  # type: ignore[arg-type]
    yield theme.DARK if request.param == "dark" else theme.LIGHT
    theme.set_app_theme(QApplication.instance(), before)  # type: ignore[arg-type]


def _best(image, box, ground: str) -> float:  # type: ignore[no-untyped-def]
    """The highest contrast to ``ground`` of any pixel in ``box``."""
    best = 1.0
    for y in range(max(0, box.top()), min(image.height(), box.bottom() + 1)):
        for x in range(max(0, box.left()), min(image.width(), box.right() + 1)):
            best = max(best, contrast(image.pixelColor(x, y).name(), ground))
    return best


def _indicator(box: QCheckBox):  # type: ignore[no-untyped-def]
    option = QStyleOptionButton()
    box.initStyleOption(option)
    return box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)


def test_an_unticked_check_box_is_seen(scheme, qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    box = QCheckBox("Several dots on one note", holder)
    holder.resize(300, 40)
    holder.show()
    qtbot.waitExposed(holder)
    image = box.grab().toImage()
    edge = _best(image, _indicator(box), scheme.window)
    assert edge >= NON_TEXT, f"an unticked check box's edge is {edge:.2f}:1 on the window"
    box.setChecked(True)
    image = box.grab().toImage()
    tick = _best(image, _indicator(box).adjusted(3, 3, -3, -3), scheme.surface)
    assert tick >= NON_TEXT, f"the tick is {tick:.2f}:1"


def test_the_picked_note_colour_wears_a_ring_that_is_seen(scheme, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = palette_bar(lambda _color: None)
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    swatch = bar.buttons[NoteColor.YELLOW]
    assert swatch.isChecked()
    image = swatch.grab().toImage()
    ring = image.rect().adjusted(0, image.height() // 2 - 1, 0, -(image.height() // 2 - 1))
    ring.setWidth(3)  # the left edge of the round swatch, where the ring is
    measured = _best(image, ring, scheme.window)
    assert measured >= NON_TEXT, f"the picked colour's ring is {measured:.2f}:1 on the window"
