"""WCAG 2 contrast between two #rrggbb colours, and a colour seen through another's
transparency: what the contrast checks of the themes, the presenter view and the board
measure, and how the board picks a readable ink on a tinted background."""

from __future__ import annotations

AA_TEXT = 4.5  # WCAG AA, normal text
AA_LARGE = 3.0  # WCAG AA, large text (the presenter view's, read from the back of the room)


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(color: str, alpha: float, background: str) -> str:
    """``color`` painted with opacity ``alpha`` over ``background``: the colour the eye sees."""
    top, bottom = _rgb(color), _rgb(background)
    mixed = (round(t * alpha + u * (1 - alpha)) for t, u in zip(top, bottom, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def readable_ink(background: str, inks: tuple[str, ...]) -> str:
    """Of ``inks``, the one that contrasts most with ``background``."""
    return max(inks, key=lambda ink: contrast(ink, background))
