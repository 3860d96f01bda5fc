"""Helpers of the command-line tests, as fixtures: ``run`` starts ``python -m sprintdesk`` as a
real process, ``run_here`` calls ``main`` in this process (for what a subprocess cannot do
cheaply, like watching it read), and ``one_line_error`` checks the one-line error every
refused command ends with."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Protocol

import pytest

from sprintdesk.cli import main

Result = subprocess.CompletedProcess[str]


class Run(Protocol):
    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result: ...


class RunHere(Protocol):
    def __call__(self, *args: str) -> Result: ...


class OneLineError(Protocol):
    def __call__(self, result: Result, *fragments: str, code: int = 1) -> str: ...


def run_sprintdesk(*args: str, env: dict[str, str] | None = None) -> Result:
    """``sprintdesk ARGS`` in a new process (``env`` added to this one's), its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "sprintdesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=120,
    )


def check_one_line_error(result: Result, *fragments: str, code: int = 1) -> str:
    """The command failed with ``code``, wrote nothing to stdout and one line to stderr,
    ``sprintdesk: error: ...`` holding every fragment, and no traceback. Returns that line."""
    assert result.returncode == code, result
    assert result.stdout == "", result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sprintdesk: error: "), lines[0]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def run() -> Run:
    return run_sprintdesk


@pytest.fixture
def run_here(capsys: pytest.CaptureFixture[str]) -> RunHere:
    """``sprintdesk ARGS`` through ``main`` in this process, as a finished process."""

    def call(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(["sprintdesk", *args], code, captured.out, captured.err)

    return call


@pytest.fixture
def one_line_error() -> OneLineError:
    return check_one_line_error
