"""What a participant does on the page, step by step, in any WebDriver browser, and what the
test checks after each step. The facilitator's side is a small protocol so the same steps run
against the real RoomServer (test_phone_browser.py) and the contract's stand-in
(test_phone_page.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol

from phones import shots_dir, wait_for
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


class Facilitator(Protocol):
    def set_timer(self, duration_s: float, elapsed_s: float, running: bool) -> None: ...
    def open_vote(self) -> None: ...
    def reveal(self) -> None: ...
    def lock(self) -> None: ...
    def notes(self) -> list[str]: ...  # the texts of the phone notes the server holds


def css(driver: Any, selector: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver: Any, selector: str) -> list[Any]:
    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def shot(driver: Any, name: str, engine: str = "chromium") -> Path:
    path = shots_dir() / f"{engine}-{name}.png"
    driver.save_screenshot(str(path))
    return path


def visible(driver: Any, element_id: str) -> bool:
    return bool(driver.execute_script("var e=document.getElementById(arguments[0]);"
                                      "return !!e && !e.closest('[hidden]')", element_id))


def wait_visible(driver: Any, element_id: str, timeout: float = 10) -> None:
    wait_for(driver, lambda d: visible(d, element_id), f"#{element_id} visible", timeout)


def wait_text(driver: Any, selector: str, pattern: str, timeout: float = 10) -> str:
    def found(d: Any) -> str | bool:
        texts = d.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", selector)
        for text in (" ".join(t.split()) for t in texts):
            if re.search(pattern, text):
                return str(text)
        return False
    return str(wait_for(driver, found, f"{selector} matching {pattern!r}", timeout))


def join_by_link(driver: Any, url: str, name: str, role: str | None = None) -> None:
    driver.get(url)
    assert driver.execute_script("return window.isSecureContext") is False
    wait_visible(driver, "join-form")
    Select(css(driver, "#name-select")).select_by_visible_text(name)
    if role is not None:
        Select(css(driver, "#role-select")).select_by_visible_text(role)
    css(driver, "#join-submit").click()
    wait_visible(driver, "note-form")
    wait_text(driver, "#status", "^Connected")


def my_note(driver: Any, text: str) -> Any:
    for li in all_css(driver, "#my-notes li"):
        if li.find_element(By.CSS_SELECTOR, ".note-text").text == text:
            return li
    return None


def write_note(driver: Any, text: str) -> None:
    box = css(driver, "#note-input")
    box.send_keys(text)
    css(driver, "#note-submit").click()


def wait_note_status(driver: Any, text: str, pattern: str, timeout: float = 10) -> Any:
    def ready(d: Any) -> Any:
        li = my_note(d, text)
        if li is not None and re.search(pattern, li.find_element(By.CSS_SELECTOR, ".note-status").text):
            return li
        return False
    return wait_for(driver, ready, f"note {text!r} with status {pattern!r}", timeout)


def outbox(driver: Any) -> list[dict[str, Any]]:
    raw = driver.execute_script(
        "for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i);"
        " if (k.indexOf('sprintdesk:outbox:') === 0) return localStorage.getItem(k); } return '[]'")
    return list(json.loads(raw))


def reading(driver: Any) -> str:
    return str(driver.execute_script("return document.getElementById('timer').textContent")).split()


def timer_text(driver: Any) -> str:
    return " ".join(reading(driver))


# -- the steps ----------------------------------------------------------------------------------
def notes_steps(driver: Any, room: Facilitator, engine: str) -> None:
    """Write, see acknowledged, markup stays text, the 500 limit, edit, delete."""
    write_note(driver, "Make checkout one page")
    li = wait_note_status(driver, "Make checkout one page", "^On the board$")
    assert li.get_attribute("data-key") and outbox(driver) == []
    hostile = "<b>bold</b> & <img src=x onerror=alert(1)>"
    write_note(driver, hostile)
    wait_note_status(driver, hostile, "^On the board$")
    assert all_css(driver, "#my-notes b, #my-notes img") == []
    css(driver, "#note-input").send_keys("x" * 520)
    assert len(css(driver, "#note-input").get_attribute("value")) == 500
    assert css(driver, "#note-count").text == "500 of 500 characters (limit reached)"
    css(driver, "#note-input").clear()
    driver.execute_script("var e=document.getElementById('note-input'); e.value='';"
                          "e.dispatchEvent(new Event('input'))")
    write_note(driver, "Typo in thsi note")
    li = wait_note_status(driver, "Typo in thsi note", "^On the board$")
    shot(driver, "notes", engine)
    li.find_element(By.CSS_SELECTOR, "button.edit").click()
    area = li.find_element(By.CSS_SELECTOR, "textarea")
    assert driver.execute_script("return document.activeElement === arguments[0]", area)
    area.clear()
    area.send_keys("Typo fixed in this note")
    li.find_element(By.CSS_SELECTOR, "button.save").click()
    wait_note_status(driver, "Typo fixed in this note", "^On the board$")
    wait_for(driver, lambda d: "Typo fixed in this note" in room.notes(), "the edit on the server")
    li = my_note(driver, hostile)
    li.find_element(By.CSS_SELECTOR, "button.delete").click()
    assert li.find_element(By.CSS_SELECTOR, "button.delete").text == "Tap again to delete"
    li.find_element(By.CSS_SELECTOR, "button.delete").click()
    wait_for(driver, lambda d: my_note(d, hostile) is None, "the deleted note gone from the page")
    wait_for(driver, lambda d: hostile not in room.notes(), "the deleted note gone from the server")
    assert sorted(room.notes()) == ["Make checkout one page", "Typo fixed in this note"]


def timer_steps(driver: Any, room: Facilitator, engine: str) -> None:
    """Running (counts down between messages), paused, overtime; the live region speaks sparingly."""
    driver.execute_script(
        "window.__spoken = []; new MutationObserver(function () {"
        " window.__spoken.push(document.getElementById('timer-live').textContent); })"
        ".observe(document.getElementById('timer-live'), {childList: true, characterData: true, subtree: true});")
    room.set_timer(300, 20, True)
    wait_text(driver, "#timer", r"^4:[34]\d left$")
    first = timer_text(driver)
    wait_for(driver, lambda d: timer_text(d) != first, "the countdown moving without messages", 3)
    shot(driver, "timer-running", engine)
    spoken = driver.execute_script("return window.__spoken.slice()")
    assert len(spoken) <= 1, spoken  # "Timer running"/"4 minutes 40 seconds left", never once a second
    room.set_timer(300, 100, False)
    wait_text(driver, "#timer", r"^3:20 Paused$")
    wait_text(driver, "#timer-live", r"^Timer paused, 3 minutes 20 seconds left$")
    room.set_timer(60, 143, True)
    wait_text(driver, "#timer", r"^\+1:2\d over$")
    assert "over" in css(driver, "#timer").get_attribute("class")
    wait_text(driver, "#timer-live", r"^Time is up$")
    shot(driver, "timer-overtime", engine)
    room.set_timer(60, 48.5, True)
    wait_text(driver, "#timer-live", r"^10 seconds left$", timeout=5)


def vote_steps(driver: Any, room: Facilitator, engine: str, decider: bool = True) -> None:
    room.open_vote()
    wait_visible(driver, "vote")
    wait_text(driver, "#dots-left", r"^3 dots left of 3")
    items = all_css(driver, "#vote .vote-item")
    assert len(items) >= 2
    first, second = items[0], items[1]
    first.find_element(By.CSS_SELECTOR, ".dot-add").click()
    wait_text(driver, "#dots-left", r"^2 dots left of 3")
    first.find_element(By.CSS_SELECTOR, ".dot-add").click()
    wait_text(driver, "#dots-left", r"^1 dot left of 3")
    assert first.find_element(By.CSS_SELECTOR, ".mine").text.startswith("Your dots: 2")
    first.find_element(By.CSS_SELECTOR, ".dot-remove").click()
    wait_text(driver, "#dots-left", r"^2 dots left of 3")
    second.find_element(By.CSS_SELECTOR, ".dot-add").click()
    wait_text(driver, "#dots-left", r"^1 dot left of 3")
    if decider:
        second.find_element(By.CSS_SELECTOR, ".super-add").click()
        wait_text(driver, "#dots-left", r"0 supervotes left")
    driver.execute_script("document.getElementById('vote-section').scrollIntoView()")
    shot(driver, "vote", engine)
    room.reveal()
    wait_visible(driver, "results")
    assert not visible(driver, "vote")
    ranked = all_css(driver, "#results li")
    assert len(ranked) >= 2
    assert ranked[0].get_attribute("data-note-id") == second.get_attribute("data-note-id")
    driver.execute_script("document.getElementById('results-section').scrollIntoView()")
    shot(driver, "results", engine)


def lock_steps(driver: Any, room: Facilitator, engine: str) -> None:
    room.lock()
    wait_text(driver, "#board-state", "is locked")
    assert css(driver, "#note-submit").get_attribute("disabled") is not None
    assert all_css(driver, "#my-notes button.edit") == []
