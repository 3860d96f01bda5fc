"""What a phone's request can run into, each with a one-line message for the person holding
the phone. The web layer turns them into HTTP statuses (401, 403, 404, 409)."""

from __future__ import annotations


class ParticipationError(Exception):
    """A request from a phone that the room's rules refuse; ``str(error)`` is one sentence."""


class NotAllowedError(ParticipationError):
    """Unknown, revoked or missing token: the phone has to join (again)."""


class ForbiddenError(ParticipationError):
    """Known phone, but the facilitator's settings forbid this (a new name, say)."""


class MissingError(ParticipationError):
    """No such note, dot, join link or room code (for this participant)."""


class ClosedError(ParticipationError):
    """Not now: joining is off, no board is open, the board is locked, no vote is open."""
