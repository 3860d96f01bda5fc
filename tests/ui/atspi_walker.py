"""Drives a running SprintDesk through AT-SPI the way a screen reader (Orca) does, and prints
what it found as one JSON object. Run by tests/ui/test_screen_reader.py with the system's
/usr/bin/python3 (Debian's python3-pyatspi; the project's virtualenv cannot import it), on
the D-Bus session and display the test started. Standard library and pyatspi only.

ATSPI_WALKER_NAMES=1 lists every control audited, as a screen reader names it, on stderr.

1. A keyboard-only path on a new database, every key sent through AT-SPI's key synthesis:
   Alt+T (the first run's "Start from a template"), a title, Enter (the workshop opens);
   the Details tab: a participant added; the Run tab: Space starts the timer; the Boards tab:
   a note typed into the note field, "Start a vote", the note found with Find (Enter selects
   it), then V in the board casts a dot.
2. The first run's "Open a sample workshop", pressed through its AT-SPI action.
3. The audit: in the workshop list, the New workshop dialog, and the sample's Details, Agenda,
   Boards (with the vote panel), Run and Outcomes tabs, every interactive control on screen,
   and every menu item, has a role and a meaningful name; the countdown's name carries its
   remaining time.

python3 atspi_walker.py SAMPLE_TITLE
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pyatspi
from gi.repository import GLib

Acc = Any  # an Accessible proxy

# The interactive roles a screen reader user operates (a text only when editable).
INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_LIST,
    pyatspi.ROLE_LIST_BOX,
    pyatspi.ROLE_TREE,
    pyatspi.ROLE_TREE_TABLE,
    pyatspi.ROLE_TABLE,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_TEXT,
}
MENU_ROLES = {
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_MENU,
}
# Widgets inside a control that a reader does not visit on their own: a combo box's popup
# list, a scroll area's bars.
SKIP_INSIDE = {pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_SCROLL_BAR}
OBJECT_NAME = re.compile(r"qt_\w*|Q[A-Z]\w+|[a-z]+(_[a-z0-9]+)+|[a-z]+[A-Z]\w*")
TIME = re.compile(r"\b\d{1,3}:\d\d\b")

CONTROL, SHIFT, ALT = 4, 1, 8  # X modifier masks
KEYSYMS = {
    "Tab": 0xFF09,
    "Return": 0xFF0D,
    "space": 0x20,
    "Down": 0xFF54,
    "Escape": 0xFF1B,
    "Page_Up": 0xFF55,
}


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def wait_for(what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
    """Poll ``check`` until it returns something true (AT-SPI has no "wait until")."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except Exception:  # an object went away while we looked: look again
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)


# -- reading the tree ---------------------------------------------------------------------
def states(acc: Acc) -> set[Any]:
    return set(acc.getState().getStates())


def children(acc: Acc) -> Iterator[Acc]:
    try:
        count = acc.childCount
    except Exception:  # gone meanwhile (a dialog closed, a list refilled)
        return
    for index in range(count):
        try:
            child = acc.getChildAtIndex(index)
        except Exception:
            continue
        if child is not None:
            yield child


def walk(acc: Acc, showing_only: bool = True) -> Iterator[Acc]:
    """Every descendant (on screen only, unless ``showing_only`` is false), depth first;
    objects that go away while we look are passed over."""
    for child in children(acc):
        try:
            if showing_only and pyatspi.STATE_SHOWING not in states(child):
                continue
            inside = child.getRole() not in SKIP_INSIDE
        except Exception:
            continue
        yield child
        if inside:
            yield from walk(child, showing_only)


def find(root: Acc, role: Any, name: str | Callable[[str], bool], showing_only: bool = True) -> Acc | None:
    match = name if callable(name) else (lambda n: n == name)
    for acc in walk(root, showing_only):
        try:
            if acc.getRole() == role and match(acc.name):
                return acc
        except Exception:
            continue
    return None


def application() -> Acc:
    desktop = pyatspi.Registry.getDesktop(0)
    return next(app for app in children(desktop) if app.name == "SprintDesk")


def frame(prefix: str) -> Acc | None:
    for window in children(application()):
        if window.getRole() in (pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG) and window.name.startswith(prefix):
            return window
    return None


ITEMS = {pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TREE_ITEM, pyatspi.ROLE_PAGE_TAB}


