"""The caller's address behind proxies we trust (TRUSTED_PROXIES), for the login limits.

Behind HAProxy, nginx or an Ingress every connection comes from the proxy: keyed by the peer,
every caller would share one bucket of failed logins. A proxy appends the address it saw to
X-Forwarded-For, so the chain reads client, proxy 1, ..., proxy n-1, and the peer is proxy n.
Only the right end is written by proxies we run; everything left of it was sent by the caller,
who can write anything there. So the address is the right-most entry that is not one of our
proxies, never the left-most. Until one is set, no proxy is trusted and the peer is the address.

This is the gateway's one reading of the header: uvicorn's own (proxy_headers) is turned off in
gateway.__main__, or it would trust loopback by default and rewrite the peer before this runs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import TypeAlias

from fastapi import Request

Address: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

# A caller can send a long forged chain of our proxies' addresses; we stop reading after this
# many hops, well above any real path through proxies.
MAX_HOPS = 16


def caller_address(request: Request, trusted: Sequence[Network]) -> str:
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[Network]
) -> str:
    """The caller's address, from the peer and the X-Forwarded-For headers (in order)."""
    if peer is None:
        return "unknown"
    address = parse(peer)
    if address is None:
        return peer  # not an IP address (a Unix socket): nothing to look behind
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops[-MAX_HOPS:]):
        if not _is_trusted(address, trusted):
            break
        found = parse(hop)
        if found is None:
            break  # our proxies write addresses: a malformed entry came from the caller's side
        address = found
    # Either not a proxy of ours, or the last address vouched for before the chain ran out.
    return str(address)


def parse(text: str) -> Address | None:
    """An address as proxies write it: 192.0.2.1, 192.0.2.1:443, 2001:db8::1, [2001:db8::1]:443;
    IPv4-mapped IPv6 as its IPv4 address. None if it is none of these ("unknown", garbage)."""
    text, port = text.strip(), None
    if text.startswith("["):
        text, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    elif text.count(":") == 1:
        text, _, port = text.partition(":")
    if port is not None and not (port.isascii() and port.isdigit()):
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == n.version and address in n for n in trusted)
