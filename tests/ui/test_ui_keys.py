"""Keys a facilitator relies on: no key sequence means two things anywhere it can be pressed
(every action, shortcut and button of every window, tab by tab), undo and redo from the
keyboard, "?" and Esc for the shortcuts panel, and Tab out of every multi-line field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from sprintdesk.ui.workshop.window import TAB_AGENDA, TAB_BOARDS, TAB_RUN

# What a US keyboard types with Shift, and the key under it: "?" arrives as Shift+? (or
# Shift+/), so a sequence listed as "?" and as "Shift+?" is the same key twice.
SHIFTED = dict(zip('~!@#$%^&*()_+{}|:"<>?', "`1234567890-=[]\\;',./", strict=True))
Context = Qt.ShortcutContext


@dataclass(frozen=True)
class Binding:
    key: str  # normalised
    owner: QObject  # the action, shortcut or button
    scope: QWidget  # where it can fire: this widget (and its children unless only_self)
    only_self: bool
    label: str
    slot: int = 0  # which of the owner's key sequences


def _normalise(sequence: QKeySequence) -> list[str]:
    """Each chord as text, with Shift folded into shifted symbols (Shift+? == ? == Shift+/)."""
    chords = []
    for index in range(sequence.count()):
        chord = sequence[index]
        mods = chord.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = QKeySequence(chord.key()).toString()
        if key in SHIFTED.values() and mods & Qt.KeyboardModifier.ShiftModifier:
            key = next(k for k, v in SHIFTED.items() if v == key)
        if key in SHIFTED:
            mods &= ~Qt.KeyboardModifier.ShiftModifier
        chords.append(QKeySequence(QKeySequence(key)[0].key() | mods).toString() if key else "")
    return chords


def _scopes(action: QAction, window: QWidget) -> list[tuple[QWidget, bool]]:
    """Where an action's keys work, as Qt decides it (visible, enabled widgets only)."""
    scopes: list[tuple[QWidget, bool]] = []
    context = action.shortcutContext()
    for widget in action.associatedObjects():
        if isinstance(widget, QMenu):  # a menu's keys work while the window works (menu bar)
            if context in (Context.WindowShortcut, Context.ApplicationShortcut):
                scopes.append((window, False))
            continue
        if not isinstance(widget, QWidget) or widget.window() is not window:
            continue
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if context in (Context.WindowShortcut, Context.ApplicationShortcut):
            scopes.append((window, False))
        else:
            scopes.append((widget, context == Context.WidgetShortcut))
    return scopes


def bindings(window: QWidget) -> list[Binding]:
    found: list[Binding] = []
    actions = {id(a): a for a in window.findChildren(QAction)}
    for widget in [window, *window.findChildren(QWidget)]:
        actions.update({id(a): a for a in widget.actions()})
    for action in actions.values():
        for slot, sequence in enumerate(action.shortcuts()):
            for scope, only_self in _scopes(action, window):
                label = f"action {action.text()!r} ({sequence.toString()})"
                found.append(Binding(" ".join(_normalise(sequence)), action, scope, only_self, label, slot))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parentWidget()
        if shortcut.isEnabled() and parent is not None and parent.isVisible():
            window_wide = shortcut.context() in (Context.WindowShortcut, Context.ApplicationShortcut)
            for sequence in shortcut.keys():  # noqa: SIM118 (QShortcut.keys, not a dict)
                found.append(
                    Binding(
                        " ".join(_normalise(sequence)),
                        shortcut,
                        window if window_wide else parent,
                        shortcut.context() == Context.WidgetShortcut,
                        f"shortcut {sequence.toString()} of {type(parent).__name__}",
                    )
                )
    for button in window.findChildren(QAbstractButton):
        sequence = button.shortcut()
        if (
            not sequence.isEmpty()
            and button.isVisible()
            and button.isEnabled()
            and getattr(button, "defaultAction", lambda: None)() is None  # a tool button's action is listed
        ):
            label = f"button {button.text() or button.toolTip()!r} ({sequence.toString()})"
            found.append(Binding(" ".join(_normalise(sequence)), button, window, False, label))
    return found


def _reaches(a: Binding, b: Binding) -> bool:
    """Can one key press be in both scopes at once (one holds the other's focus)?"""
    if a.scope is b.scope or a.scope.isAncestorOf(b.scope):
        return not a.only_self or a.scope is b.scope
    if b.scope.isAncestorOf(a.scope):
        return not b.only_self
    return False


