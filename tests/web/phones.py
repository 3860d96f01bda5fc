"""Real browsers as participants' phones: Debian's Chromium and chromedriver (headless, 390x844,
the room reached by the name room.test so the page is not a secure context, as on a phone
over the room's Wi-Fi), and WebKitGTK (Safari's engine) through WebKitWebDriver.

A missing browser skips the test with the reason, and fails it when CI=true."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOM_HOST = "room.test"
PHONE_SIZE = (390, 844)
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"


def missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " and CI=true")
    pytest.skip(reason)


def need(path: str, package: str) -> None:
    if not Path(path).exists():
        missing(f"{path} not installed (Debian package {package})")


@contextmanager
def chromium_phone(profile: Path) -> Iterator[Any]:
    need(CHROMIUM, "chromium")
    need(CHROMEDRIVER, "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", f"--window-size={PHONE_SIZE[0]},{PHONE_SIZE[1]}",
        f"--host-resolver-rules=MAP {ROOM_HOST} 127.0.0.1", "--force-device-scale-factor=1",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    # A phone's viewport (390x844 CSS pixels, touch, the meta viewport honoured)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": PHONE_SIZE[0], "height": PHONE_SIZE[1], "pixelRatio": 1.0,
                                              "touch": True, "mobile": True}}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def browser_errors(driver: Any) -> list[str]:
    """Chromium's console errors (CSP refusals, script errors); other browsers give none. The
    4xx answers the tests provoke, and the connections refused while the server is down, are
    logged as "Failed to load resource" and are not the page's errors."""
    try:
        entries = driver.get_log("browser")
    except Exception:  # noqa: BLE001 - WebKit has no log endpoint
        return []
    return [e["message"] for e in entries if e.get("level") == "SEVERE" and not _network(e["message"])]


def _network(message: str) -> bool:
    return "Failed to load resource" in message or "net::ERR_" in message


def shots_dir() -> Path:
    """Screenshots land here (kept after the run, for a person to look at)."""
    path = Path(os.environ.get("SPRINTDESK_SHOTS") or tempfile.gettempdir()) / "sprintdesk-phone-shots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def wait_for(driver: Any, condition: Callable[[Any], Any], what: str, timeout: float = 10) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition, message=what)


def text_of(driver: Any, selector: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, selector).text)


def have_webkit() -> str | None:
    """None when WebKitWebDriver can run here, else why not."""
    if shutil.which("WebKitWebDriver") is None and not Path(WEBKIT_DRIVER).exists():
        return f"{WEBKIT_DRIVER} not installed (Debian package webkit2gtk-driver)"
    return None
