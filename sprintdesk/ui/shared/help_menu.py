"""Help > User guide (docs/user-guide.md in a small viewer that works offline, no browser)
and Help > About SprintDesk (version, licence, the database's path and the backups folder,
each selectable, with a button that copies them all). Both windows add these to their Help
menu with ``add_help_actions``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sprintdesk import __version__

GUIDE = "user-guide.md"
# What the About box says when the database is not open yet (or is not a file).
NOT_OPEN = "(not open yet)"
NO_BACKUPS = "(none: this database is not a file)"


def guide_candidates() -> list[Path]:
    """Where the user guide may be: the source tree (or an editable install), a PyInstaller
    bundle, or a regular install's data files (``share/sprintdesk/docs``)."""
    return [
        Path(__file__).resolve().parents[3] / "docs" / GUIDE,
        Path(getattr(sys, "_MEIPASS", "")) / "docs" / GUIDE,
        Path(sys.prefix) / "share" / "sprintdesk" / "docs" / GUIDE,
    ]


def guide_path() -> Path | None:
    return next((path for path in guide_candidates() if path.is_file()), None)


def licence() -> str:
    from importlib import metadata

    try:
        found = metadata.metadata("sprintdesk")
    except metadata.PackageNotFoundError:  # a bundle without the package's metadata
        return "MIT"
    return str(found["License-Expression"] or found["License"] or "MIT")


class GuideBrowser(QTextBrowser):
    """The guide's text; screenshots scaled down to a readable width (they are grabbed at
    1366 px, wider than the viewer)."""

    IMAGE_WIDTH = 820

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        data = super().loadResource(kind, name)
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return data
        image = data if isinstance(data, QImage) else None
        if isinstance(data, QByteArray):
            image = QImage.fromData(data)
        if image is None or image.isNull() or image.width() <= self.IMAGE_WIDTH:
            return data
        return image.scaledToWidth(self.IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)


class GuideViewer(QDialog):
    """The user guide, rendered from its Markdown with its screenshots; links to web pages
    open in the browser."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SprintDesk user guide")
        self.browser = GuideBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
        self.resize(900, 720)


class AboutDialog(QDialog):
    """Version, licence, database and backups folder; every value selectable with the mouse
    and the keyboard, and "Copy details" puts them all on the clipboard."""

    def __init__(self, database: str | None, backups: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About SprintDesk")
        heading = QLabel(f"SprintDesk {__version__}")
        heading.setProperty("role", "heading")
        blurb = QLabel("Timed agendas, affinity boards and dot voting for workshop facilitators.")
        blurb.setWordWrap(True)
        folder = str(backups) if backups is not None else (NO_BACKUPS if database else NOT_OPEN)
        self.facts = {
            "Version": __version__,
            "Licence": licence(),
            "Database": database or NOT_OPEN,
            "Backups folder": folder,
        }
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, value in self.facts.items():
            label = QLabel(value)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            label.setAccessibleName(f"{name}: {value}")
            label.setWordWrap(True)
            form.addRow(f"{name}:", label)
            self.values[name] = label
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy details")
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder = QPushButton("Open backups folder")
        self.open_folder.setEnabled(backups is not None and backups.is_dir())
        self.open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups))))
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.facts.items())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def show_guide(parent: QWidget) -> GuideViewer | None:
    """The guide in its viewer (returned for tests), or a message saying where it was looked for."""
    path = guide_path()
    if path is None:
        looked = ", ".join(str(p.parent) for p in guide_candidates())
        message = f"The user guide ({GUIDE}) is missing from this installation; looked in {looked}."
        QMessageBox.warning(parent, "User guide", message)
        return None
    viewer = GuideViewer(path, parent)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    return viewer


def show_about(parent: QWidget, database: str | None) -> AboutDialog:
    """The About box for the open database (None while it is not open yet)."""
    backups = None
    if database:
        from sprintdesk.services.backups import BackupService

        backups = BackupService(database).folder()
    dialog = AboutDialog(database, backups, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def add_help_actions(menu: QMenu, parent: QWidget, database: Callable[[], str | None]) -> dict[str, QAction]:
    """User guide (F1) and About SprintDesk at the top of ``menu``; ``database`` tells which
    database is open when About is shown."""
    guide = QAction("User guide", parent)
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda: show_guide(parent))
    about = QAction("About SprintDesk", parent)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(parent, database()))
    existing = menu.actions()
    if existing:
        menu.insertAction(existing[0], guide)
        menu.addSeparator()
    else:
        menu.addAction(guide)
    menu.addAction(about)
    return {"guide": guide, "about": about}
