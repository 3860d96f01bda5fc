"""The structures facilitators reach for most, ready to pick (and then edit)."""

from __future__ import annotations

from dataclasses import dataclass

from sprintdesk.domain.board_structure import Axis, BoardStructure, StructureKind, build_structure


@dataclass(frozen=True, slots=True)
class Preset:
    key: str
    name: str
    kind: StructureKind
    titles: tuple[str, ...]
    x_axis: Axis | None = None
    y_axis: Axis | None = None

    def build(self, origin: tuple[float, float] | None = None) -> BoardStructure:
        return build_structure(self.kind, self.titles, x_axis=self.x_axis, y_axis=self.y_axis, origin=origin)


_C, _L, _Q, _G = StructureKind.COLUMNS, StructureKind.LANES, StructureKind.QUADRANTS, StructureKind.GRID

PRESETS: tuple[Preset, ...] = (
    Preset("start-stop-continue", "Start / Stop / Continue", _C, ("Start", "Stop", "Continue")),
    Preset("mad-sad-glad", "Mad / Sad / Glad", _C, ("Mad", "Sad", "Glad")),
    Preset(
        "4ls", "4Ls: Liked / Learned / Lacked / Longed for", _C, ("Liked", "Learned", "Lacked", "Longed for")
    ),
    Preset(
        "well-improve-actions", "Went well / To improve / Actions", _C, ("Went well", "To improve", "Actions")
    ),
    Preset("now-next-later", "Now / Next / Later", _C, ("Now", "Next", "Later")),
    Preset("needs-goals", "User needs / Business goals", _C, ("User needs", "Business goals")),
    Preset("roam", "ROAM risks", _C, ("Resolved", "Owned", "Accepted", "Mitigated")),
    Preset(
        "roles", "Lanes by role: Product / Design / Engineering", _L, ("Product", "Design", "Engineering")
    ),
    Preset(
        "empathy-map", "Empathy map: Says / Thinks / Does / Feels", _Q, ("Says", "Thinks", "Does", "Feels")
    ),
    Preset("swot", "SWOT", _Q, ("Strengths", "Weaknesses", "Opportunities", "Threats")),
    Preset(
        "impact-effort",
        "Impact / effort grid",
        _G,
        ("Quick wins", "Big bets", "Fill-ins", "Money pit"),
        Axis("Effort"),
        Axis("Impact"),
    ),
    Preset(
        "assumption-map",
        "Assumption map: importance / evidence",
        _G,
        ("", "Test first", "", ""),
        Axis("Evidence", "strong", "weak"),
        Axis("Importance", "low", "high"),
    ),
)


def preset(key: str) -> Preset:
    for candidate in PRESETS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
