"""The look: Fusion with a calm palette, light or dark: the system's scheme, or the one chosen
in View > Theme; the presenter view follows it or has its own (a dark room often wants dark
slides).

Status colours are chosen for contrast on a projector (WCAG AA against both backgrounds,
tests/ui/test_ui_contrast_palettes.py).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from sprintdesk.ui.shared.resources import resource


class Colors(NamedTuple):
    window: str
    surface: str
    text: str
    muted: str
    border: str
    accent: str
    ok: str
    warn: str
    late: str
    track: str


LIGHT = Colors(
    window="#f5f6f8",
    surface="#ffffff",
    text="#111827",
    muted="#4b5563",
    border="#d1d5db",
    accent="#2563eb",
    ok="#15803d",
    warn="#b45309",
    late="#b91c1c",
    track="#e5e7eb",
)
DARK = Colors(
    window="#111418",
    surface="#1b1f24",
    text="#f3f4f6",
    muted="#9ca3af",
    border="#374151",
    accent="#60a5fa",
    ok="#4ade80",
    warn="#fbbf24",
    late="#fb8585",
    track="#2d333b",
)


# View > Theme: the app's choice and the presenter view's (names kept in the settings).
SYSTEM, LIGHT_THEME, DARK_THEME, SAME = "system", "light", "dark", "app"
APP_THEMES = {SYSTEM: "Follow the system", LIGHT_THEME: "Light", DARK_THEME: "Dark"}
PRESENTER_THEMES = {SAME: "Same as the app", LIGHT_THEME: "Light", DARK_THEME: "Dark"}


class _Chosen:
    app = SYSTEM
    presenter = SAME


class ThemeSignals(QObject):
    """Tells the views that draw with theme colours themselves that the look changed."""

    sig_changed = Signal()


_signals: list[ThemeSignals] = []


def signals() -> ThemeSignals:
    if not _signals:
        _signals.append(ThemeSignals(QGuiApplication.instance()))
    return _signals[0]


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark() -> bool:
    """The app's scheme: the one chosen in View > Theme, else the system's."""
    if _Chosen.app == SYSTEM:
        return system_is_dark()
    return _Chosen.app == DARK_THEME


def colors() -> Colors:
    return DARK if is_dark() else LIGHT


def presenter_is_dark() -> bool:
    return is_dark() if _Chosen.presenter == SAME else _Chosen.presenter == DARK_THEME


def presenter_colors() -> Colors:
    """The presenter view's colours: the app's, or its own theme's."""
    return DARK if presenter_is_dark() else LIGHT


def app_theme() -> str:
    return _Chosen.app


def presenter_theme() -> str:
    return _Chosen.presenter


def choose(app_choice: str, presenter_choice: str) -> None:
    """The remembered choices, before the first window (unknown names mean the defaults)."""
    _Chosen.app = app_choice if app_choice in APP_THEMES else SYSTEM
    _Chosen.presenter = presenter_choice if presenter_choice in PRESENTER_THEMES else SAME


def set_app_theme(app: QApplication, choice: str) -> None:
    """Follow the system, or light, or dark: applied to every window now."""
    if choice not in APP_THEMES:
        raise ValueError(f"unknown theme {choice!r}")
    _Chosen.app = choice
    apply_theme(app)
    signals().sig_changed.emit()


def set_presenter_theme(choice: str) -> None:
    if choice not in PRESENTER_THEMES:
        raise ValueError(f"unknown presenter theme {choice!r}")
    _Chosen.presenter = choice
    signals().sig_changed.emit()


def palette_of(c: Colors) -> QPalette:
    return _palette(c)


def status_color(status: str) -> str:
    palette = colors()
    return {"on-track": palette.ok, "slipping": palette.warn, "late": palette.late}.get(status, palette.muted)


