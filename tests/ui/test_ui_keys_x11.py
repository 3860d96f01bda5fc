"""Redo from the keyboard on a real X server (Xvfb, the xcb platform): there Qt's standard
Redo key is Ctrl+Shift+Z itself, so listing both made one key twice and nothing happened."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("x11_redo_child.py")


@pytest.mark.slow
def test_redo_keys_work_on_x11(tmp_path: Path) -> None:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Xvfb is missing (apt-get install xvfb)")
        pytest.skip("Xvfb is not installed")
    display = f":{100 + os.getpid() % 400}"
    server = subprocess.Popen(
        [xvfb, display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        deadline = time.monotonic() + 20
        while not socket.exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for the server's socket, not for a guessed time
        assert socket.exists(), "Xvfb did not start"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
        result = subprocess.run(
            [sys.executable, str(CHILD), str(tmp_path / "x.db"), str(tmp_path / "settings.ini")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "redone 4 of 4" in result.stdout, result.stdout + result.stderr[-2000:]
