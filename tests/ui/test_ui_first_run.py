"""A first run that teaches: the empty workshop list offers three ways in (a template, the
sample workshop, a workshop file), each a large button with a sentence, reachable from the
keyboard; Help > User guide shows docs/user-guide.md with its screenshots offline, and Help >
About tells the version, licence, database and backups folder."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from sprintdesk import __version__, samples
from sprintdesk.services.backups import BackupService
from sprintdesk.services.bundle import Services
from sprintdesk.storage.database import open_database
from sprintdesk.ui.library.new_workshop_dialog import NewWorkshopDialog
from sprintdesk.ui.shared import help_menu
from sprintdesk.ui.workshop.window import TAB_OUTCOMES

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "user-guide.md"


def test_the_empty_list_offers_three_ways_in(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    library = desk.library
    qtbot.addWidget(library)
    library.show()
    qtbot.waitExposed(library)
    panel = library.empty
    assert panel.isVisible() and not library.table.isVisible()
    buttons = panel.buttons
    assert [b.accessibleName() for b in buttons.values()] == [
        "Start from a template",
        "Open a sample workshop",
        "Import a workshop file",
    ]
    for key, button in buttons.items():
        assert button.isVisible() and button.isEnabled(), key
        assert button.height() >= 44, f"{key}: a large target"
        sentence = panel.sentences[key]
        assert sentence.isVisible() and len(sentence.text().split()) >= 12, "a sentence, not a hint"
        assert button.accessibleDescription() == sentence.text()
    # the keyboard: Tab walks the three in order
    library.activateWindow()
    qtbot.waitUntil(library.isActiveWindow)
    buttons["template"].setFocus()
    qtbot.waitUntil(buttons["template"].hasFocus)
    for following in ("sample", "import"):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is buttons[following]


def test_start_from_a_template_chooses_one_first(desk, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str | None, bool]] = []

    def accept(dialog: NewWorkshopDialog) -> int:
        seen.append((dialog.selected_template(), dialog.focusWidget() is dialog.template))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewWorkshopDialog, "exec", accept)
    desk.library.show()
    desk.library.empty.buttons["template"].click()
    first = next(t for t in desk.templates.list() if t.slug != "blank")
    assert seen == [(first.slug, True)]
    (created,) = desk.workshops.list()
    assert created.id in desk.windows and created.item_count > 0  # the template's agenda
    assert not desk.library.empty.isVisible()


def test_open_a_sample_workshop(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    library = desk.library
    library.show()
    library.empty.buttons["sample"].click()
    titles = {w.title for w in desk.workshops.list()}
    assert titles == {samples.TITLE, f"{samples.TITLE} — follow-up"}
    (opened,) = desk.windows.values()
    assert opened.workshop.title == samples.TITLE and opened.isVisible()
    assert library.selected_id() == opened.workshop_id
    assert not library.empty.isVisible() and library.table.isVisible()
    # filled: a voted board in clusters, outcomes, and a follow-up with what is still open
    board = desk.boards.boards_of(opened.workshop_id)[0].board
    assert board.id is not None and desk.voting.state(board.id).revealed
    assert len(desk.boards.load(board.id).clusters) == 3
    opened.tabs.setCurrentIndex(TAB_OUTCOMES)
    panel = opened.outcome_tab.panel
    assert panel.decisions.topLevelItemCount() == 3 and panel.actions_list.topLevelItemCount() == 5
    follow_id = desk.series.follower(opened.workshop_id)
    assert follow_id is not None and len(desk.series.open_from_last_time(follow_id)) == 4


def test_import_a_workshop_file(desk, qtbot, tmp_path, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = open_database(tmp_path / "other.sqlite3")
    try:
        services = Services.of(other, clock)
        services.workshop_files.export(samples.build_sample(services).workshop_id, tmp_path / "w.json")
    finally:
        other.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "w.json"), ""))
    desk.library.show()
    desk.library.empty.buttons["import"].click()
    qtbot.waitUntil(lambda: len(desk.windows) == 1, timeout=20_000)
    assert [w.title for w in desk.workshops.list()] == [samples.TITLE]


def test_the_sample_button_waits_for_the_database(app, qtbot, clock, settings) -> None:  # type: ignore[no-untyped-def]
    from sprintdesk.app import SprintDesk

    desk = SprintDesk(None, clock, settings)  # the library paints before the database opens
    try:
        assert not any(b.isEnabled() for b in desk.library.empty.buttons.values())
        assert desk.library.empty.text() == "Opening the database…"
    finally:
        desk.library.close()


def test_the_user_guide_opens_offline_with_its_screenshots(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.library
    window.show()
    assert help_menu.guide_path() == GUIDE
    assert window.help_actions["guide"].shortcut().toString() == "F1"
    window.help_actions["guide"].trigger()
    viewer = next(w for w in QApplication.topLevelWidgets() if isinstance(w, help_menu.GuideViewer))
    qtbot.addWidget(viewer)
    text = viewer.browser.toPlainText()
    for heading in ("The first time", "Plan the agenda", "Run the workshop", "Boards and voting"):
        assert heading in text
    for heading in ("Outcomes and follow-ups", "Exports", "Backups and your data"):
        assert heading in text
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert {"first-run.png", "sample-board.png", "sample-outcomes.png", "sample-follow-up.png"} <= set(images)
    document = viewer.browser.document()
    for name in images:
        loaded = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert loaded is not None and not loaded.isNull(), f"{name} is not shown"
        assert (ROOT / "docs" / name).is_file()


def test_the_guide_and_its_screenshots_are_installed() -> None:
    """A regular install puts them where help_menu looks (<prefix>/share/sprintdesk/docs)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config["tool"]["setuptools"]["data-files"]["share/sprintdesk/docs"]
    installed = {p for pattern in listed for p in ROOT.glob(pattern)}
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert {GUIDE, *(ROOT / "docs" / name for name in images)} <= installed
    assert Path(sys.prefix, "share", "sprintdesk", "docs", "user-guide.md") in help_menu.guide_candidates()


