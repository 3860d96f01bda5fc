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
from phones import ROOM_HOST, browser_errors, chromium_phone, wait_for, webkit_phone

pytestmark = pytest.mark.slow  # starts chromedriver and Chromium


class Desk:
    """The facilitator's side of the stand-in, for phone_flow's steps."""

    def __init__(self, server: Server) -> None:
        self.server, self.room = server, server.room

    def set_timer(self, duration_s: float, elapsed_s: float, running: bool) -> None:
        self.server.call(self.room.set_timer, duration_s, elapsed_s, running)

    def open_vote(self) -> None:
        self.server.call(self.room.open_vote)

    def reveal(self) -> None:
        self.server.call(self.room.reveal)

    def lock(self) -> None:
        self.server.call(self.room.lock)

    def notes(self) -> list[str]:
        return list(self.server.call(lambda: [n["text"] for _, n in self.room.all_notes()]))


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server(ContractRoom())
    srv.start()
    yield srv
    srv.close()


@pytest.fixture
def phone(tmp_path: Path) -> Iterator[Any]:
    with chromium_phone(tmp_path / "profile") as driver:
        yield driver
        assert browser_errors(driver) == []


def link(server: Server) -> str:
    return f"http://{ROOM_HOST}:{server.port}/j/{server.room.secret}"


def test_notes_timer_vote_and_lock(server: Server, phone: Any) -> None:
    desk = Desk(server)
    join_by_link(phone, link(server), "Ada")
    assert css(phone, "#who").text == "You are Ada (Decider)"
    notes_steps(phone, desk, "contract")
    timer_steps(phone, desk, "contract")
    vote_steps(phone, desk, "contract")
    lock_steps(phone, desk, "contract")


def test_room_code_then_a_new_name(server: Server, phone: Any) -> None:
    phone.get(f"http://{ROOM_HOST}:{server.port}/")
    wait_visible(phone, "code-form")
    css(phone, "#code-input").send_keys("zzzzzz")
    css(phone, "#code-submit").click()
    wait_text(phone, "#code-error", "No room has that code")
    css(phone, "#code-input").clear()
    css(phone, "#code-input").send_keys("k7p2qx")
    css(phone, "#code-submit").click()
    wait_visible(phone, "join-form")
    assert phone.execute_script("return location.pathname") == f"/j/{server.room.secret}"
    from selenium.webdriver.support.ui import Select

    Select(css(phone, "#name-select")).select_by_visible_text("I am not on the list")
    assert visible(phone, "name-input")
    css(phone, "#name-input").send_keys("Linus <script>")
    Select(css(phone, "#role-select")).select_by_visible_text("Design")
    css(phone, "#join-submit").click()
    wait_text(phone, "#who", r"^You are Linus <script> \(Design\)$")
    assert all_css(phone, "#who script") == []


def test_anonymous_mode_asks_no_name(server: Server, phone: Any) -> None:
    server.call(setattr, server.room, "anonymous", True)
    phone.get(link(server))
    wait_visible(phone, "join-form")
    assert not visible(phone, "name-select") and not visible(phone, "name-input") and not visible(phone, "role-select")
    assert css(phone, "#join-heading").text == "Join anonymously"
    css(phone, "#join-submit").click()
    wait_text(phone, "#who", r"^You are Anonymous \d+$")


def test_a_lost_acknowledgement_is_resent_with_the_same_key_and_not_doubled(server: Server, phone: Any) -> None:
    join_by_link(phone, link(server), "Grace")
    server.call(setattr, server.room, "drop_next_note_answer", True)
    write_note(phone, "Saved but never answered")
    wait_note_status(phone, "Saved but never answered", "^On the board$")
    posts = server.call(lambda: list(server.room.posts))
    assert len(posts) == 2 and posts[0] == posts[1]  # the retry carried the same client key
    assert Desk(server).notes() == ["Saved but never answered"]


def test_a_dropped_server_keeps_the_note_and_sends_it_once_when_back(server: Server, phone: Any) -> None:
    join_by_link(phone, link(server), "Grace")
    port = server.port
    server.stop()
    wait_text(phone, "#status", "^Reconnecting")
    write_note(phone, "Written while the Wi-Fi was gone")
    wait_note_status(phone, "Written while the Wi-Fi was gone", "^Kept on this phone")
    assert [op["text"] for op in outbox(phone)] == ["Written while the Wi-Fi was gone"]
    shot(phone, "offline", "contract")
    server.start(port)
    wait_note_status(phone, "Written while the Wi-Fi was gone", "^On the board$", timeout=30)
    wait_text(phone, "#status", "^Connected$")
    assert outbox(phone) == []
    assert Desk(server).notes() == ["Written while the Wi-Fi was gone"]
    phone.refresh()  # a reload (or a phone waking up) keeps the identity and the notes
    wait_note_status(phone, "Written while the Wi-Fi was gone", "^On the board$")
    assert css(phone, "#who").text == "You are Grace (Engineering)" and not visible(phone, "join-form")
    assert Desk(server).notes() == ["Written while the Wi-Fi was gone"]


def test_the_timer_follows_the_server_clock_not_the_phone_clock(server: Server, phone: Any) -> None:
    join_by_link(phone, link(server), "Grace")
    phone.execute_script("var real = Date.now; Date.now = function () { return real() + 3600 * 1000; };")
    Desk(server).set_timer(300, 60, True)
    wait_text(phone, "#timer", r"^(4:00|3:5\d) left$")


def test_bye_says_why(server: Server, phone: Any) -> None:
    join_by_link(phone, link(server), "Grace")
    server.call(server.room.say_bye, "The facilitator stopped joining. Your notes are kept.")
    wait_visible(phone, "bye-view")
    assert css(phone, "#bye-reason").text == "The facilitator stopped joining. Your notes are kept."
    assert my_note(phone, "anything") is None


def test_the_same_path_in_webkit(server: Server) -> None:
    """Safari's engine: WebKitGTK's MiniBrowser through WebKitWebDriver, on a private Xvfb."""
    desk = Desk(server)
    with webkit_phone(server.port) as phone:
        join_by_link(phone, link(server), "Ada")
        notes_steps(phone, desk, "webkit-contract")
        timer_steps(phone, desk, "webkit-contract")
        vote_steps(phone, desk, "webkit-contract")
        server.stop()
        wait_text(phone, "#status", "^Reconnecting")
        write_note(phone, "Written in WebKit while offline")
        server.start(server.port)
        wait_note_status(phone, "Written in WebKit while offline", "^On the board$", timeout=30)
        assert Desk(server).notes().count("Written in WebKit while offline") == 1
