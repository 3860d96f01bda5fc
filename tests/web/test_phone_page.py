"""The participant page in real Chromium against the contract's stand-in server
(contract_room.py), for what the real server reaches only with timing luck: an
acknowledgement lost after the commit, the phone's clock far off, the room code path,
anonymous mode, "bye". The full path against the real RoomServer is test_phone_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from contract_room import ContractRoom, Server
from phone_flow import (
    all_css,
    css,
    join_by_link,
    layout_checks,
    lock_steps,
    my_note,
    notes_steps,
    outbox,
    shot,
    timer_steps,
    visible,
    vote_steps,
    wait_note_status,
    wait_text,
    wait_visible,
    write_note,
)
from phones import ROOM_HOST, browser_errors, chromium_phone, webkit_phone

pytestmark = pytest.mark.slow  # starts chromedriver and Chromium


class Desk:
    """The facilitator's side of the stand-in, for phone_flow's steps."""

    duration_s = 300.0

    def __init__(self, stand_in: Server) -> None:
        self.stand_in, self.room = stand_in, stand_in.room

    def set_timer(self, elapsed_s: float, running: bool) -> None:
        self.stand_in.call(self.room.set_timer, self.duration_s, elapsed_s, running)

    def open_vote(self) -> None:
        self.stand_in.call(self.room.open_vote)

    def reveal(self) -> None:
        self.stand_in.call(self.room.reveal)

    def lock(self) -> None:
        self.stand_in.call(self.room.lock)

    def notes(self) -> list[str]:
        return list(self.stand_in.call(lambda: [n["text"] for _, n in self.room.all_notes()]))


@pytest.fixture
def stand_in() -> Iterator[Server]:
    """The contract's stand-in (not conftest's real RoomServer)."""
    srv = Server(ContractRoom())
    srv.start()
    yield srv
    srv.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium as a phone (conftest's `phone` is an HTTP client)."""
    with chromium_phone(tmp_path / "profile") as driver:
        yield driver
        assert browser_errors(driver) == []


def link(stand_in: Server) -> str:
    return f"http://{ROOM_HOST}:{stand_in.port}/j/{stand_in.room.secret}"


def test_notes_timer_vote_and_lock(stand_in: Server, browser: Any) -> None:
    desk = Desk(stand_in)
    join_by_link(browser, link(stand_in), "Ada")
    assert css(browser, "#who").text == "You are Ada (Decider)"
    notes_steps(browser, desk, "contract")
    timer_steps(browser, desk, "contract")
    vote_steps(browser, desk, "contract")
    lock_steps(browser, desk, "contract")


def test_room_code_then_a_new_name(stand_in: Server, browser: Any) -> None:
    browser.get(f"http://{ROOM_HOST}:{stand_in.port}/")
    wait_visible(browser, "code-form")
    css(browser, "#code-input").send_keys("zzzzzz")
    css(browser, "#code-submit").click()
    wait_text(browser, "#code-error", "No room has that code")
    css(browser, "#code-input").clear()
    css(browser, "#code-input").send_keys("k7p2qx")
    css(browser, "#code-submit").click()
    wait_visible(browser, "join-form")
    assert browser.execute_script("return location.pathname") == f"/j/{stand_in.room.secret}"
    from selenium.webdriver.support.ui import Select

    Select(css(browser, "#name-select")).select_by_visible_text("I am not on the list")
    assert visible(browser, "name-input")
    css(browser, "#name-input").send_keys("Linus <script>")
    Select(css(browser, "#role-select")).select_by_visible_text("Design")
    css(browser, "#join-submit").click()
    wait_text(browser, "#who", r"^You are Linus <script> \(Design\)$")
    assert all_css(browser, "#who script") == []


def test_readable_on_a_360_px_phone(stand_in: Server, tmp_path: Path) -> None:
    with chromium_phone(tmp_path / "profile", (360, 740)) as browser:
        read_at_360_px(browser, stand_in)


def read_at_360_px(browser: Any, stand_in: Server) -> None:
    join_by_link(browser, link(stand_in), "Ada")
    Desk(stand_in).set_timer(20, True)
    write_note(browser, "A long word: " + "Zusammenarbeitsvereinbarung" * 4)
    wait_note_status(browser, "A long word: " + "Zusammenarbeitsvereinbarung" * 4, "^On the board$")
    Desk(stand_in).open_vote()
    wait_visible(browser, "vote")
    assert browser.execute_script("return window.innerWidth") == 360
    layout_checks(browser)
    shot(browser, "360px", "contract")