def test_a_missing_guide_says_where_it_looked(desk, monkeypatch, _no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(help_menu, "guide_candidates", lambda: [Path("/nowhere/docs/user-guide.md")])
    with pytest.raises(AssertionError, match="missing from this installation; looked in /nowhere/docs"):
        help_menu.show_guide(desk.library)


def test_about_tells_version_licence_database_and_backups(desk, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    workshop_id = samples.add_workshop(desk.services)
    window = desk.open_workshop(workshop_id)
    menus = [m.title() for m in (a.menu() for a in window.menuBar().actions()) if m is not None]
    assert "&Help" in menus
    window.help_actions["about"].trigger()
    about = next(w for w in QApplication.topLevelWidgets() if isinstance(w, help_menu.AboutDialog))
    qtbot.addWidget(about)
    folder = BackupService(str(db_path)).folder()
    assert folder is not None
    assert about.facts == {
        "Version": __version__,
        "Licence": "MIT",
        "Database": str(db_path),
        "Backups folder": str(folder),
    }
    for name, label in about.values.items():
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard, name
        assert label.text() == about.facts[name]
    about.copy()
    copied = QGuiApplication.clipboard().text()
    assert str(db_path) in copied and str(folder) in copied and __version__ in copied
    desk.library.help_actions["about"].trigger()  # the library's Help has it too
    second = [w for w in QApplication.topLevelWidgets() if isinstance(w, help_menu.AboutDialog)]
    assert any(d.facts["Database"] == str(db_path) for d in second if d is not about)


@pytest.mark.slow
def test_the_first_run_grabs_for_the_guide(tmp_path: Path) -> None:
    """docs/make_screenshots.py's second half: the grabs the guide shows are made."""
    script = ROOT / "tests" / "ui" / "first_run_grabs.py"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "grabs"), str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("first-run", "sample-board", "sample-outcomes", "sample-follow-up"):
        image = tmp_path / "grabs" / f"{name}.png"
        assert image.stat().st_size > 20_000, name
