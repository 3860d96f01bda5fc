"""Where the room's server listens, as the QR code and the join slide show it."""

from __future__ import annotations

from dataclasses import dataclass


class ServerError(Exception):
    """The server could not start (address taken, not an address of this machine...); the
    message is one sentence for the facilitator."""


@dataclass(frozen=True, slots=True)
class JoinAddress:
    host: str
    port: int
    secret: str
    room_code: str

    @property
    def short_url(self) -> str:
        """What a person who cannot scan types (then the room code)."""
        return f"http://{self.host}:{self.port}"

    @property
    def join_url(self) -> str:
        """What the QR code carries: the address with the join secret."""
        return f"{self.short_url}/j/{self.secret}"

    def as_json(self) -> dict[str, object]:
        return {
            "host": self.host,
            "port": self.port,
            "secret": self.secret,
            "room_code": self.room_code,
            "join_url": self.join_url,
            "short_url": self.short_url,
        }
