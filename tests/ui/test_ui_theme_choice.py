"""View > Theme (follow the system, light, dark) and View > Presenter theme (the same as the
app, light, dark): applied at once to every window and to the icons already shown, ticked
alike in every window's menu, remembered; SprintDesk's own icon on every window; and a start
with the remembered choice and the app's desktop identity."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from sprintdesk import APP_ID
from sprintdesk.ui.board.cluster_item import LIGHT_INK
from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.workshop.window import TAB_RUN


@pytest.fixture(autouse=True)
def _back_to_the_system(app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    theme.choose(theme.SYSTEM, theme.SAME)
    theme.apply_theme(app)


def _choice(window, menu_name: str, label: str):  # type: ignore[no-untyped-def]
    menu = window.findChild(QMenu, menu_name)
    assert menu is not None, f"{menu_name} missing"
    return next(a for a in menu.actions() if a.text() == label)


def _ticked(window, menu_name: str) -> str:  # type: ignore[no-untyped-def]
    menu = window.findChild(QMenu, menu_name)
    return next(a.text() for a in menu.actions() if a.isChecked())


def _ink(name: str) -> str:
    """The colour an icon is drawn in now (its most opaque pixel)."""
    image = icon(name).pixmap(QSize(24, 24)).toImage()
    best = max((image.pixelColor(x, y) for y in range(24) for x in range(24)), key=lambda c: c.alpha())
    return QColor(best.red(), best.green(), best.blue()).name()


def _window_colour() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.palette().color(QPalette.ColorRole.Window).name()


def test_view_theme_switches_every_window_live_and_is_remembered(desk, workshop_id, settings, qtbot) -> None:  # type: ignore[no-untyped-def]
    library = desk.library
    window = desk.open_workshop(workshop_id)
    play = icon("play")  # an icon made before the switch follows it too
    assert _ticked(library, "theme_menu") == "Follow the system"

    _choice(library, "theme_menu", "Dark").trigger()
    assert _window_colour() == theme.DARK.window
    assert theme.is_dark() and settings.theme() == "dark"
    assert _ink("play") == theme.DARK.text and _ink("play") == _ink_of(play)
    assert _ticked(window, "theme_menu") == "Dark"  # the other window's menu follows
    day_row = window.run_panel.agenda.topLevelItem(0)  # filled with theme colours: filled again
    assert window.run_panel.agenda.topLevelItem(0).foreground(1).color().name() == theme.DARK.muted, day_row

    _choice(window, "theme_menu", "Light").trigger()
    assert _window_colour() == theme.LIGHT.window
    assert _ink("play") == theme.LIGHT.text == _ink_of(play)
    assert window.run_panel.agenda.topLevelItem(0).foreground(1).color().name() == theme.LIGHT.muted
    assert _ticked(library, "theme_menu") == "Light" and settings.theme() == "light"

    _choice(library, "theme_menu", "Follow the system").trigger()
    assert settings.theme() == "system" and theme.app_theme() == theme.SYSTEM
    assert theme.is_dark() == theme.system_is_dark()


def _ink_of(made) -> str:  # type: ignore[no-untyped-def]
    image = made.pixmap(QSize(24, 24)).toImage()
    best = max((image.pixelColor(x, y) for y in range(24) for x in range(24)), key=lambda c: c.alpha())
    return QColor(best.red(), best.green(), best.blue()).name()


def test_the_presenter_view_follows_the_app_or_has_its_own_theme(desk, sample, settings, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.run_panel.set_presenter_visible(True)
    presenter = window.run_panel.presenter
    qtbot.waitExposed(presenter)

    def background() -> str:
        return presenter.palette().color(presenter.backgroundRole()).name()

    _choice(window, "theme_menu", "Light").trigger()
    assert background() == theme.LIGHT.window  # the same as the app

    _choice(window, "presenter_theme_menu", "Dark").trigger()
    assert settings.presenter_theme() == "dark"
    assert background() == theme.DARK.window and _window_colour() == theme.LIGHT.window
    assert presenter.ring.colors_of() is theme.DARK
    assert theme.DARK.text in presenter.title.styleSheet()
    grab = presenter.grab().toImage()
    corner = grab.pixelColor(5, grab.height() - 5).name()
    assert corner == theme.DARK.window, "the presenter view is not drawn dark"
    assert _ticked(desk.library, "presenter_theme_menu") == "Dark"
    presenter.show_board(desk.boards.load(sample.board.board_id))  # the board on the shared screen
    view = presenter.board_view
    qtbot.waitUntil(view.isVisible)
    ground = view.viewport().grab().toImage()
    assert ground.pixelColor(3, 3).name() == theme.DARK.surface, "the room's board is not drawn dark"
    title = _title_colours(view, sample.board.clusters["Speed"])
    assert LIGHT_INK in title, f"a cluster title on the dark board is not drawn light: {sorted(title)[:8]}"

    _choice(window, "theme_menu", "Dark").trigger()
    _choice(window, "presenter_theme_menu", "Light").trigger()  # a light slide in a dark app
    assert background() == theme.LIGHT.window and _window_colour() == theme.DARK.window

    _choice(window, "presenter_theme_menu", "Same as the app").trigger()
    assert background() == theme.DARK.window and settings.presenter_theme() == "app"


def _title_colours(view, cluster_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    """The colours in the title band of a cluster's frame as the view draws it."""
    item = view.scene().clusters[cluster_id]
    band = view.mapFromScene(item.mapToScene(item.title_rect())).boundingRect()
    image = view.viewport().grab(band).toImage()
    return {image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())}


def test_every_window_wears_sprintdesks_icon(desk, workshop_id) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    for shown in (desk.library, window, window.run_panel.presenter):
        sizes = {size.width() for size in shown.windowIcon().availableSizes()}
        assert {16, 32, 48, 256, 512} <= sizes, type(shown).__name__
        image = shown.windowIcon().pixmap(QSize(48, 48)).toImage()
        assert image.pixelColor(6, 40).name() == "#facc15"  # the sticky note's yellow


@pytest.mark.slow  # starts another process
def test_a_start_applies_the_remembered_theme_and_names_the_app_for_the_desktop(tmp_path: Path) -> None:
    """In its own process: the remembered choices (an INI file where QSettings keeps them)
    apply before the first window, and Qt is told the desktop entry's name."""
    config = tmp_path / "config"
    (config / "SprintDesk").mkdir(parents=True)
    (config / "SprintDesk" / "SprintDesk.conf").write_text("[view]\ntheme=dark\npresenter_theme=light\n")
    code = textwrap.dedent(
        """
        from PySide6.QtGui import QPalette
        from sprintdesk.app import make_qapplication
        from sprintdesk.ui.shared import theme
        from sprintdesk.ui.shared.settings import AppSettings

        app = make_qapplication(AppSettings())
        print(app.desktopFileName())
        print(app.palette().color(QPalette.ColorRole.Window).name())
        print(theme.presenter_colors().window)
        print(sorted(s.width() for s in app.windowIcon().availableSizes())[0])
        """
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [APP_ID, theme.DARK.window, theme.LIGHT.window, "16"]
