"""When the database cannot be opened: say what is wrong in plain words, that nothing was
changed, and offer the ways on (restore the latest backup, open another file, start a new
database, quit). Nothing happens to the file without the person's choice, and the default
button (Enter) is Quit."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

RESTORE, OPEN, NEW, QUIT, RETRY = "restore", "open", "new", "quit", "retry"


def ask_what_to_do(parent: QWidget, problem: str, latest_backup: str | None, *, retry: bool = False) -> str:
    """``retry``: the database was in use by another program; "Try again" is offered first."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("SprintDesk cannot open the database")
    box.setText(f"{problem.rstrip('.')}.\n\nSprintDesk has not changed the file.")
    if latest_backup:
        box.setInformativeText(f"The latest backup is from {latest_backup}.")
    buttons = {}
    again = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole) if retry else None
    if again is not None:
        buttons[again] = RETRY
    if latest_backup:
        buttons[box.addButton("Restore the latest backup", QMessageBox.ButtonRole.AcceptRole)] = RESTORE
    buttons[box.addButton("Open another file…", QMessageBox.ButtonRole.ActionRole)] = OPEN
    buttons[box.addButton("Start a new database…", QMessageBox.ButtonRole.ActionRole)] = NEW
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    buttons[quit_button] = QUIT
    box.setDefaultButton(again or quit_button)  # Enter never replaces a file: restoring is a deliberate click
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    return next((choice for button, choice in buttons.items() if button is clicked), QUIT)


def choose_file(parent: QWidget, new: bool) -> str | None:
    caption = "Start a new database" if new else "Open a database"
    pattern = "SprintDesk database (*.sqlite3 *.db);;All files (*)"
    if new:
        path, _ = QFileDialog.getSaveFileName(parent, caption, "workshops.sqlite3", pattern)
    else:
        path, _ = QFileDialog.getOpenFileName(parent, caption, "", pattern)
    return path or None
