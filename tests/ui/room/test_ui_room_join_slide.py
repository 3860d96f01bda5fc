"""Issue 13: the join slide and the corner code on the shared screen, read back by programs
nobody here wrote: ``zbarimg`` (Debian zbar-tools) decodes the QR code to the join URL, and
``tesseract`` reads the address and the room code (large enough for the back of a room).
Missing programs skip with the reason, and fail under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from room_steps import start_joining

from sprintdesk.domain.clock import FakeClock
from sprintdesk.ui.room.join_slide import SharedScreenJoin, spaced_code
from sprintdesk.ui.run.presenter_window import PresenterWindow
from sprintdesk.ui.workshop.window import WorkshopWindow

pytestmark = pytest.mark.slow  # starts zbarimg and tesseract


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing; .ci/run installs it (zbar-tools, tesseract-ocr)")
        pytest.skip(f"{name} is not installed (Debian: zbar-tools / tesseract-ocr)")
    return found


def _decode(path: Path) -> list[str]:
    done = subprocess.run(
        [_program("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return [line for line in done.stdout.splitlines() if line]


def _read_text(path: Path) -> str:
    done = subprocess.run(
        [_program("tesseract"), str(path), "-", "--psm", "11"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout


@dataclass(frozen=True)
class Address:
    join_url: str = "http://192.168.178.23:48211/j/Zq3v_8PbVw0s-TnKa1LxYc4EoRmHj9Df"
    short_url: str = "http://192.168.178.23:48211"
    room_code: str = "K7P2QX"


def _presenter(qtbot, width: int, height: int) -> tuple[PresenterWindow, SharedScreenJoin]:  # type: ignore[no-untyped-def]
    presenter = PresenterWindow(FakeClock())
    qtbot.addWidget(presenter)
    presenter.resize(width, height)
    presenter.show()
    qtbot.waitExposed(presenter)
    screen = SharedScreenJoin(presenter)
    screen.set_address(Address())
    return presenter, screen


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_the_join_slide_reads_back(qtbot, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    presenter, screen = _presenter(qtbot, *size)
    screen.set_slide_visible(True)
    qtbot.waitUntil(screen.slide.isVisible)
    shot = tmp_path / "slide.png"
    assert presenter.grab().save(str(shot))
    assert _decode(shot) == [Address.join_url]
    assert screen.slide.qr_rect.height() >= size[1] * 0.5  # large: scanned from the back rows
    text = _read_text(shot)
    assert "192.168.178.23:48211" in text.replace(" ", "")
    assert spaced_code(Address.room_code) in text or Address.room_code in text.replace(" ", "")


def test_the_corner_code_reads_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    presenter, screen = _presenter(qtbot, 1280, 720)
    screen.set_slide_visible(False)
    qtbot.waitUntil(screen.corner.isVisible)
    shot = tmp_path / "corner.png"
    assert presenter.grab().save(str(shot))
    assert _decode(shot) == [Address.join_url]
    corner = screen.corner.geometry()
    assert corner.width() * corner.height() < presenter.width() * presenter.height() * 0.12  # out of the way
    assert "192.168.178.23:48211" in _read_text(shot).replace(" ", "")


def test_stopping_takes_the_code_off_the_screen(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    presenter, screen = _presenter(qtbot, 1280, 720)
    screen.set_slide_visible(True)
    screen.set_address(None)
    assert not screen.slide.isVisible() and not screen.corner.isVisible()
    shot = tmp_path / "stopped.png"
    assert presenter.grab().save(str(shot))
    assert _decode(shot) == []


def test_the_running_servers_join_slide_gives_its_join_url(
    window: WorkshopWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    address = start_joining(window, qtbot)
    presenter = window.run_panel.presenter
    qtbot.waitUntil(lambda: window.room is not None and window.room.screen.slide.isVisible())
    shot = tmp_path / "live.png"
    assert presenter.grab().save(str(shot))
    assert _decode(shot) == [address.join_url]
