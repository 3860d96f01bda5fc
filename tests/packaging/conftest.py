"""The packaging tests use the widget tests' QApplication fixture (Qt renders the icon)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    return qapp
