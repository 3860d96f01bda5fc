"""Personal templates in the app: File > Save as template…, the New workshop dialog's
"Start from" (yours marked), and the Templates dialog (export, import, rename, delete)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from sprintdesk import samples
from sprintdesk.ui.library.new_workshop_dialog import NewWorkshopDialog
from sprintdesk.ui.library.template_dialogs import SaveTemplateDialog, TemplatesDialog


def _save_as(desk, workshop_id, qtbot, title: str) -> SaveTemplateDialog:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    window.save_template_action.trigger()
    dialog = window.findChild(SaveTemplateDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.title.text() == samples.TITLE  # the workshop's title to start with
    dialog.title.setText(title)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    return dialog


def test_save_as_template_from_the_file_menu(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(workshop_id)
    assert window.save_template_action in window.menuBar().actions()[0].menu().actions()
    dialog = _save_as(desk, workshop_id, qtbot, "Our checkout sprint")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = desk.personal_templates.get("our-checkout-sprint")
    assert saved.personal and saved.total_minutes == 363
    assert [d.title for d in saved.days] == ["Map", "Sketch"]
    assert "Our checkout sprint" in window.statusBar().currentMessage()


def test_a_refused_title_is_explained_in_the_dialog(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    desk.personal_templates.save_workshop(workshop_id, "Taken")
    dialog = _save_as(desk, workshop_id, qtbot, "taken")
    assert dialog.isVisible()
    assert "already" in dialog.error.text() and dialog.error.isVisible()
    assert [t.slug for t in desk.personal_templates.list()] == ["taken"]
    dialog.reject()


def test_new_workshop_from_a_personal_template(desk, workshop_id, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    board_id, _ = desk.boards.create(workshop_id, "Ideas")
    workshop = desk.workshops.get(workshop_id)
    desk.boards.link_item(workshop.days[1].items[0].id, board_id)
    desk.personal_templates.save_workshop(workshop_id, "Our sprint")
    labels: list[str] = []

    def choose(dialog: NewWorkshopDialog) -> int:
        labels.extend(dialog.template.itemText(i) for i in range(dialog.template.count()))
        dialog.template.setCurrentIndex(dialog.template.findData("our-sprint"))
        dialog.title.setText("January sprint")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewWorkshopDialog, "exec", choose)
    desk.library.create_workshop()
    assert labels[-1] == "★ Our sprint — 2 days · yours"
    assert not any("yours" in label for label in labels[:-1])
    created = next(s for s in desk.workshops.list() if s.title == "January sprint")
    made = desk.workshops.get(created.id)
    assert [i.title for i in made.items()] == [i.title for i in workshop.items()]
    boards = {b.board.id: b.board.name for b in desk.boards.boards_of(created.id)}
    assert list(boards.values()) == ["Ideas"]
    assert boards[made.days[1].items[0].board_id] == "Ideas"
    assert created.id in desk.windows


def _templates_dialog(desk) -> TemplatesDialog:  # type: ignore[no-untyped-def]
    assert desk.library.toolbar_actions["templates"].isEnabled()
    dialog = desk.library.show_templates()
    assert isinstance(dialog, TemplatesDialog)
    return dialog


def test_templates_dialog_export_delete_and_import(desk, workshop_id, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    desk.personal_templates.save_workshop(workshop_id, "Our sprint")
    dialog = _templates_dialog(desk)
    kinds = [dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())]
    assert kinds.count("Yours") == 1 and kinds.count("Built in") == 8
    dialog.refresh(select="design-sprint")
    assert dialog.buttons["export"].isEnabled() and not dialog.buttons["delete"].isEnabled()
    assert dialog.export_selected(str(tmp_path / "sprint.json"))
    assert json.loads((tmp_path / "sprint.json").read_text())["slug"] == "design-sprint"
    dialog.refresh(select="our-sprint")
    assert dialog.buttons["rename"].isEnabled() and dialog.buttons["delete"].isEnabled()
    target = tmp_path / "ours.json"
    assert dialog.export_selected(str(target))
    assert "Exported" in dialog.status.text()
    assert dialog.rename_selected("Our best sprint")
    assert desk.personal_templates.get("our-sprint").title == "Our best sprint"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    assert dialog.delete_selected()
    assert desk.personal_templates.list() == []
    assert dialog.table.rowCount() == 8
    assert dialog.import_file(str(target))
    assert [t.title for t in desk.personal_templates.list()] == ["Our sprint"]
    assert dialog.selected_slug() == "our-sprint"
    dialog.close()


def test_the_dialog_follows_templates_saved_elsewhere(desk, workshop_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _templates_dialog(desk)
    assert dialog.table.rowCount() == 8
    _template, changes = desk.personal_templates.save_workshop(workshop_id, "Saved meanwhile")
    desk.hub.publish(changes)
    assert dialog.table.rowCount() == 9
    dialog.close()
    _template, changes = desk.personal_templates.save_workshop(workshop_id, "Saved later")
    desk.hub.publish(changes)
    assert dialog.table.rowCount() == 9  # a closed dialog no longer listens (and is going away)


def test_a_bad_file_is_explained_and_nothing_is_imported(desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _templates_dialog(desk)
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": "sprintdesk.template", "version": 9}', encoding="utf-8")
    assert not dialog.import_file(str(bad))
    expected = "Nothing was imported. This template file is version 9; this SprintDesk reads version 1"
    assert dialog.status.text() == expected
    assert dialog.status.property("role") == "error"
    assert desk.personal_templates.list() == []
    assert not dialog.import_file(str(tmp_path / "missing.json"))
    assert "Cannot read" in dialog.status.text()
    dialog.close()
