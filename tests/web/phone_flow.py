"""What a participant does on the page, step by step, in any WebDriver browser, and what the
test checks after each step. The facilitator's side is a small protocol so the same steps run
against the real RoomServer (test_phone_browser.py) and the contract's stand-in
(test_phone_page.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, Protocol

from phones import shots_dir, wait_for
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


class Facilitator(Protocol):
    duration_s: float  # the current agenda item's time

    def set_timer(self, elapsed_s: float, running: bool) -> None: ...
    def open_vote(self) -> None: ...
    def reveal(self) -> None: ...
    def lock(self) -> None: ...
    def notes(self) -> list[str]: ...  # the texts of the phone notes the server holds


def css(driver: Any, selector: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, selector)


def press(driver: Any, element: Any) -> None:
    """A tap on what the person sees: the element brought to the middle of the screen first
    (WebDriver would click one hidden under the sticky header as it is "in view")."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def all_css(driver: Any, selector: str) -> list[Any]:
    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def shot(driver: Any, name: str, engine: str = "chromium") -> Path:
    path = shots_dir() / f"{engine}-{name}.png"
    driver.save_screenshot(str(path))
    return path


def visible(driver: Any, element_id: str) -> bool:
    return bool(
        driver.execute_script(
            "var e=document.getElementById(arguments[0]);return !!e && !e.closest('[hidden]')", element_id
        )
    )


def wait_visible(driver: Any, element_id: str, timeout: float = 10) -> None:
    wait_for(driver, lambda d: visible(d, element_id), f"#{element_id} visible", timeout)


def wait_text(driver: Any, selector: str, pattern: str, timeout: float = 10) -> str:
    def found(d: Any) -> str | bool:
        texts = d.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", selector
        )
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
    press(driver, css(driver, "#join-submit"))
    wait_visible(driver, "note-form")
    wait_text(driver, "#status", "^Connected")


def my_note(driver: Any, text: str) -> Any:
    """The <li> of your note with that text, or None (looked up in one script, so a re-render
    between two WebDriver calls cannot leave a stale element)."""
    return driver.execute_script(
        "var want = arguments[0]; return Array.from(document.querySelectorAll('#my-notes li')).find("
        "function (li) { var t = li.querySelector('.note-text'); return t && t.textContent === want; })"
        " || null",
        text,
    )


def note_status(driver: Any, text: str) -> str | None:
    return driver.execute_script(  # type: ignore[no-any-return]
        "var want = arguments[0]; var li = Array.from(document.querySelectorAll('#my-notes li')).find("
        "function (li) { var t = li.querySelector('.note-text'); return t && t.textContent === want; });"
        " return li ? li.querySelector('.note-status').textContent : null",
        text,
    )


def write_note(driver: Any, text: str) -> None:
    box = css(driver, "#note-input")
    box.send_keys(text)
    press(driver, css(driver, "#note-submit"))


def wait_note_status(driver: Any, text: str, pattern: str, timeout: float = 10) -> Any:
    def ready(d: Any) -> Any:
        status = note_status(d, text)
        return status is not None and re.search(pattern, status) and my_note(d, text)

    from selenium.common.exceptions import TimeoutException

    try:
        return wait_for(driver, ready, f"note {text!r} with status {pattern!r}", timeout)
    except TimeoutException:
        notes = driver.execute_script("return document.getElementById('my-notes').innerText")
        raise AssertionError(f"no note {text!r} with status {pattern!r}; the notes show: {notes!r}") from None


def outbox(driver: Any) -> list[dict[str, Any]]:
    raw = driver.execute_script(
        "for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i);"
        " if (k.indexOf('sprintdesk:outbox:') === 0) return localStorage.getItem(k); } return '[]'"
    )
    return list(json.loads(raw))


def timer_text(driver: Any) -> str:
    """The countdown as read out: "4:39 left", "3:20 Paused", "+1:23 over"."""
    return " ".join(str(driver.execute_script("return document.getElementById('timer').textContent")).split())


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
    driver.execute_script(
        "var e=document.getElementById('note-input'); e.value='';e.dispatchEvent(new Event('input'))"
    )
    write_note(driver, "Typo in thsi note")
    li = wait_note_status(driver, "Typo in thsi note", "^On the board$")
    shot(driver, "notes", engine)
    layout_checks(driver)
    press(driver, li.find_element(By.CSS_SELECTOR, "button.edit"))
    area = li.find_element(By.CSS_SELECTOR, "textarea")
    assert driver.execute_script("return document.activeElement === arguments[0]", area)
    area.clear()
    area.send_keys("Typo fixed in this note")
    press(driver, li.find_element(By.CSS_SELECTOR, "button.save"))
    wait_note_status(driver, "Typo fixed in this note", "^On the board$")
    wait_for(driver, lambda d: "Typo fixed in this note" in room.notes(), "the edit on the server")
    li = my_note(driver, hostile)
    press(driver, li.find_element(By.CSS_SELECTOR, "button.delete"))
    assert li.find_element(By.CSS_SELECTOR, "button.delete").text == "Tap again to delete"
    press(driver, li.find_element(By.CSS_SELECTOR, "button.delete"))
    wait_for(driver, lambda d: my_note(d, hostile) is None, "the deleted note gone from the page")
    wait_for(driver, lambda d: hostile not in room.notes(), "the deleted note gone from the server")
    assert sorted(room.notes()) == ["Make checkout one page", "Typo fixed in this note"]


