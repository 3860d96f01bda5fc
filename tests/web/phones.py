"""Real browsers as participants' phones: Debian's Chromium and chromedriver (headless, 390x844,
the room reached by the name room.test so the page is not a secure context, as on a phone
over the room's Wi-Fi), and WebKitGTK (Safari's engine) through WebKitWebDriver.

A missing browser skips the test with the reason, and fails it when CI=true."""

from __future__ import annotations

import os
import subprocess
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
XVFB = "/usr/bin/Xvfb"


def missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " and CI=true")
    pytest.skip(reason)


def need(path: str, package: str) -> None:
    if not Path(path).exists():
        missing(f"{path} not installed (Debian package {package})")


@contextmanager
def chromium_phone(profile: Path, size: tuple[int, int] = PHONE_SIZE) -> Iterator[Any]:
    need(CHROMIUM, "chromium")
    need(CHROMEDRIVER, "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={size[0]},{size[1]}",
        f"--host-resolver-rules=MAP {ROOM_HOST} 127.0.0.1",
        "--force-device-scale-factor=1",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    # A phone's viewport (390x844 CSS pixels unless told, touch, the meta viewport honoured)
    options.add_experimental_option(
        "mobileEmulation",
        {
            "deviceMetrics": {
                "width": size[0],
                "height": size[1],
                "pixelRatio": 1.0,
                "touch": True,
                "mobile": True,
            }
        },
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
    logged as "Failed to load resource" and are not the page's errors. Nor is Chromium's note
    that it ignores the server's Cross-Origin-Opener-Policy header on an origin that is not
    potentially trustworthy (plain HTTP on a LAN name), which it logs as an error."""
    try:
        entries = driver.get_log("browser")
    except Exception:
        return []
    return [e["message"] for e in entries if e.get("level") == "SEVERE" and not _network(e["message"])]


def _network(message: str) -> bool:
    return (
        "Failed to load resource" in message
        or "net::ERR_" in message
        or "Cross-Origin-Opener-Policy header has been ignored" in message
    )


def shots_dir() -> Path:
    """Screenshots land here (kept after the run, for a person to look at)."""
    path = Path(os.environ.get("SPRINTDESK_SHOTS") or tempfile.gettempdir()) / "sprintdesk-phone-shots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def wait_for(driver: Any, condition: Callable[[Any], Any], what: str, timeout: float = 10) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(
        driver, timeout, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
    )
    return wait.until(condition, message=what)


def text_of(driver: Any, selector: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, selector).text)


@contextmanager
def virtual_screen() -> Iterator[str]:
    """A private Xvfb (WebKitGTK's MiniBrowser has no headless mode); the display number is
    the first free one, told by Xvfb itself."""
    need(XVFB, "xvfb")
    read, write = os.pipe()
    process = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1024x900x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            missing("Xvfb did not start")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def webkit_phone(port: int) -> Iterator[Any]:
    """WebKitGTK's MiniBrowser driven by WebKitWebDriver. WebKit has no host-resolver switch,
    so the room's name reaches 127.0.0.1 through the proxy setting: the browser sends
    "GET http://room.test:<port>/..." to the room's own server, which reads the absolute
    address like any request (Host: room.test:<port>), and the page is not a secure context."""
    need(WEBKIT_DRIVER, "webkit2gtk-driver")
    browser = next((str(p) for p in sorted(Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"))), None)
    if browser is None:
        missing("WebKitGTK's MiniBrowser not found (Debian package webkit2gtk-driver brings libwebkit2gtk)")
    from selenium import webdriver
    from selenium.webdriver.common.proxy import Proxy, ProxyType

    with virtual_screen() as display:
        options = webdriver.WebKitGTKOptions()
        options.binary_location = str(browser)
        options.add_argument("--automation")
        options.proxy = Proxy({"proxyType": ProxyType.MANUAL, "httpProxy": f"127.0.0.1:{port}"})
        service = webdriver.WebKitGTKService(
            executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": display}
        )
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            driver.set_window_size(*PHONE_SIZE)  # GTK keeps the window at least ~447 px wide
            yield driver
        finally:
            driver.quit()
