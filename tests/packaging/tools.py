"""The desktop's validators, found or not: a test that needs one skips without it, except on
CI (CI=true), where .ci/run installs them and a missing one fails."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PACKAGES = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed (Debian: {PACKAGES.get(tool, tool)})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must have it")
        pytest.skip(message)
    return found


def validate_desktop_file(path: os.PathLike[str] | str) -> None:
    """desktop-file-validate: no errors and no warnings (hints are advice)."""
    done = subprocess.run(
        [need("desktop-file-validate"), str(path)], capture_output=True, text=True, timeout=60
    )
    problems = [line for line in done.stdout.splitlines() if "error:" in line or "warning:" in line]
    assert done.returncode == 0 and not problems, done.stdout + done.stderr
