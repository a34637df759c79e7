"""A login's address behind trusted proxies (gateway.forwarded): the right-most forwarded
entry that is not one of ours, whatever a caller writes to the left of it."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from gateway.forwarded import MAX_HOPS, client_address

PROXIES = (ip_network("10.0.0.0/8"), ip_network("2001:db8:ffff::/48"))
INGRESS, CLIENT = "10.1.2.3", "198.51.100.7"


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # straight from the client, or a proxy we do not know: its header is not believed
        (CLIENT, ["203.0.113.9"], CLIENT),
        ("192.0.2.50", ["203.0.113.9"], "192.0.2.50"),
        # through our proxy, which appended what it saw
        (INGRESS, [CLIENT], CLIENT),
        # a forged entry to the left is the caller's writing: skipped
        (INGRESS, [f"203.0.113.9, {CLIENT}"], CLIENT),
        (INGRESS, ["203.0.113.9", CLIENT], CLIENT),  # the same as two header lines
        # forged entries of our own range do not move it further left than the client
        (INGRESS, [f"10.9.9.9, {CLIENT}"], CLIENT),
        # two of our proxies in a row
        (INGRESS, [f"203.0.113.9, {CLIENT}, 10.4.4.4"], CLIENT),
        # our proxy without a header: the proxy itself
        (INGRESS, [], INGRESS),
    ],
)
def test_the_right_most_address_that_is_not_a_trusted_proxy(
    peer: str, forwarded: list[str], expected: str
) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


def test_no_trusted_proxy_means_no_header_is_believed() -> None:
    assert client_address(INGRESS, [CLIENT], ()) == INGRESS


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("2001:db8:ffff::1", ["2001:db8:1::7"], "2001:db8:1::7"),
        ("2001:db8:ffff::1", ["[2001:db8:1::7]:51000"], "2001:db8:1::7"),
        ("2001:db8:ffff::1", ["198.51.100.7:51000"], CLIENT),
        ("::ffff:10.1.2.3", [CLIENT], CLIENT),  # a dual-stack socket's view of an IPv4 proxy
        ("2001:db8:ffff::1", ["2001:DB8:1:0::7"], "2001:db8:1::7"),  # one key per address
    ],
)
def test_ipv6_ports_and_mapped_addresses(peer: str, forwarded: list[str], expected: str) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


@pytest.mark.parametrize(
    "forwarded",
    [
        ["unknown"],
        ["not an address"],
        [""],
        ["198.51.100.7, ,"],
        ["[2001:db8::1"],
        ["[2001:db8::1]443"],
        ["198.51.100.7:"],
        ["198.51.100.7:\uff18\uff10"],  # digits, but not ASCII ones
        ["1.2.3.4:x:y"],
    ],
)
def test_a_malformed_entry_stops_at_the_last_address_vouched_for(forwarded: list[str]) -> None:
    # Our proxies write addresses: the garbage is the caller's, and no key is built from it.
    assert client_address(INGRESS, forwarded, PROXIES) == INGRESS


def test_a_long_forged_chain_of_our_addresses_is_read_no_further_than_the_bound() -> None:
    forged = ", ".join(f"10.0.0.{i}" for i in range(1, 200))
    found = client_address(INGRESS, [f"203.0.113.9, {forged}"], PROXIES)
    assert found == f"10.0.0.{200 - MAX_HOPS}"


def test_a_peer_that_is_no_ip_address_is_kept_and_none_is_unknown() -> None:
    assert client_address("testclient", [CLIENT], PROXIES) == "testclient"
    assert client_address(None, [CLIENT], PROXIES) == "unknown"
