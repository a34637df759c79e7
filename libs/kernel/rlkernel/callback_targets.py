"""Where an update callback may go. Checked when it is asked for (the gateway) and again before
every send (the trainer: a name may resolve elsewhere by then), so that nobody can use our
callbacks to reach, or map, the networks behind us (SSRF).

A target passes when its scheme is http or https, its host is on the study's
callbacks.allowed_hosts, and every address the host resolves to is public, unless the deployment
allows private ones (CALLBACK_ALLOW_PRIVATE_NETWORKS: development and the tests, whose receivers
listen on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import urlsplit

from rldomain.errors import Invalid
from rldomain.study import canonical_host

IPAddress = IPv4Address | IPv6Address
Resolve = Callable[[str], Awaitable[list[IPAddress]]]


class CallbackRefused(Invalid):
    """A callback_url this deployment will not call: a 422 at the gateway, no send at the
    trainer."""


def is_public(address: IPAddress) -> bool:
    """Reachable on the public internet. ipaddress's is_global already excludes loopback,
    private, CGNAT, link-local, unspecified and documentation ranges; it lets multicast and
    IPv6 site-local through, and an IPv6 address can wrap an IPv4 one (mapped, 6to4)."""
    if isinstance(address, IPv6Address):
        wrapped = address.ipv4_mapped or address.sixtofour
        if wrapped is not None:
            return is_public(wrapped)
        if address.is_site_local:
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


async def resolve_host(host: str) -> list[IPAddress]:
    """Every address of `host`, by the system resolver, in a thread (it blocks)."""
    infos = await asyncio.to_thread(socket.getaddrinfo, host, None, type=socket.SOCK_STREAM)
    return [ip_address(info[4][0]) for info in infos]


def _host_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return canonical_host(parts.hostname or "")
    except ValueError:
        pass
    raise CallbackRefused("callback_url_invalid", "callback_url must be an http or https URL")


@dataclass(frozen=True)
class CallbackTargets:
    """The deployment's side of the check; the study's side is its allowed hosts."""

    allow_private: bool = False
    resolve: Resolve = resolve_host
    resolve_timeout_seconds: float = 3.0

    async def check(self, url: str, allowed_hosts: Collection[str]) -> list[IPAddress]:
        """The addresses the callback may be sent to (all the host's); refused otherwise."""
        host = _host_of(url)
        if not allowed_hosts:
            raise CallbackRefused(
                "callbacks_not_allowed", "the study allows no callbacks (callbacks.allowed_hosts)"
            )
        if host not in allowed_hosts:
            raise CallbackRefused(
                "callback_host_not_allowed",
                "the host of callback_url is not in the study's callbacks.allowed_hosts",
            )
        addresses = await self._addresses(host)
        if not self.allow_private and not all(map(is_public, addresses)):
            raise CallbackRefused(
                "callback_address_not_allowed",
                "the host of callback_url has a private, loopback or reserved address",
            )
        return addresses

    async def _addresses(self, host: str) -> list[IPAddress]:
        try:
            return [ip_address(host)]
        except ValueError:
            pass
        try:
            async with asyncio.timeout(self.resolve_timeout_seconds):
                addresses = await self.resolve(host)
        except (OSError, TimeoutError):  # socket.gaierror is an OSError
            addresses = []
        if not addresses:
            raise CallbackRefused(
                "callback_host_unresolved", "the host of callback_url could not be resolved"
            )
        return addresses