def focused(root: Acc) -> Acc | None:
    """What has the keyboard focus: the deepest focused object (a list's current item counts
    only while its list has the focus; Qt marks it focused either way)."""
    found = None
    for acc in walk(root):
        try:
            if pyatspi.STATE_FOCUSED not in states(acc):
                continue
            if acc.getRole() in ITEMS and pyatspi.STATE_FOCUSED not in states(acc.parent):
                continue
        except Exception:
            continue
        found = acc
    return found


def describe(acc: Acc) -> str:
    return f"{acc.getRoleName()} “{acc.name}”"


def path_of(acc: Acc) -> str:
    parts = []
    while acc is not None and acc.getRole() != pyatspi.ROLE_APPLICATION:
        parts.append(f"{acc.getRoleName()}[{acc.name}]")
        acc = acc.parent
    return " / ".join(reversed(parts))


def bad_name(acc: Acc) -> str | None:
    name = (acc.name or "").strip()
    if not name:
        return "no name"
    if OBJECT_NAME.fullmatch(name):
        return "an object name"
    if not re.search(r"\w", name):
        return "no words"
    return None


def label_of(acc: Acc) -> str:
    """The name of what labels it (AT-SPI's "labelled by"), which a reader says first."""
    for relation in acc.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY and relation.getNTargets():
            return str(relation.getTarget(0).name or "")
    return ""


def in_table(acc: Acc) -> bool:
    """A control in a table's cell: its column header says what it is."""
    parent = acc.parent
    return parent is not None and parent.getRole() in (pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TABLE)


def problem_of(acc: Acc) -> str | None:
    """Qt names a combo box by its current item, so a combo box also needs a label."""
    problem = bad_name(acc)
    combo = acc.getRole() == pyatspi.ROLE_COMBO_BOX and not in_table(acc)
    if problem is None and combo and not label_of(acc).strip() and acc.name == _current_item(acc):
        problem = "no label (its name is only its current item)"
    return problem


def _current_item(acc: Acc) -> str:
    for child in children(acc):
        for item in children(child):
            if pyatspi.STATE_SELECTED in states(item):
                return str(item.name)
    return str(acc.name)


def audit(screen: str, root: Acc, report: dict[str, Any]) -> None:
    """Every interactive control on screen (and every menu item) with its name, or a problem."""
    checked, problems = 0, []
    for acc in walk(root):
        role = acc.getRole()
        stop = pyatspi.STATE_FOCUSABLE in states(acc) and role not in ITEMS and role != pyatspi.ROLE_LABEL
        if role not in INTERACTIVE and not stop:  # a tab stop of any role needs a name too
            continue
        operable = {pyatspi.STATE_EDITABLE, pyatspi.STATE_FOCUSABLE} & states(acc)
        if role == pyatspi.ROLE_TEXT and not operable:  # a label's text, not a field
            continue
        checked += 1
        problem = problem_of(acc)
        if problem:
            problems.append(f"{acc.getRoleName()} {path_of(acc)}: {problem}")
        if os.environ.get("ATSPI_WALKER_NAMES"):  # to read what a screen reader says
            log(f"  {screen}: {label_of(acc) + ': ' if label_of(acc) else ''}{describe(acc)}")
    menu_bar = find(root, pyatspi.ROLE_MENU_BAR, lambda _n: True)
    for acc in walk(menu_bar, showing_only=False) if menu_bar is not None else ():
        if acc.getRole() in MENU_ROLES:
            checked += 1
            problem = bad_name(acc)
            if problem:
                problems.append(f"{acc.getRoleName()} {path_of(acc)}: {problem}")
    report["screens"][screen] = {"checked": checked, "problems": problems}
    log(f"audit {screen}: {checked} controls, {len(problems)} problems")


# -- acting -------------------------------------------------------------------------------
def key(name: str, modifiers: int = 0) -> None:
    registry = pyatspi.Registry
    if modifiers:
        registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_LOCKMODIFIERS)
    sym = KEYSYMS.get(name, ord(name) if len(name) == 1 else None)
    assert sym is not None, name
    registry.generateKeyboardEvent(sym, None, pyatspi.KEY_SYM)
    if modifiers:
        registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.03)  # let the X server deliver it before the next one


def type_text(text: str) -> None:
    for char in text:
        key(char)


def press(acc: Acc) -> None:
    """Its default action, as Orca's "activate" does."""
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    action.doAction(names.index("Press") if "Press" in names else 0)


