"""This machine's network interfaces and their IPv4 addresses, for the facilitator to pick the
one the room's phones can reach. Nothing is sent: the default route comes from the kernel's
routing table (/proc/net/route on Linux), each interface's address from an ioctl."""

from __future__ import annotations

import contextlib
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

SIOCGIFADDR = 0x8915
ROUTES = Path("/proc/net/route")


@dataclass(frozen=True, slots=True)
class NetworkInterface:
    name: str
    address: str
    is_default: bool = False  # the interface of the default route

    @property
    def is_loopback(self) -> bool:
        return self.address.startswith("127.")


def default_route_interfaces(routes: str | None = None) -> list[str]:
    """Names of the interfaces with a default route (destination 0.0.0.0), best metric first."""
    if routes is None:
        try:
            routes = ROUTES.read_text(encoding="ascii", errors="replace")
        except OSError:
            return []
    found: list[tuple[int, str]] = []
    for line in routes.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[1] == "00000000" and fields[7] == "00000000":
            with contextlib.suppress(ValueError):
                found.append((int(fields[6]), fields[0]))
    return [name for _metric, name in sorted(found)]


def _address_of(name: str) -> str | None:
    try:
        import fcntl  # POSIX only
    except ImportError:
        return None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # never sends anything
        try:
            packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
        except OSError:
            return None
    return socket.inet_ntoa(packed[20:24])


def list_interfaces() -> list[NetworkInterface]:
    """Interfaces with an IPv4 address: the default route's first, loopback last."""
    defaults = default_route_interfaces()
    found: list[NetworkInterface] = []
    try:
        names = [name for _index, name in socket.if_nameindex()]
    except OSError:
        names = []
    for name in names:
        address = _address_of(name)
        if address is not None:
            found.append(NetworkInterface(name, address, is_default=name in defaults[:1]))
    if not found:  # no ioctl here (Windows): the addresses the host name resolves to
        with contextlib.suppress(OSError):
            for address in sorted(set(socket.gethostbyname_ex(socket.gethostname())[2])):
                found.append(NetworkInterface(address, address, is_default=not found))
    if not any(i.address == "127.0.0.1" for i in found):
        found.append(NetworkInterface("lo", "127.0.0.1"))
    return sorted(found, key=lambda i: (i.is_loopback, not i.is_default, i.name))
