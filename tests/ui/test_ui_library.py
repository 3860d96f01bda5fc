"""The workshop library and the details tab."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from sprintdesk import samples
from sprintdesk.domain.workshop import Role
from sprintdesk.ui.library.new_workshop_dialog import NewWorkshopDialog
from sprintdesk.ui.workshop.window import TAB_DETAILS


def _titles(library) -> list[str]:  # type: ignore[no-untyped-def]
    return [library.table.item(row, 0).text() for row in range(library.table.rowCount())]


def test_create_search_rename_duplicate_delete(desk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    library = desk.library
    qtbot.addWidget(library)
    library.show()
    assert library.empty.isVisible() and not library.table.isVisible()

    def fill(dialog: NewWorkshopDialog) -> int:
        dialog.title.setText("Retro — payments team")
        dialog.has_date.setChecked(True)
        dialog.date.setDate(QDate(2026, 12, 9))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewWorkshopDialog, "exec", fill)
    library.create_workshop()
    assert "Retro — payments team" in _titles(library)
    created = desk.workshops.list()[0]
    assert created.start_date == dt.date(2026, 12, 9)
    assert created.id in desk.windows  # a new workshop opens at once
    desk.windows[created.id].close()

    desk.workshops.create("Design sprint: checkout")
    library.refresh()
    qtbot.keyClicks(library.search, "sprint")
    assert _titles(library) == ["Design sprint: checkout"]
    library.search.clear()

    library.select(created.id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Retro — Q4", True))
    library.rename()
    assert "Retro — Q4" in _titles(library)

    library.select(created.id)
    library.duplicate()
    assert "Copy of Retro — Q4" in _titles(library)

    library.select(created.id)
    asked: list[str] = []

    def answer(_parent, _title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    library.delete()
    assert "Retro — Q4" in _titles(library) and "cannot be undone" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    library.delete()
    assert "Retro — Q4" not in _titles(library)
    assert len(desk.workshops.list()) == 2


def test_new_workshop_dialog_refuses_an_empty_title(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = NewWorkshopDialog()
    qtbot.addWidget(dialog)
    dialog.title.setText("   ")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot be empty" in dialog.error.text()


def test_details_and_participants_are_saved(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    window.tabs.setCurrentIndex(TAB_DETAILS)
    details = window.details
    details.goal.setPlainText("Choose one concept")
    details.facilitator.setText("Łukasz Ærø")
    details.save()
    details.add_participant()
    row = details.people.rowCount() - 1
    details.people.item(row, 0).setText("Ελένη")
    role_box = details.people.cellWidget(row, 1)
    role_box.setCurrentIndex(role_box.findData(Role.UX.value))
    details.save()
    stored = desk.workshops.get(workshop_id)
    assert stored.goal == "Choose one concept"
    assert stored.facilitator == "Łukasz Ærø"
    assert [(p.name, p.role) for p in stored.participants][-1] == ("Ελένη", Role.UX)
    assert window.windowTitle().startswith(samples.TITLE)


def test_deleting_an_open_workshop_closes_its_window(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert desk.open_workshop(workshop_id) is not None
    desk.hub.publish(desk.workshops.delete(workshop_id))
    qtbot.waitUntil(lambda: workshop_id not in desk.windows)


def test_last_workshop_is_reopened(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    assert desk.settings.last_workshop(desk.db.label) == workshop_id
    desk.restore_last()
    assert desk.windows[workshop_id] is window


@pytest.mark.parametrize("scheme_dark", [False, True])
def test_theme_colours_follow_the_scheme(app, scheme_dark, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.ui.shared import theme

    monkeypatch.setattr(theme, "is_dark", lambda: scheme_dark)
    theme.apply_theme(app)
    window = app.palette().color(app.palette().ColorRole.Window).name()
    assert window == (theme.DARK.window if scheme_dark else theme.LIGHT.window)


def test_new_workshop_from_a_template(desk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.ui.library.new_workshop_dialog import NewWorkshopDialog

    def choose(dialog: NewWorkshopDialog) -> int:
        dialog.template.setCurrentIndex(dialog.template.findData("retrospective"))
        assert dialog.template.count() >= 9  # blank + the eight built-in formats
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewWorkshopDialog, "exec", choose)
    desk.library.create_workshop()
    created = desk.workshops.list()[0]
    workshop = desk.workshops.get(created.id)
    assert created.id in desk.windows
    assert workshop.title and len(workshop.items()) >= 5  # the template's own title and agenda
    boards = desk.boards.boards_of(created.id)
    assert "Start / Stop / Continue" in [b.board.name for b in boards]
    assert any(item.board_id is not None for item in workshop.items())
