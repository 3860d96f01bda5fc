"""Walkthrough 13, S9: the join slide and the corner code follow View > Presenter theme, like
the presenter view under them: no white slide flashing in a darkened room when J is pressed,
whatever the app's own theme. The QR keeps its light quiet zone (phones need it)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication

from sprintdesk.domain.clock import FakeClock
from sprintdesk.ui.room.join_slide import SharedScreenJoin
from sprintdesk.ui.run.presenter_window import PresenterWindow
from sprintdesk.ui.shared import theme


@dataclass(frozen=True)
class Address:
    join_url: str = "http://192.168.178.23:48211/j/Zq3v_8PbVw0s-TnKa1LxYc4EoRmHj9Df"
    short_url: str = "http://192.168.178.23:48211"
    room_code: str = "K7P2QX"


@pytest.fixture
def themes(qapp):  # type: ignore[no-untyped-def]
    before = (theme.app_theme(), theme.presenter_theme())

    def choose(app_theme: str, presenter_theme: str) -> None:
        theme.set_app_theme(QApplication.instance(), app_theme)  # type: ignore[arg-type]
        theme.set_presenter_theme(presenter_theme)

    yield choose
    choose(*before)


@pytest.mark.parametrize(("app_theme", "presenter_theme"), [("light", "dark"), ("dark", "light")])
def test_the_join_slide_and_corner_wear_the_presenter_theme(
    qtbot, themes, app_theme: str, presenter_theme: str
) -> None:  # type: ignore[no-untyped-def]
    themes(app_theme, presenter_theme)
    wanted = theme.DARK if presenter_theme == "dark" else theme.LIGHT
    presenter = PresenterWindow(FakeClock())
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    presenter.show()
    qtbot.waitExposed(presenter)
    screen = SharedScreenJoin(presenter)
    screen.set_address(Address())
    screen.set_slide_visible(True)
    qtbot.waitUntil(screen.slide.isVisible)
    slide = screen.slide.grab().toImage()
    assert slide.pixelColor(3, 3).name() == wanted.window, "the join slide flashes the app's colours"
    assert slide.pixelColor(slide.width() - 3, slide.height() // 2).name() == wanted.window
    qr = screen.slide.qr_rect
    assert slide.pixelColor(qr.left() + 2, qr.top() + 2).name() == "#ffffff"  # the quiet zone stays
    screen.set_slide_visible(False)
    qtbot.waitUntil(screen.corner.isVisible)
    corner = screen.corner.grab().toImage()
    assert corner.pixelColor(3, corner.height() - 3).name() == wanted.surface, (
        "the corner is not in the presenter's colours"
    )
    themes(app_theme, app_theme)  # the presenter theme switched while the corner is up
    qtbot.waitUntil(
        lambda: screen.corner.grab().toImage().pixelColor(3, corner.height() - 3).name() != wanted.surface
    )
