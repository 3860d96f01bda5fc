"""What the eye needs in both palettes, measured on pixels the app really draws with its
palette and style sheet: the highlighted entry of a drop-down list and the selected tab
(WCAG 2 contrast: text at least 4.5:1 against its background; the selected tab's background
at least 3:1 against the other tabs', so it stands out)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from sprintdesk.ui.shared import theme


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def background_and_text(image: QImage, rect: QRect) -> tuple[QColor, QColor]:
    """The commonest colour in ``rect`` (the background) and, of the rest, the one that
    stands out most from it (the core of the glyphs)."""
    counts: Counter[int] = Counter()
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            counts[image.pixel(x, y) & 0xFFFFFF] += 1
    background = QColor(counts.most_common(1)[0][0])
    text = max((QColor(rgb) for rgb in counts), key=lambda c: contrast(c, background))
    return background, text


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def palette(request: pytest.FixtureRequest, app) -> Iterator[bool]:  # type: ignore[no-untyped-def]
    theme.apply_theme(app, dark=request.param)
    yield request.param
    theme.apply_theme(app)


def test_the_highlighted_entry_of_a_drop_down_is_legible(palette: bool, qtbot) -> None:  # type: ignore[no-untyped-def]
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItems(["Colour: as written", "Colour by author", "Colour by role"])
    combo.show()
    qtbot.waitExposed(combo)
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(1, 0)
    view.setCurrentIndex(index)  # the entry under the mouse or the arrow keys: highlighted
    view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    image = view.viewport().grab().toImage()
    inset = (4, 4, -4, -4)  # inside any frame drawn round the entry
    background, text = background_and_text(image, view.visualRect(index).adjusted(*inset))
    ratio = contrast(background, text)
    combo.hidePopup()
    assert ratio >= 4.5, f"highlighted entry {text.name()} on {background.name()}: {ratio:.2f}:1"
    plain_background, plain_text = background_and_text(
        image, view.visualRect(view.model().index(2, 0)).adjusted(*inset)
    )
    assert contrast(plain_background, plain_text) >= 4.5
    assert contrast(background, plain_background) >= 3, "the highlighted entry looks like the others"


def test_the_selected_tab_stands_out_and_reads_well(palette: bool, qtbot) -> None:  # type: ignore[no-untyped-def]
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    for title in ("Details", "Agenda", "Boards", "Run"):
        page = QWidget()
        QVBoxLayout(page).addWidget(QLabel(title))
        tabs.addTab(page, title)
    tabs.setCurrentIndex(1)
    tabs.resize(700, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    bar = tabs.tabBar()
    image = bar.grab().toImage()
    inset = (4, 4, -4, -4)
    selected_bg, selected_text = background_and_text(image, bar.tabRect(1).adjusted(*inset))
    other_bg, other_text = background_and_text(image, bar.tabRect(2).adjusted(*inset))
    assert contrast(selected_bg, selected_text) >= 4.5, (selected_text.name(), selected_bg.name())
    assert contrast(other_bg, other_text) >= 4.5, (other_text.name(), other_bg.name())
    assert contrast(selected_bg, other_bg) >= 3, (
        f"the selected tab ({selected_bg.name()}) looks like the others ({other_bg.name()})"
    )
