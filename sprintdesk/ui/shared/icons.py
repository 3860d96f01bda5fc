"""Crisp SVG icons at any size and pixel ratio, drawn in the current theme's text colour, and
the app's own icon.

Each icon ships in a light and a dark variant (``resources/icons/build_icons.py``), so Qt's
own SVG icon engine renders it; nothing is parsed in Python at start-up. Each variant folder
is an icon theme: icons are asked for by name, so switching the theme (View > Theme,
``use_scheme``) redraws every icon already on screen with the other variant.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from sprintdesk import APP_ID
from sprintdesk.ui.shared.resources import resource

APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class _IconThemes:
    ready = False  # looked for once
    found = False  # this installation ships the index files of the two themes
    dark = False  # the variant in use (the theme sets it: theme.apply_theme)


def _icon_themes() -> bool:
    """Our two icon themes on Qt's search path (once); False when this installation lacks
    their index files (each icon is then loaded from its file)."""
    if not _IconThemes.ready:
        _IconThemes.ready = True
        folder = resource("icons")
        if (folder / "light" / "index.theme").is_file() and (folder / "dark" / "index.theme").is_file():
            _IconThemes.found = True
            system = QIcon.themeName()
            if system and not QIcon.fallbackThemeName():
                QIcon.setFallbackThemeName(system)  # icons by other names still come from the desktop's
            QIcon.setThemeSearchPaths([str(folder), *QIcon.themeSearchPaths()])
            QIcon.setThemeName("dark" if _IconThemes.dark else "light")
    return _IconThemes.found


def use_scheme(dark: bool) -> None:
    """Every icon shown from now on (and those already shown, at their next paint) in the
    variant for a dark or a light background."""
    _IconThemes.dark = dark
    if _icon_themes():
        QIcon.setThemeName("dark" if dark else "light")


def icon(name: str) -> QIcon:
    if _icon_themes() and QIcon.themeName() in ("light", "dark"):
        return QIcon.fromTheme(name)
    scheme = "dark" if _IconThemes.dark else "light"
    return QIcon(str(resource("icons", scheme, f"{name}.svg")))


def app_icon() -> QIcon:
    """SprintDesk's own icon (the window icon): its PNGs, 16 to 512 px, so that a window
    manager gets each size it asks for as drawn (the SVG when they are missing)."""
    folder = resource("icons", "app")
    found = QIcon()
    for size in APP_ICON_SIZES:
        png = folder / f"{size}x{size}" / f"{APP_ID}.png"
        if png.is_file():
            found.addFile(str(png), QSize(size, size))
    return found if not found.isNull() else QIcon(str(folder / f"{APP_ID}.svg"))
