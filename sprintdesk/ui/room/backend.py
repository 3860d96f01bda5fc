"""What the room's widgets need of the participation service and the room server, as
protocols (the composition root hands in the real ones: sprintdesk.services.participation
and sprintdesk.web.server.RoomServer), and the facilitator's choices when joining starts."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sprintdesk.services.changes import Changes
    from sprintdesk.web.server import RoomServer

ServerFactory = Callable[[int, Callable[["Changes"], None]], "RoomServer"]
"""Makes the room server of a workshop; the callback is called in the server's thread."""


@dataclasses.dataclass(frozen=True, slots=True)
class JoinOptions:
    """What the facilitator chose in "Let participants join…"."""

    host: str
    port: int | None = None  # None: any free port
    anonymous: bool = False
    allow_new_names: bool = True
    moderation: bool = False
    board_id: int | None = None  # None: the board of the running agenda item