def test_anonymous_mode_asks_no_name(stand_in: Server, browser: Any) -> None:
    stand_in.call(setattr, stand_in.room, "anonymous", True)
    browser.get(link(stand_in))
    wait_visible(browser, "join-form")
    assert (
        not visible(browser, "name-select")
        and not visible(browser, "name-input")
        and not visible(browser, "role-select")
    )
    assert css(browser, "#join-heading").text == "Join anonymously"
    css(browser, "#join-submit").click()
    wait_text(browser, "#who", r"^You are Anonymous \d+$")


def test_a_lost_acknowledgement_is_resent_with_the_same_key_and_not_doubled(
    stand_in: Server, browser: Any
) -> None:
    join_by_link(browser, link(stand_in), "Grace")
    stand_in.call(setattr, stand_in.room, "drop_next_note_answer", True)
    write_note(browser, "Saved but never answered")
    wait_note_status(browser, "Saved but never answered", "^On the board$")
    posts = stand_in.call(lambda: list(stand_in.room.posts))
    assert len(posts) == 2 and posts[0] == posts[1]  # the retry carried the same client key
    assert Desk(stand_in).notes() == ["Saved but never answered"]


def test_a_dropped_server_keeps_the_note_and_sends_it_once_when_back(stand_in: Server, browser: Any) -> None:
    join_by_link(browser, link(stand_in), "Grace")
    port = stand_in.port
    stand_in.stop()
    wait_text(browser, "#status", "^Reconnecting")
    write_note(browser, "Written while the Wi-Fi was gone")
    wait_note_status(browser, "Written while the Wi-Fi was gone", "^Kept on this phone")
    assert [op["text"] for op in outbox(browser)] == ["Written while the Wi-Fi was gone"]
    shot(browser, "offline", "contract")
    stand_in.start(port)
    wait_note_status(browser, "Written while the Wi-Fi was gone", "^On the board$", timeout=30)
    wait_text(browser, "#status", "^Connected$")
    assert outbox(browser) == []
    assert Desk(stand_in).notes() == ["Written while the Wi-Fi was gone"]
    browser.refresh()  # a reload (or a browser waking up) keeps the identity and the notes
    wait_note_status(browser, "Written while the Wi-Fi was gone", "^On the board$")
    assert css(browser, "#who").text == "You are Grace (Engineering)" and not visible(browser, "join-form")
    assert Desk(stand_in).notes() == ["Written while the Wi-Fi was gone"]


def test_the_timer_follows_the_server_clock_not_the_phone_clock(stand_in: Server, browser: Any) -> None:
    join_by_link(browser, link(stand_in), "Grace")
    browser.execute_script("var real = Date.now; Date.now = function () { return real() + 3600 * 1000; };")
    Desk(stand_in).set_timer(60, True)
    wait_text(browser, "#timer", r"^(4:00|3:5\d) left$")


def test_covered_and_waiting_notes_say_so(stand_in: Server, browser: Any) -> None:
    join_by_link(browser, link(stand_in), "Grace")
    stand_in.call(lambda: stand_in.room.set_board(private=True))
    wait_text(
        browser, "#board-state", "Private writing: notes stay covered on the shared screen until the reveal"
    )
    write_note(browser, "Hidden until the reveal")
    wait_note_status(browser, "Hidden until the reveal", "^Covered until the reveal$")
    stand_in.call(lambda: stand_in.room.set_board(private=False, moderation=True))
    wait_text(browser, "#board-state", "The facilitator approves each note before it appears")
    write_note(browser, "Needs approval")
    wait_note_status(browser, "Needs approval", "^Waiting for the facilitator$")
    shot(browser, "covered-waiting", "contract")


def test_bye_says_why(stand_in: Server, browser: Any) -> None:
    join_by_link(browser, link(stand_in), "Grace")
    stand_in.call(stand_in.room.say_bye, "The facilitator stopped joining. Your notes are kept.")
    wait_visible(browser, "bye-view")
    assert css(browser, "#bye-reason").text == "The facilitator stopped joining. Your notes are kept."
    assert my_note(browser, "anything") is None


def test_the_same_path_in_webkit(stand_in: Server) -> None:
    """Safari's engine (WebKitGTK's MiniBrowser through WebKitWebDriver, on a private Xvfb):
    notes and a dropped server (the timer and the vote in WebKit run against the real
    server in test_phone_browser.py)."""
    desk = Desk(stand_in)
    with webkit_phone(stand_in.port) as browser:
        join_by_link(browser, link(stand_in), "Ada")
        notes_steps(browser, desk, "webkit-contract")
        stand_in.stop()
        wait_text(browser, "#status", "^Reconnecting")
        write_note(browser, "Written in WebKit while offline")
        stand_in.start(stand_in.port)
        wait_note_status(browser, "Written in WebKit while offline", "^On the board$", timeout=30)
        assert Desk(stand_in).notes().count("Written in WebKit while offline") == 1