def clock_text(seconds: float) -> str:
    """The page's reading of a remaining time (overtime with a leading +)."""
    whole = math.floor(-seconds) if seconds < 0 else math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    body = (f"{hours}:{rest // 60:02d}" if hours else str(rest // 60)) + f":{rest % 60:02d}"
    return ("+" if seconds < 0 else "") + body


def either(*seconds: float) -> str:
    return "(" + "|".join(re.escape(clock_text(s)) for s in seconds) + ")"


def timer_steps(driver: Any, room: Facilitator, engine: str) -> None:
    """Running (counting down between messages), paused, the last seconds, overtime reached by
    the phone's own clock, overtime paused; the live region speaks on changes and the last
    10 s, never once a second. Time only moves forward (the real run's clock cannot go back),
    and a running countdown is only told again when it starts or stops (the server keys it by
    when it started), so the test never jumps a running clock."""
    d = room.duration_s
    driver.execute_script(
        "window.__spoken = []; new MutationObserver(function () {"
        " window.__spoken.push(document.getElementById('timer-live').textContent); })"
        ".observe(document.getElementById('timer-live'),"
        " {childList: true, characterData: true, subtree: true});"
    )
    room.set_timer(20, True)
    wait_text(driver, "#timer", rf"^{either(d - 20, d - 21)} left$")
    first = timer_text(driver)
    wait_for(driver, lambda drv: timer_text(drv) != first, "the countdown moving without messages", 3)
    shot(driver, "timer-running", engine)
    spoken = driver.execute_script("return window.__spoken.slice()")
    assert len(spoken) <= 1, spoken  # once for the start at most, not every second
    room.set_timer(100, False)
    wait_text(driver, "#timer", rf"^{re.escape(clock_text(d - 100))} Paused$")
    minutes, seconds = divmod(int(d - 100), 60)
    wait_text(driver, "#timer-live", rf"^Timer paused, {minutes} minutes {seconds} seconds left$")
    room.set_timer(d - 11.5, True)
    wait_text(driver, "#timer-live", r"^10 seconds left$", timeout=6)
    # into overtime by the phone's own clock, with no message from the server
    wait_text(driver, "#timer-live", r"^Time is up$", timeout=15)
    wait_text(driver, "#timer", r"^\+0:0\d over$")
    assert "over" in css(driver, "#timer").get_attribute("class")
    shot(driver, "timer-overtime", engine)
    room.set_timer(d + 83, False)
    wait_text(driver, "#timer", r"^\+1:23 over · Paused$")


def vote_steps(driver: Any, room: Facilitator, engine: str, decider: bool = True) -> None:
    room.open_vote()
    wait_visible(driver, "vote")
    wait_text(driver, "#dots-left", r"^3 dots left of 3")
    ids = [li.get_attribute("data-note-id") for li in all_css(driver, "#vote .vote-item")]
    assert len(ids) >= 2
    first, second = ids[0], ids[1]

    def tap(note_id: str, button: str) -> None:
        press(driver, css(driver, f'#vote .vote-item[data-note-id="{note_id}"] .{button}'))

    tap(first, "dot-add")
    wait_text(driver, "#dots-left", r"^2 dots left of 3")
    tap(first, "dot-add")
    wait_text(driver, "#dots-left", r"^1 dot left of 3")
    wait_text(driver, f'#vote .vote-item[data-note-id="{first}"] .mine', "^Your dots: 2")
    tap(first, "dot-remove")
    wait_text(driver, "#dots-left", r"^2 dots left of 3")
    tap(second, "dot-add")
    wait_text(driver, "#dots-left", r"^1 dot left of 3")
    if decider:
        tap(second, "super-add")
        wait_text(driver, "#dots-left", r"0 supervotes left")
    driver.execute_script("document.getElementById('vote-section').scrollIntoView()")
    shot(driver, "vote", engine)
    layout_checks(driver)
    room.reveal()
    wait_visible(driver, "results")
    assert not visible(driver, "vote")
    ranked = driver.execute_script(
        "return Array.from(document.querySelectorAll('#results li'))"
        ".map(li => li.getAttribute('data-note-id'))"
    )
    assert len(ranked) >= 2 and ranked[0] == second  # the supervote decides, as in the Sprint book
    driver.execute_script("document.getElementById('results-section').scrollIntoView()")
    shot(driver, "results", engine)


def layout_checks(driver: Any) -> None:
    """Nothing wider than the phone, and every visible control at least 44 px each way."""
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"
    small = driver.execute_script(
        "return Array.from(document.querySelectorAll('button, input, select, textarea'))"
        ".filter(e => !e.closest('[hidden]')).map(e => [e.id || e.className, e.getBoundingClientRect()])"
        ".filter(p => p[1].height < 44 || p[1].width < 44).map(p => [p[0], p[1].width, p[1].height])"
    )
    assert small == [], f"tap targets under 44 px: {small}"


def lock_steps(driver: Any, room: Facilitator, engine: str) -> None:
    room.lock()
    wait_text(driver, "#board-state", "is locked")
    assert css(driver, "#note-submit").get_attribute("disabled") is not None
    assert all_css(driver, "#my-notes button.edit") == []
