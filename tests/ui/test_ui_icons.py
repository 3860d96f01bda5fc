"""Icons: the shipped light/dark variants match their sources and render crisply."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from sprintdesk.ui.shared.icons import icon

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_icons", ICONS / "build_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_variants_are_current() -> None:
    builder = _builder()
    sources = sorted((ICONS / "src").glob("*.svg"))
    assert len(sources) >= 20
    for scheme, colour in builder.VARIANTS.items():
        for source in sources:
            shipped = (ICONS / scheme / source.name).read_text(encoding="utf-8")
            expected = builder.variant_text(source.read_text(encoding="utf-8"), colour)
            assert shipped == expected, f"run resources/icons/build_icons.py ({scheme}/{source.name})"


def test_icons_render_at_high_pixel_ratios(app) -> None:  # type: ignore[no-untyped-def]
    for name in ("play", "pause", "presenter", "timer"):
        pixmap = icon(name).pixmap(QSize(24, 24), 2.0)
        assert pixmap.width() == 48 and pixmap.devicePixelRatio() == 2.0, name
        image = pixmap.toImage()
        inked = sum(
            1
            for y in range(0, 48, 2)
            for x in range(0, 48, 2)
            if QColor(image.pixelColor(x, y)).alpha() > 128
        )
        assert inked > 20, f"{name} rendered empty"