def _palette(c: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for name, value in (
        (role.Window, c.window),
        (role.Base, c.surface),
        (role.AlternateBase, c.window),
        (role.Button, c.surface),
        (role.WindowText, c.text),
        (role.Text, c.text),
        (role.ButtonText, c.text),
        (role.ToolTipBase, c.surface),
        (role.ToolTipText, c.text),
        (role.PlaceholderText, c.muted),
        (role.Highlight, c.accent),
        (role.HighlightedText, on_accent(c)),
        (role.Link, c.accent),
        (role.Mid, c.border),
    ):
        palette.setColor(name, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for name in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, name, QColor(c.muted))
    return palette


def on_accent(c: Colors) -> str:
    """Text on the accent colour (selected tabs and list entries, checked and primary buttons)."""
    return "#0b1220" if c is DARK else "#ffffff"


def indicator_colors(c: Colors) -> tuple[str, str, str]:
    """A check box's edge, its inside and its tick: the edge and the tick stand out 3:1 at
    least from the window and the inside (WCAG's non-text contrast); Fusion's own edge, a
    shade of the window, vanished on the dark one."""
    return c.muted, c.surface, c.text


def swatch_ring(c: Colors) -> str:
    """The ring round the note colour picked in the palette: the text colour, so it stands
    out from the window in both themes."""
    return c.text


def stylesheet(c: Colors) -> str:
    on_accent_text = on_accent(c)
    # The arrows of drop-downs and spin boxes: once their frame is styled, Qt draws none.
    arrows = resource("icons", "dark" if c is DARK else "light")
    down, up = (arrows / "down.svg").as_posix(), (arrows / "up.svg").as_posix()
    check = (arrows / "check.svg").as_posix()
    edge, ground, _tick = indicator_colors(c)
    return f"""
    QToolButton, QPushButton {{
        padding: 6px 12px; border: 1px solid {c.border}; border-radius: 6px;
        background: {c.surface};
    }}
    QToolButton:hover, QPushButton:hover {{ border-color: {c.accent}; }}
    QToolBar QToolButton {{ padding: 4px 6px; }}
    QToolButton:checked {{ background: {c.accent}; color: {on_accent_text}; border-color: {c.accent}; }}
    QPushButton:default, QPushButton[primary="true"], QToolButton[primary="true"] {{
        background: {c.accent}; color: {on_accent_text}; border-color: {c.accent}; font-weight: 600;
    }}
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QTimeEdit, QDateEdit, QSpinBox {{
        padding: 4px 6px; border: 1px solid {c.border}; border-radius: 6px;
        background: {c.surface};
    }}
    QComboBox {{ padding-right: 26px; combobox-popup: 0; }}
    QComboBox::drop-down {{
        subcontrol-origin: padding; subcontrol-position: center right; width: 24px; border: none;
    }}
    QComboBox::down-arrow {{ image: url("{down}"); width: 14px; height: 14px; }}
    QAbstractSpinBox {{ padding-right: 24px; }}
    QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
        subcontrol-origin: border; width: 22px; border: none; background: transparent;
    }}
    QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
    QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
    QAbstractSpinBox::up-arrow {{ image: url("{up}"); width: 12px; height: 12px; }}
    QAbstractSpinBox::down-arrow {{ image: url("{down}"); width: 12px; height: 12px; }}
    QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off,
    QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{ image: none; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border-color: {c.accent}; }}
    QLineEdit[invalid="true"] {{ border: 2px solid {c.late}; }}
    QTreeView, QListView, QTableView {{
        border: 1px solid {c.border}; border-radius: 6px; background: {c.surface};
    }}
    QComboBox QAbstractItemView {{
        selection-background-color: {c.accent}; selection-color: {on_accent_text}; outline: none;
    }}
    QComboBox QAbstractItemView::item {{ padding: 4px 6px; }}
    QComboBox QAbstractItemView::item:selected, QComboBox QAbstractItemView::item:hover {{
        background: {c.accent}; color: {on_accent_text};
    }}
    QTabWidget::pane {{ border: none; }}
    QTabBar::tab {{
        padding: 6px 16px; margin: 2px 2px 4px 0; font-weight: 600; color: {c.text};
        background: {c.window}; border: 1px solid {c.border}; border-radius: 6px;
    }}
    QTabBar::tab:hover {{ border-color: {c.accent}; }}
    QTabBar::tab:selected {{ background: {c.accent}; color: {on_accent_text}; border-color: {c.accent}; }}
    QCheckBox::indicator {{
        width: 15px; height: 15px; border: 1px solid {edge}; border-radius: 4px; background: {ground};
    }}
    QCheckBox::indicator:hover {{ border-color: {c.accent}; }}
    QCheckBox::indicator:checked {{ border: 2px solid {c.accent}; image: url("{check}"); }}
    QCheckBox::indicator:disabled {{ border-color: {c.border}; background: {c.window}; }}
    QLabel[role="muted"] {{ color: {c.muted}; }}
    QLabel[role="error"] {{ color: {c.late}; font-weight: 600; }}
    QLabel[role="heading"] {{ font-size: 15pt; font-weight: 700; }}
    QFrame[role="card"] {{
        background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px;
    }}
    """


FUSION_SET = "sprintdesk_fusion"  # property set when the app was started with ``-style fusion``


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """The palette and style sheet: the system's scheme, or ``dark`` when given."""
    # Asking for app.style() wraps the QStyle for Python, which builds its enums (a few ms at
    # start-up); an app started by SprintDesk already has Fusion from its command line.
    if not app.property(FUSION_SET) and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    from sprintdesk.ui.shared.icons import use_scheme

    c = colors() if dark is None else (DARK if dark else LIGHT)
    use_scheme(c is DARK)
    app.setPalette(_palette(c))
    app.setStyleSheet(stylesheet(c))
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)


def follow_system_scheme(app: QApplication) -> None:
    """Apply the theme now and again whenever the system switches light/dark (while View >
    Theme follows the system)."""
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _system_switched(app))


def _system_switched(app: QApplication) -> None:
    if _Chosen.app == SYSTEM:
        apply_theme(app)
        signals().sig_changed.emit()
