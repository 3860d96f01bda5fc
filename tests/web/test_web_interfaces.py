"""The machine's network interfaces for the facilitator to pick from (issue 13): the one with
the default route first, loopback last; read from the kernel, nothing sent."""

from __future__ import annotations

import ipaddress
import sys

import pytest

from sprintdesk.web.address import JoinAddress
from sprintdesk.web.interfaces import default_route_interfaces, list_interfaces

ROUTES = """Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
"""


def test_the_default_route_is_read_from_the_routing_table() -> None:
    assert default_route_interfaces(ROUTES) == ["eth0", "wlan0"]  # best metric first
    assert default_route_interfaces("Iface\tDestination\n") == []
    assert default_route_interfaces("Iface\nbroken line\n") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and uses SIOCGIFADDR")
def test_interfaces_list_ipv4_addresses_default_first_loopback_last() -> None:
    found = list_interfaces()
    assert found, "at least loopback"
    assert found[-1].is_loopback and found[-1].address == "127.0.0.1"
    for interface in found:
        assert isinstance(ipaddress.ip_address(interface.address), ipaddress.IPv4Address)
    defaults = [i for i in found if i.is_default]
    assert len(defaults) <= 1
    if defaults:
        assert found[0] is defaults[0]


def test_the_join_address_is_what_the_qr_carries() -> None:
    address = JoinAddress("192.0.2.7", 8765, "s" * 32, "K7P2QA")
    assert address.short_url == "http://192.0.2.7:8765"
    assert address.join_url == "http://192.0.2.7:8765/j/" + "s" * 32
    assert address.as_json()["join_url"] == address.join_url
