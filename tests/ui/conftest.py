"""Fixtures for widget tests: the desk on tests/conftest.py's database file and clock, with
isolated settings; the sample workshop stored through the desk's services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from sprintdesk import samples
from sprintdesk.app import SprintDesk, make_qapplication
from sprintdesk.domain.clock import FakeClock
from sprintdesk.storage.database import open_database
from sprintdesk.ui.shared.settings import AppSettings

QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with SprintDesk's theme applied."""
    make_qapplication()
    from sprintdesk.ui.shared.theme import apply_theme

    apply_theme(qapp)
    return qapp


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
    _delete_closed_windows()


def _delete_closed_windows() -> None:
    """Delete the windows the test left behind (closed, but alive while anything refers to
    them): otherwise they pile up, thousands of widgets by the end of the suite, and every
    later test pays for them in each event loop pass."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def workshop_id(desk: SprintDesk) -> int:
    """The sample workshop (sprintdesk/samples.py): details, people and agenda, no board yet."""
    return samples.add_workshop(desk.services)


@pytest.fixture
def sample(desk: SprintDesk) -> samples.Sample:
    """The whole sample workshop, with its voted board and outcomes, in the desk's database."""
    return samples.build_sample(desk.services)


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
