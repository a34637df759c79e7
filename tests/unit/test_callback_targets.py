"""Where a callback may go: the study's hosts, public addresses only unless the deployment says
otherwise, and a signature that the reference Standard Webhooks library verifies."""

from __future__ import annotations

import asyncio
import base64
import secrets
import time
from ipaddress import ip_address

import pytest
import standardwebhooks
from pydantic import ValidationError

from rldomain.study import Callbacks
from rlkernel.callback_targets import CallbackRefused, CallbackTargets, IPAddress
from rlkernel.settings import Settings
from rlkernel.webhooks import is_webhook_secret, signature_headers, signing_key

PUBLIC = "93.184.215.14"
HOSTS = ("hooks.example.org", PUBLIC, "2606:4700::1111")


def resolving_to(*addresses: str) -> CallbackTargets:
    async def resolve(host: str) -> list[IPAddress]:
        assert host == "hooks.example.org", "only a host on the list is ever resolved"
        return [ip_address(a) for a in addresses]

    return CallbackTargets(resolve=resolve)


async def refusal(targets: CallbackTargets, url: str, hosts: tuple[str, ...] = HOSTS) -> str:
    with pytest.raises(CallbackRefused) as refused:
        await targets.check(url, hosts)
    return refused.value.code


async def test_a_listed_host_with_public_addresses_is_allowed() -> None:
    targets = resolving_to(PUBLIC, "2606:4700::1111")
    addresses = await targets.check("https://hooks.example.org/done?key=1", HOSTS)
    assert addresses == [ip_address(PUBLIC), ip_address("2606:4700::1111")]
    assert await targets.check(f"http://{PUBLIC}:8080/done", HOSTS) == [ip_address(PUBLIC)]
    assert await targets.check("http://[2606:4700::1111]/", HOSTS) == [
        ip_address("2606:4700::1111")
    ]


async def test_hosts_compare_case_and_trailing_dot_blind() -> None:
    assert await resolving_to(PUBLIC).check("https://HOOKS.example.org./done", HOSTS)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://other.example.org/done", "callback_host_not_allowed"),
        ("https://hooks.example.org.evil.test/done", "callback_host_not_allowed"),
        ("https://93.184.215.15/done", "callback_host_not_allowed"),
        ("ftp://hooks.example.org/done", "callback_url_invalid"),
        ("file:///etc/passwd", "callback_url_invalid"),
        ("https:///done", "callback_url_invalid"),
        ("http://[::1/done", "callback_url_invalid"),
    ],
)
async def test_a_host_off_the_list_or_another_scheme_is_refused(url: str, code: str) -> None:
    assert await refusal(resolving_to(PUBLIC), url) == code


async def test_a_study_listing_no_host_refuses_every_callback() -> None:
    code = await refusal(resolving_to(PUBLIC), "https://hooks.example.org/done", ())
    assert code == "callbacks_not_allowed"


REFUSED_ADDRESSES = [
    "127.0.0.1",  # loopback
    "127.1.2.3",
    "::1",
    "10.1.2.3",  # private
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "fc00::1",
    "fd12:3456::1",
    "100.64.0.1",  # carrier-grade NAT
    "100.127.255.254",
    "169.254.169.254",  # link-local: the cloud metadata service
    "fe80::1",
    "0.0.0.0",  # noqa: S104 - unspecified: an address to refuse, not to bind
    "::",
    "224.0.0.1",  # multicast
    "ff02::1",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "2001:db8::1",
    "fec0::1",  # IPv6 site-local (deprecated)
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254
]


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
async def test_a_host_resolving_to_a_non_public_address_is_refused(address: str) -> None:
    url = "https://hooks.example.org/done"
    assert await refusal(resolving_to(address), url) == "callback_address_not_allowed"
    # One bad address among good ones is enough: the connection could go to any of them.
    assert await refusal(resolving_to(PUBLIC, address), url) == "callback_address_not_allowed"


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.1.2.3", "169.254.169.254"])
async def test_a_non_public_address_literal_is_refused_even_when_listed(address: str) -> None:
    literal = f"[{address}]" if ":" in address else address
    code = await refusal(CallbackTargets(), f"http://{literal}:8080/done", (address,))
    assert code == "callback_address_not_allowed"


async def test_private_addresses_pass_where_the_deployment_allows_them() -> None:
    targets = CallbackTargets(allow_private=True)
    assert await targets.check("http://127.0.0.1:9000/done", ("127.0.0.1",)) == [
        ip_address("127.0.0.1")
    ]
    # The list still holds: allowing private networks allows no other host.
    assert await refusal(targets, "http://10.0.0.5/done", ("127.0.0.1",)) == (
        "callback_host_not_allowed"
    )


async def test_a_host_that_does_not_resolve_or_too_slowly_is_refused() -> None:
    async def unknown(host: str) -> list[IPAddress]:
        raise OSError("Name or service not known")

    async def hanging(host: str) -> list[IPAddress]:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def empty(host: str) -> list[IPAddress]:
        return []

    url = "https://hooks.example.org/done"
    for resolve in (unknown, hanging, empty):
        targets = CallbackTargets(resolve=resolve, resolve_timeout_seconds=0.01)
        assert await refusal(targets, url) == "callback_host_unresolved"


@pytest.mark.parametrize(
    "host",
    ["*.example.org", "example.org:443", "https://example.org", "", "a..b", "10.1", "x_y.org"],
)
def test_a_study_lists_only_exact_host_names_and_addresses(host: str) -> None:
    with pytest.raises(ValidationError):
        Callbacks(allowed_hosts=(host,))


def test_a_study_lists_hosts_in_their_canonical_form_and_a_bounded_number() -> None:
    listed = Callbacks(allowed_hosts=("Hooks.Example.ORG.", "2606:4700:0::1111"))
    assert listed.allowed_hosts == ("hooks.example.org", "2606:4700::1111")
    assert Callbacks().allowed_hosts == ()
    with pytest.raises(ValidationError):
        Callbacks(allowed_hosts=tuple(f"h{i}.example.org" for i in range(33)))


def test_a_signature_verifies_with_the_reference_library_and_not_after_tampering() -> None:
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    body = b'{"status": "succeeded", "update_id": "u-1"}'
    headers = signature_headers(signing_key(secret), "u-1", int(time.time()), body)
    receiver = standardwebhooks.Webhook(secret)
    assert receiver.verify(body, headers) == {"status": "succeeded", "update_id": "u-1"}
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        receiver.verify(body.replace(b"succeeded", b"failed"), headers)
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        receiver.verify(body, {**headers, "webhook-id": "u-2"})


def test_the_signing_secret_must_be_a_real_webhook_secret_outside_development() -> None:
    real = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    assert is_webhook_secret(real)
    short = "whsec_" + base64.b64encode(b"sixteen byte key").decode()
    for fake in ("change-me", "whsec_change-me", real.removeprefix("whsec_"), short):
        assert not is_webhook_secret(fake), fake
        with pytest.raises(ValueError, match="CALLBACK_SIGNING_SECRET"):
            Settings(
                rls_env="production",
                admin_token="a" * 32,
                jwt_secret="b" * 32,
                seed_secret="c" * 32,
                callback_signing_secret=fake,
                _env_file=None,
            )
    settings = Settings(
        rls_env="production",
        admin_token="a" * 32,
        jwt_secret="b" * 32,
        seed_secret="c" * 32,
        callback_signing_secret=real,
        _env_file=None,
    )
    assert not settings.callback_allow_private_networks, "private networks are opt-in"
