"""Which screen the presenter view goes to, and showing it there (full screen when a second
screen is connected). The choice is remembered, and so are the screen the view is on and its
mode (full screen or windowed): after a crash or a restart during a run it comes back there.

With one screen mirrored to the projector, F5 switches that screen between the presenter
view and the working window (``switch_action``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QComboBox, QToolButton, QWidget

from sprintdesk.ui.run.presenter_window import PresenterWindow
from sprintdesk.ui.shared.accessible import label_choice
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.settings import AppSettings

SWITCH_KEY = "F5"
SHORTCUTS: list[tuple[str, str]] = [
    (SWITCH_KEY, "Switch this screen between the presenter view and the working window"),
]


class PresenterScreens(QObject):
    def __init__(self, presenter: PresenterWindow, settings: AppSettings | None, parent: QObject) -> None:
        super().__init__(parent)
        self.workshop_id: int | None = None  # whose run the remembered presenter view belongs to
        self.presenter = presenter
        self._settings = settings
        self.choice = QComboBox()
        self.choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choice.setToolTip("Screen for the presenter view")
        label_choice(self.choice, "Presenter screen")
        self.choice.setMinimumContentsLength(12)
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.button = QToolButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setIcon(icon("presenter"))
        self.button.setText("Presenter view")
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.toggled.connect(self.set_visible)
        self.fill()
        self.choice.currentIndexChanged.connect(self._remember)
        presenter.sig_hidden.connect(lambda: self.button.setChecked(False))
        presenter.installEventFilter(self)
        self._watched_screen = False
        self._full_screen_wanted: bool | None = None  # for the show that the button's toggle makes
        self.switch_action = QAction(
            icon("presenter"), "Switch screen: presenter view / working window", self
        )
        self.switch_action.setShortcut(QKeySequence(SWITCH_KEY))
        self.switch_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.switch_action.setToolTip(
            f"Show the presenter view on this screen, or back to the working window ({SWITCH_KEY})"
        )
        self.switch_action.triggered.connect(self.switch)
        presenter.addAction(self.switch_action)
        if isinstance(parent, QWidget):
            parent.addAction(self.switch_action)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(lambda _s: self.fill())
            app.screenRemoved.connect(lambda _s: self.fill())

    def fill(self) -> None:
        current = self.choice.currentText()
        screens = QGuiApplication.screens()
        self.choice.blockSignals(True)
        self.choice.clear()
        for index, screen in enumerate(screens):
            size = screen.size()
            self.choice.addItem(f"{index + 1}: {screen.name() or 'Screen'} ({size.width()}×{size.height()})")
        wanted = self._settings.presenter_screen() if self._settings else ""
        names = [screen.name() for screen in screens]
        if current and self.choice.findText(current) >= 0:
            self.choice.setCurrentIndex(self.choice.findText(current))
        elif wanted and wanted in names:
            self.choice.setCurrentIndex(names.index(wanted))
        elif self.choice.count() > 1:
            self.choice.setCurrentIndex(1)  # usually the projector
        self.choice.blockSignals(False)

    def _remember(self, index: int) -> None:
        screens = QGuiApplication.screens()
        if self._settings is not None and 0 <= index < len(screens):
            self._settings.set_presenter_screen(screens[index].name())

    def chosen(self) -> QScreen:
        screens = QGuiApplication.screens()
        index = self.choice.currentIndex()
        return screens[index] if 0 <= index < len(screens) else QGuiApplication.primaryScreen()

    def set_visible(self, visible: bool, full_screen: bool | None = None) -> None:
        """Show the view on the chosen screen (full screen when there is a second screen, or
        as ``full_screen`` says), or hide it; either way it is remembered."""
        if self.button.isChecked() != visible:
            self._full_screen_wanted = full_screen
            self.button.setChecked(visible)  # comes back here through toggled
            return
        if full_screen is None:
            full_screen, self._full_screen_wanted = self._full_screen_wanted, None
        if not visible:
            self.presenter.hide()
            self._remember_shown()
            return
        screen = self.chosen()
        self.presenter.setScreen(screen)
        self.presenter.move(screen.availableGeometry().topLeft())
        if full_screen is None:
            full_screen = len(QGuiApplication.screens()) > 1
        if full_screen:
            self.presenter.showFullScreen()
        else:
            self.presenter.showNormal()
        self.presenter.raise_()
        self._remember_shown()

    def toggle_full_screen(self) -> None:
        if not self.presenter.isVisible():
            self.set_visible(True, full_screen=True)
            return
        self.presenter.toggle_full_screen()

    def switch(self) -> None:
        """One key for one screen: the presenter view in front (and taking the keys), or the
        working window again."""
        parent = self.parent()
        working = parent.window() if isinstance(parent, QWidget) else None
        if self.presenter.isVisible() and (self.presenter.isActiveWindow() or working is None):
            self.set_visible(False)
            if isinstance(working, QWidget):
                working.raise_()
                working.activateWindow()
            return
        if not self.presenter.isVisible():
            full = self._settings.presenter_shown()[1] if self._settings else True
            self.set_visible(True, full_screen=full)
        self.presenter.raise_()
        self.presenter.activateWindow()

    # -- remembered across a crash or a restart ----------------------------------------------
    def _remember_shown(self) -> None:
        if self._settings is None:
            return
        shown = self.presenter.isVisible()
        full = self.presenter.isFullScreen() if shown else self._settings.presenter_shown()[1]
        self._settings.set_presenter_shown(shown, full, self.workshop_id)
        self._settings.sync()  # a crash a moment later must not lose it

    def restore(self, running: bool) -> None:
        """During a run, the presenter view comes back as it was left (screen and mode)."""
        if self._settings is None or not running:
            return
        shown, full = self._settings.presenter_shown(self.workshop_id)
        if shown:
            self.set_visible(True, full_screen=full)

    def restore_soon(self, running: bool) -> None:
        """``restore`` once the working window is up."""
        QTimer.singleShot(0, self, lambda: self.restore(running))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.presenter:
            kind = event.type()
            if kind == QEvent.Type.WindowStateChange and self.presenter.isVisible():
                self._remember_shown()
            elif kind == QEvent.Type.Show and not self._watched_screen:
                handle = self.presenter.windowHandle()
                if handle is not None:
                    handle.screenChanged.connect(self._moved_to)
                    self._watched_screen = True
        return False

    def _moved_to(self, screen: QScreen) -> None:
        """Dragged to another screen: that screen is the choice now (and remembered)."""
        screens = QGuiApplication.screens()
        if screen in screens and self.choice.currentIndex() != screens.index(screen):
            self.choice.setCurrentIndex(screens.index(screen))
