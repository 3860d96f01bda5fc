"""Write the light and dark variants of the icons from the sources in ``src/``.

The sources draw with ``currentColor``; each variant fixes it to the text colour of one
scheme, so Qt's own SVG icon engine renders them crisply at any size and pixel ratio with no
work at start-up. Run after editing a source (a test checks the variants are current):

    python resources/icons/build_icons.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = {"light": "#111827", "dark": "#f3f4f6"}  # the themes' text colours


def variant_text(source: str, colour: str) -> str:
    return source.replace("currentColor", colour)


def build() -> list[Path]:
    written = []
    for scheme, colour in VARIANTS.items():
        folder = HERE / scheme
        folder.mkdir(exist_ok=True)
        for source in sorted((HERE / "src").glob("*.svg")):
            target = folder / source.name
            target.write_text(variant_text(source.read_text(encoding="utf-8"), colour), encoding="utf-8")
            written.append(target)
    return written


if __name__ == "__main__":
    print(f"wrote {len(build())} icons")
