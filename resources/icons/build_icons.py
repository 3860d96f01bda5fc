"""Write the light and dark variants of the icons from the sources in ``src/``, and the app
icon's PNGs from ``app/io.github.sprintdesk.SprintDesk.svg``.

The sources draw with ``currentColor``; each variant fixes it to the text colour of one
scheme, so Qt's own SVG icon engine renders them crisply at any size and pixel ratio with no
work at start-up. Each variant folder is also an icon theme (``index.theme``): the app asks
for its icons by name (``QIcon.fromTheme``), so switching the theme (View > Theme) redraws
every icon already shown. The app icon's PNGs (16 to 512 px, for desktops and the window
icon) are rendered with Qt's QSvgRenderer. Run after editing a source (tests check that the
variants and the PNGs are current):

    python resources/icons/build_icons.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = {"light": "#111827", "dark": "#f3f4f6"}  # the themes' text colours
APP_ID = "io.github.sprintdesk.SprintDesk"
APP_SVG = HERE / "app" / f"{APP_ID}.svg"
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def variant_text(source: str, colour: str) -> str:
    return source.replace("currentColor", colour)


def theme_index(scheme: str) -> str:
    """The index.theme that makes a variant folder an icon theme with scalable icons."""
    return (
        "[Icon Theme]\n"
        f"Name=SprintDesk {scheme}\n"
        f"Comment=SprintDesk's icons for a {scheme} background\n"
        "Directories=.\n"
        "\n"
        "[.]\n"
        "Size=24\n"
        "MinSize=8\n"
        "MaxSize=1024\n"
        "Type=Scalable\n"
    )


def app_png(size: int) -> Path:
    return HERE / "app" / f"{size}x{size}" / f"{APP_ID}.png"


def build() -> list[Path]:
    written = []
    for scheme, colour in VARIANTS.items():
        folder = HERE / scheme
        folder.mkdir(exist_ok=True)
        for source in sorted((HERE / "src").glob("*.svg")):
            target = folder / source.name
            target.write_text(variant_text(source.read_text(encoding="utf-8"), colour), encoding="utf-8")
            written.append(target)
        index = folder / "index.theme"
        index.write_text(theme_index(scheme), encoding="utf-8")
        written.append(index)
    return written


def render_app_icon(size: int):  # type: ignore[no-untyped-def]  # -> QImage (Qt loads only here)
    """The app icon at ``size`` px, drawn by Qt's SVG renderer on a transparent square."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(APP_SVG))
    if not renderer.isValid():
        raise ValueError(f"{APP_SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def build_app_icons() -> list[Path]:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["build_icons", "-platform", "offscreen"])
    written = []
    for size in APP_SIZES:
        target = app_png(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render_app_icon(size).save(str(target), "PNG"):
            raise OSError(f"could not write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    print(f"wrote {len(build())} icons and {len(build_app_icons())} app icon PNGs")
