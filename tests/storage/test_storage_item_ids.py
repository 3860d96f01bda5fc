"""Deleted agenda items' ids are never reused (the run log keys on them)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sprintdesk.domain.workshop import AgendaItem
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database


def test_a_new_item_never_takes_a_deleted_items_id(tmp_path: Path) -> None:
    db = open_database(tmp_path / "w.sqlite3")
    workshop_id, _ = WorkshopService(db).create("Retro")
    day_id = WorkshopService(db).get(workshop_id).days[0].id
    agenda = AgendaService(db)
    first, _ = agenda.add_item(day_id, 0, AgendaItem("First", 10))
    agenda.delete_item(first)
    second, _ = agenda.add_item(day_id, 0, AgendaItem("Second", 10))
    assert second != first
    db.close()
    with sqlite3.connect(tmp_path / "w.sqlite3") as connection:
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'agenda_items'").fetchone()[0]
    assert "AUTOINCREMENT" in sql.upper()