class FocusEvents:
    """The focus as a screen reader follows it: AT-SPI's "focused" events (Orca listens to
    the same), read by turning GLib's main loop by hand."""

    def __init__(self) -> None:
        self.source: Acc | None = None
        self.count = 0
        pyatspi.Registry.registerEventListener(self._on_event, "object:state-changed:focused")

    def _on_event(self, event: Any) -> None:
        if event.detail1:
            self.source, self.count = event.source, self.count + 1

    def pump(self, until: Callable[[], bool], timeout: float) -> bool:
        context = GLib.MainContext.default()
        deadline = time.monotonic() + timeout
        while True:
            while context.pending():
                context.iteration(False)
            if until():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)


FOCUS: FocusEvents | None = None


def tab_to(window: Acc, wanted: Callable[[Acc], bool], what: str, limit: int = 60) -> Acc:
    """Tab until the focus is on ``what`` (what a screen reader user does, hearing each stop).
    Each stop is the object of the focus event the Tab caused; without one (an object that
    does not announce its focus), the tree is searched for the focused object."""
    assert FOCUS is not None
    now = focused(window)
    for _ in range(limit):
        try:
            if now is not None and wanted(now):
                return now
        except Exception:  # gone meanwhile
            pass
        if os.environ.get("ATSPI_WALKER_NAMES"):
            log(f"  tab stop: {path_of(now) if now is not None else None}")
        before = FOCUS.count
        key("Tab")
        moved = FOCUS.pump(lambda b=before: FOCUS.count > b, 1.5)
        now = FOCUS.source if moved else focused(window)
    raise AssertionError(f"Tab never reached {what}; focus is on {describe(focused(window))}")


def selected_tab(window: Acc) -> str:
    tabs = find(window, pyatspi.ROLE_PAGE_TAB_LIST, lambda _n: True)
    for tab in children(tabs):
        if pyatspi.STATE_SELECTED in states(tab):
            return str(tab.name)
    return ""


def switch_tab(window: Acc, name: str) -> None:
    """Ctrl+Tab (or Ctrl+Shift+Tab) until the tab is shown."""
    order = ["Details", "Agenda", "Boards", "Run", "Outcomes"]
    for _ in range(len(order)):
        current = selected_tab(window)
        if current == name:
            return
        forward = order.index(name) > order.index(current)
        if forward:
            key("Tab", CONTROL)
        else:
            key("Page_Up", CONTROL)
        wait_for(f"leaving the {current} tab", lambda c=current: selected_tab(window) != c, 5)
    raise AssertionError(f"Ctrl+Tab never reached the {name} tab (at {selected_tab(window)})")


def show_tab(window: Acc, name: str) -> None:
    """Through the page tab's own action (the audit does not depend on the keys)."""
    tab = find(window, pyatspi.ROLE_PAGE_TAB, name)
    assert tab is not None, f"no {name} tab"
    tabs = tab.parent
    tabs.querySelection().selectChild(tab.getIndexInParent())
    wait_for(f"the {name} tab", lambda: selected_tab(window) == name, 5)


def running(now: str, before: str) -> str:
    return now if now != before and "ready" not in now else ""


def countdown(window: Acc) -> str:
    found = find(window, pyatspi.ROLE_LABEL, lambda n: n.startswith("Countdown")) or find(
        window, pyatspi.ROLE_PANEL, lambda n: n.startswith("Countdown")
    )
    found = found or next((a for a in walk(window) if a.name.startswith("Countdown")), None)
    return str(found.name) if found is not None else ""


# -- the three parts ------------------------------------------------------------------------
def first_run(report: dict[str, Any]) -> None:
    """The empty list's ways in: audited, and Alt+T opens the New workshop dialog with a
    template chosen (Escape closes it again)."""
    library = wait_for("the workshop list", lambda: frame("Workshops"))
    way = "Start from a template"
    template = wait_for("the ways in", lambda: find(library, pyatspi.ROLE_PUSH_BUTTON, way))
    wait_for("the database to open", lambda: pyatspi.STATE_ENABLED in states(template))
    audit("workshop list (first run)", library, report)
    report["ways_in"] = {
        name: (button.description if (button := find(library, pyatspi.ROLE_PUSH_BUTTON, name)) else None)
        for name in ("Start from a template", "Open a sample workshop", "Import a workshop file")
    }
    key("t", ALT)
    dialog = wait_for("the New workshop dialog", lambda: frame("New workshop"))
    audit("new workshop dialog", dialog, report)
    combo = focused(dialog)
    report["alt_t"] = describe(combo) if combo is not None else ""
    key("Escape")
    wait_for("the dialog to close", lambda: frame("New workshop") is None, 5)


