"""Which screen the presenter view goes to, and showing it there (full screen when a second
screen is connected). The choice is remembered."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QComboBox, QToolButton

from sprintdesk.ui.run.presenter_window import PresenterWindow
from sprintdesk.ui.shared.icons import icon
from sprintdesk.ui.shared.settings import AppSettings


class PresenterScreens(QObject):
    def __init__(self, presenter: PresenterWindow, settings: AppSettings | None, parent: QObject) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._settings = settings
        self.choice = QComboBox()
        self.choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choice.setToolTip("Screen for the presenter view")
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

    def set_visible(self, visible: bool) -> None:
        if self.button.isChecked() != visible:
            self.button.setChecked(visible)  # comes back here through toggled
            return
        if not visible:
            self.presenter.hide()
            return
        screen = self.chosen()
        self.presenter.setScreen(screen)
        self.presenter.move(screen.availableGeometry().topLeft())
        if len(QGuiApplication.screens()) > 1:
            self.presenter.showFullScreen()
        else:
            self.presenter.show()
        self.presenter.raise_()

    def toggle_full_screen(self) -> None:
        if not self.presenter.isVisible():
            self.set_visible(True)
            self.presenter.showFullScreen()
            return
        self.presenter.toggle_full_screen()
