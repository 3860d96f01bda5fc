"""File > Restore from backup in the library, and the automatic backup timer."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox


def test_restore_from_backup_after_confirmation(desk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    desk.workshops.create("Kept")
    desk.db.backup_now("before the mistake", raise_errors=True)
    desk.workshops.create("Made after the backup")
    desk.library.refresh()
    assert len(desk.library.summaries) == 2
    offered: list[list[str]] = []

    def pick(_parent, _title, _label, items, *args):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        chosen = next(text for text in items if "before the mistake" in text)
        return chosen, True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    desk.restore_from_backup()
    assert [s.title for s in desk.library.summaries] == ["Kept"]
    assert told and told[0].startswith("Restored the backup of")
    assert any("1 workshop" in text for text in offered[0])
    # the state before the restore was kept too, so the restore itself can be undone
    assert any("before restore" in info.reason for info in desk.db.list_backups())


def test_declining_keeps_everything(desk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    desk.workshops.create("One")
    desk.db.backup_now("manual", raise_errors=True)
    desk.workshops.create("Two")
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a: (items[0], True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    desk.restore_from_backup()
    assert len(desk.workshops.list()) == 2


def test_backups_every_fifteen_minutes(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.app import BACKUP_EVERY_MS

    desk.start_backups()
    assert desk.backup_timer.isActive() and desk.backup_timer.interval() == BACKUP_EVERY_MS == 900_000
    before = len(desk.db.list_backups())
    desk.workshops.create("Changed since")
    desk.backup_timer.timeout.emit()
    assert len(desk.db.list_backups()) == before + 1


@pytest.mark.slow  # starts another process
def test_a_restore_refused_while_another_program_writes_keeps_the_windows(
    desk, workshop_id, db_path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import lock_holder

    desk.db.backup_now("earlier", raise_errors=True)
    window = desk.open_workshop(workshop_id)
    qtbot.waitExposed(window)
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a: (items[0], True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    with lock_holder.hold(db_path, "IMMEDIATE"):
        desk.restore_from_backup()
    assert warned and "was not restored" in warned[0] and "nothing was changed" in warned[0]
    assert desk.windows.get(workshop_id) is window and window.isVisible()