def sample_audit(report: dict[str, Any], sample_title: str) -> Acc:
    library = frame("Workshops")
    press(find(library, pyatspi.ROLE_PUSH_BUTTON, "Open a sample workshop"))
    window = wait_for("the sample workshop", lambda: frame(f"{sample_title} — SprintDesk"))
    for name in ("Details", "Agenda", "Boards", "Run", "Outcomes"):
        show_tab(window, name)
        if name == "Boards":
            wait_for("the vote panel", lambda: find(window, pyatspi.ROLE_PUSH_BUTTON, "Start a vote"), 5)
        audit(f"sample: {name}", window, report)
        if name == "Run":
            report["countdown_sample"] = countdown(window)
    return window


def keyboard_path(report: dict[str, Any]) -> None:
    """From the sample's window, keys only: back to the list, a workshop from a template, a
    participant, the timer, a note, a vote and a dot."""
    steps: list[str] = report["keyboard"]
    key("o", CONTROL)  # File > Workshop library…
    library = wait_for("the workshop list", lambda: frame("Workshops"))
    wait_for("the workshop list in front", lambda: pyatspi.STATE_ACTIVE in states(library))
    key("n", CONTROL)
    dialog = wait_for("the New workshop dialog", lambda: frame("New workshop"))
    combo = wait_for("focus on the template", lambda: focused(dialog))
    for _ in range(4):  # past "A blank workshop" and the blank template, to a real format
        if combo.getRole() == pyatspi.ROLE_COMBO_BOX and "blank" not in combo.name.lower():
            break
        key("Down")
        time.sleep(0.1)
    template = combo.name
    title = tab_to(dialog, lambda a: a.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY), "the title")
    steps.append(f"New workshop dialog: template “{template}”, title field {describe(title)}")
    type_text(TITLE)
    key("Return")
    window = wait_for("the new workshop's window", lambda: frame(f"{TITLE} — SprintDesk"))
    steps.append(f"created “{TITLE}” from {template}")
    report["template"] = template
    report["library_active_after_ctrl_o"] = library.name

    switch_tab(window, "Details")
    tab_to(window, lambda a: a.name == "Add participant", "Add participant")
    key("space")
    type_text(PERSON)
    key("Return")
    wait_for("the participant", lambda: find(window, pyatspi.ROLE_TABLE_CELL, PERSON), 5)
    steps.append(f"participant {PERSON} added")

    switch_tab(window, "Run")
    before = wait_for("the countdown", lambda: countdown(window))
    key("space")
    after = wait_for("the timer to start", lambda: running(countdown(window), before))
    report["countdown_running"] = after
    steps.append(f"timer started: “{before}” → “{after}”")

    switch_tab(window, "Boards")
    entry = tab_to(window, lambda a: a.name == "New note", "the note field")
    steps.append(f"note field: {describe(entry)}")
    type_text(NOTE)
    key("Return")
    start = tab_to(window, lambda a: a.name == "Start a vote", "Start a vote")
    key("space")
    wait_for("the vote to start", lambda: "0 dots cast" in " ".join(a.name for a in walk(window)), 5)
    steps.append(f"vote started with {describe(start)}")
    tab_to(window, lambda a: a.name == "Find notes", "Find notes")
    type_text(NOTE.split()[0])
    key("Return")
    tab_to(window, lambda a: a.name.startswith("Board: notes"), "the board")
    key("v")
    wait_for("the dot", lambda: "1 dot cast" in " ".join(a.name for a in walk(window)), 5)
    steps.append("dot cast with V on the found note")
    report["keyboard_done"] = True


TITLE = "Screen reader retro"
PERSON = "Ana"
NOTE = "Keyboard notes work"


def main() -> int:
    global FOCUS
    report: dict[str, Any] = {"screens": {}, "keyboard": [], "keyboard_done": False}
    started = time.monotonic()
    FOCUS = FocusEvents()
    try:
        first_run(report)
        sample_audit(report, sys.argv[1])
        keyboard_path(report)
    except Exception as error:
        traceback.print_exc()
        report["error"] = f"{type(error).__name__}: {error}"
    report["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