def clashes(window: QWidget) -> list[str]:
    """Pairs of bindings one key press would match at once (Qt then runs neither: "Ambiguous
    shortcut overload"), including a key listed twice on one action, and a sequence that
    starts another (Qt waits for the second chord)."""
    found = bindings(window)
    problems: list[str] = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            same = a.key == b.key or b.key.startswith(a.key + " ") or a.key.startswith(b.key + " ")
            if not same or not _reaches(a, b):
                continue
            if a.owner is b.owner and a.slot == b.slot:
                continue  # one action on two widgets, one of them inside the other
            problems.append(f"{a.key}: {a.label} and {b.label}")
    return sorted(set(problems))


# -- the clash check itself ------------------------------------------------------------------
def test_the_clash_check_sees_a_key_listed_twice_and_shifted_symbols(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    child = QWidget(window)
    redo = QAction("Redo", window)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Shift+Z")])
    help_ = QAction("Help", child)
    help_.setShortcuts([QKeySequence("?"), QKeySequence("Shift+?")])
    help_.setShortcutContext(Context.WidgetWithChildrenShortcut)
    child.addAction(help_)
    window.addAction(redo)
    elsewhere = QWidget(window)
    same_key_elsewhere = QAction("Other", elsewhere)
    same_key_elsewhere.setShortcut(QKeySequence("?"))
    same_key_elsewhere.setShortcutContext(Context.WidgetWithChildrenShortcut)
    elsewhere.addAction(same_key_elsewhere)
    window.show()
    found = clashes(window)
    assert any("Redo" in p and p.startswith("Ctrl+Shift+Z") for p in found), found
    assert any(p.startswith("?: action 'Help'") and "'Help'" in p.split(" and ")[1] for p in found), found
    assert not any("Other" in p for p in found), "sibling widgets never hold focus together"


# -- every window ------------------------------------------------------------------------------
def test_library_keys_are_unambiguous(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    desk.library.show()
    qtbot.waitExposed(desk.library)
    assert bindings(desk.library), "the walk found no keys at all"
    assert clashes(desk.library) == []


@pytest.mark.parametrize("tab", range(5))
def test_workshop_window_keys_are_unambiguous_on_every_tab(desk, sample, qtbot, tab: int) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(tab)
    window.controller.actions["help"].trigger()  # the panel's own Esc is on too
    qtbot.waitUntil(window.shortcuts.isVisible)
    keys = {b.key for b in bindings(window)}
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "?", "Esc"} <= keys
    assert clashes(window) == []


def test_presenter_keys_are_unambiguous(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    window.tabs.setCurrentIndex(TAB_RUN)
    window.run_panel.set_presenter_visible(True)
    presenter = window.run_panel.presenter
    qtbot.waitExposed(presenter)
    assert "Space" in {b.key for b in bindings(presenter)}
    assert clashes(presenter) == []


# -- undo and redo from the keyboard -----------------------------------------------------------
def _focused(window, widget, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


@pytest.mark.parametrize("redo_key", ["Ctrl+Shift+Z", "Ctrl+Y"])
def test_redo_keys_redo_in_the_agenda_and_on_the_board(desk, sample, qtbot, redo_key: str) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    qtbot.waitExposed(window)
    count = window.undo_stack.count()
    window.tabs.setCurrentIndex(TAB_BOARDS)
    window.boards.board_actions.add_text("A note to undo")
    assert window.undo_stack.count() == count + 1
    for focus in (window.boards.view, window.editor.tree):
        window.tabs.setCurrentWidget(window.boards if focus is window.boards.view else window.editor)
        _focused(window, focus, qtbot)
        qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert window.undo_stack.index() == count
        sequence = QKeySequence(redo_key)[0]
        qtbot.keyClick(focus, sequence.key(), sequence.keyboardModifiers())
        assert window.undo_stack.index() == count + 1, f"{redo_key} did not redo with focus in {focus}"


def test_redo_keys_are_each_listed_once(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    """On X11 Qt's standard Redo key is Ctrl+Shift+Z itself: listing it and Ctrl+Shift+Z made
    one key twice, and Qt ran neither. The keys must not depend on the platform's list."""
    window = desk.open_workshop(sample.workshop_id)
    keys = [k.toString() for k in window.redo_action.shortcuts()]
    assert sorted(keys) == ["Ctrl+Shift+Z", "Ctrl+Y"]


# -- the shortcuts panel -----------------------------------------------------------------------
@pytest.mark.parametrize("tab", [TAB_AGENDA, TAB_BOARDS, TAB_RUN])
def test_question_mark_opens_the_panel_with_the_board_keys_and_esc_closes_it(
    desk, sample, qtbot, tab: int
) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(tab)
    focus = {TAB_AGENDA: window.editor.tree, TAB_BOARDS: window.boards.view, TAB_RUN: window.run_panel}[tab]
    _focused(window, focus, qtbot)
    # "?" as X11 sends it matches the shortcut "?" (checked on Xvfb); offscreen Qt does not
    # fold the Shift in, so the key comes without it here.
    qtbot.keyClick(focus, Qt.Key.Key_Question)
    qtbot.waitUntil(window.shortcuts.isVisible)
    listed = dict(window.shortcuts.rows)
    assert listed["Ctrl+G"] == "Group"  # the board's actions, read from the actions
    panel = window.shortcuts
    shown = {
        label.text()
        for label in panel.findChildren(QLabel)
        if label.isVisible()
        and panel.rect().contains(label.geometry().translated(label.parentWidget().pos()))
    }
    assert {"<b>Ctrl+G</b>", "Group", "<b>Esc</b>"} <= shown, "the rows are on screen"
    assert "Ctrl+Shift+Z  or  Ctrl+Y" in listed and listed["Space"]
    assert any("Nudge" in what for what in listed.values())
    assert "shared screen" in listed["Alt+Z"].lower() and "whole board" in listed["Alt+Shift+Z"]  # the room
    assert "F5" in listed  # one screen mirrored: presenter view and working window
    geometry = window.shortcuts.geometry()
    assert window.tabs.rect().contains(geometry), "the panel fits the window"
    qtbot.keyClick(QApplication.focusWidget() or focus, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.shortcuts.isVisible())
    assert window.isActiveWindow()


def test_a_new_key_on_an_action_shows_in_the_panel(desk, sample, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = desk.open_workshop(sample.workshop_id)
    zoom = QAction("Zoom the room to the cluster", window.run_panel.presenter)
    zoom.setShortcut(QKeySequence("Z"))
    window.run_panel.presenter.addAction(zoom)
    window.controller.actions["help"].trigger()
    assert ("Z", "Zoom the room to the cluster") in window.shortcuts.rows


# -- Tab leaves every multi-line field --------------------------------------------------------
def _multi_line_fields(page: QWidget) -> list[QWidget]:
    fields: list[QWidget] = []
    for kind in (QPlainTextEdit, QTextEdit):
        for field in page.findChildren(kind):
            if field.isVisible() and field.isEnabled() and not field.isReadOnly():
                fields.append(field)
    return fields


@pytest.mark.parametrize("tab", [0, TAB_AGENDA])
def test_tab_and_shift_tab_leave_every_multi_line_field(desk, sample, qtbot, tab: int) -> None:  # type: ignore[no-untyped-def]
    """Keyboard only: from every multi-line field Tab and Shift+Tab move on, and the other
    key comes back into it, without a tab character typed into it."""
    window = desk.open_workshop(sample.workshop_id)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(tab)
    page = window.tabs.currentWidget()
    if tab == TAB_AGENDA:  # an item selected with the keyboard: the form shows its fields
        _focused(window, window.editor.tree, qtbot)
        for _ in range(3):
            qtbot.keyClick(window.editor.tree, Qt.Key.Key_Down)
    fields = _multi_line_fields(page)
    assert fields, "this page has multi-line fields"
    texts = {id(f): f.toPlainText() for f in fields}
    for field in fields:
        for leave, back in ((Qt.Key.Key_Tab, Qt.Key.Key_Backtab), (Qt.Key.Key_Backtab, Qt.Key.Key_Tab)):
            _focused(window, field, qtbot)
            qtbot.keyClick(field, leave)
            neighbour = QApplication.focusWidget()
            assert neighbour is not field, f"{leave.name} stayed in {field.placeholderText()!r}"
            qtbot.keyClick(neighbour, back)
            assert QApplication.focusWidget() is field, f"{back.name} does not come back to the field"
        assert field.toPlainText() == texts[id(field)], "a tab character was typed"
