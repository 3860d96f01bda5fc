"""View > Theme (follow the system, light, dark) and View > Presenter theme (the same as the
app, light, dark): applied at once to every window, remembered in the settings. Every window
has its own View menu; their ticks follow one another."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar

from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.settings import AppSettings


def add_view_menu(bar: QMenuBar, settings: AppSettings, redraw: Callable[[], None] | None = None) -> QMenu:
    """A View menu with the two theme choices, before the Help menu when there is one;
    ``redraw`` (a method of the window) runs whenever the look changes, for what the window
    coloured itself (lists it filled with theme colours)."""
    view = QMenu("&View", bar)
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, view)
    else:
        bar.addMenu(view)
    app_menu = view.addMenu("&Theme")
    app_menu.setObjectName("theme_menu")
    _Choices(app_menu, theme.APP_THEMES, theme.app_theme, lambda choice: _set_app(choice, settings))
    presenter_menu = view.addMenu("&Presenter theme")
    presenter_menu.setObjectName("presenter_theme_menu")
    _Choices(
        presenter_menu,
        theme.PRESENTER_THEMES,
        theme.presenter_theme,
        lambda choice: _set_presenter(choice, settings),
    )
    if redraw is not None:
        theme.signals().sig_changed.connect(redraw)
    return view


class _Choices(QObject):
    """One exclusive group of choices in a menu; its tick follows the choice made anywhere
    (the connection ends with the menu)."""

    def __init__(
        self, menu: QMenu, names: dict[str, str], current: Callable[[], str], choose: Callable[[str], None]
    ) -> None:
        super().__init__(menu)
        self._current = current
        group = QActionGroup(menu)
        group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for key, label in names.items():
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, key=key: choose(key))
            group.addAction(action)
            menu.addAction(action)
            self.actions[key] = action
        self.tick()
        theme.signals().sig_changed.connect(self.tick)

    def tick(self) -> None:
        chosen = self.actions.get(self._current())
        if chosen is not None and not chosen.isChecked():
            chosen.setChecked(True)


def _set_app(choice: str, settings: AppSettings) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    settings.set_theme(choice)
    theme.set_app_theme(app, choice)


def _set_presenter(choice: str, settings: AppSettings) -> None:
    settings.set_presenter_theme(choice)
    theme.set_presenter_theme(choice)
