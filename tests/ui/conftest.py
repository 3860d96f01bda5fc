"""Fixtures for widget tests: a real SQLite file, a fake clock, isolated settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from sprintdesk.app import SprintDesk, make_qapplication
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, ItemKind, Participant, Role, Workshop
from sprintdesk.storage.database import open_database
from sprintdesk.ui.shared.settings import AppSettings

QStandardPaths.setTestModeEnabled(True)


def sample_workshop() -> Workshop:
    return Workshop(
        title="Checkout redesign sprint",
        goal="Pick the checkout concept to prototype",
        start_date=dt.date(2026, 12, 7),
        facilitator="Zoë Martin",
        participants=(
            Participant("Ana", Role.PM),
            Participant("Ben", Role.UX),
            Participant("Dana", Role.DECIDER),
        ),
        days=(
            AgendaDay(
                start_time=dt.time(9, 0),
                title="Map",
                items=(
                    AgendaItem("Welcome", 5, ItemKind.PRESENTATION, "Why we are here", "smile"),
                    AgendaItem("Long-term goal", 30, ItemKind.DISCUSSION, "Where in two years?", "ask Dana"),
                    AgendaItem("Coffee", 15, ItemKind.BREAK),
                ),
            ),
            AgendaDay(
                start_time=dt.time(9, 30),
                title="Sketch",
                items=(AgendaItem("Crazy 8s", 8, ItemKind.EXERCISE, "Eight ideas in eight minutes"),),
            ),
        ),
    )


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with SprintDesk's theme applied."""
    make_qapplication()
    from sprintdesk.ui.shared.theme import apply_theme

    apply_theme(qapp)
    return qapp


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def desk(app, db_path: Path, clock: FakeClock, settings: AppSettings) -> Iterator[SprintDesk]:  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    desk = SprintDesk(db, clock, settings)
    yield desk
    desk.close()
    desk.library.close()


@pytest.fixture
def workshop_id(desk: SprintDesk) -> int:
    from sprintdesk.samples import add_workshop
    new_id = add_workshop(desk.services)
    return new_id


class UnexpectedDialogError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A modal dialog would hang an offscreen test: fail with its text instead. Tests that
    expect a dialog replace these with their own answer."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def refuse(kind: str):  # type: ignore[no-untyped-def]
        def show(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, text))
            raise UnexpectedDialogError(f"unexpected {kind} dialog: {title}: {text}")

        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, refuse(kind))
    return shown
