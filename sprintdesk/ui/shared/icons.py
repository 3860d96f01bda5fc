"""Crisp SVG icons at any size and pixel ratio, drawn in the current scheme's text colour.

Each icon ships in a light and a dark variant (``resources/icons/build_icons.py``), so Qt's
own SVG icon engine renders it; nothing is parsed in Python at start-up.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from sprintdesk.ui.shared import theme
from sprintdesk.ui.shared.resources import resource


def icon(name: str) -> QIcon:
    scheme = "dark" if theme.is_dark() else "light"
    return QIcon(str(resource("icons", scheme, f"{name}.svg")))
