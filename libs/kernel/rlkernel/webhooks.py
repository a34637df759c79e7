"""Signing callbacks the Standard Webhooks way, so a receiver can check with the shared secret
that a callback came from us, unaltered and recently (README, "Callbacks"):

    webhook-id         the same on every retry of one callback: a receiver drops repeats by it
    webhook-timestamp  when this attempt was signed, in seconds since the epoch
    webhook-signature  v1,<base64 of HMAC-SHA256 over "{id}.{timestamp}.{body}">

The secret is `whsec_` followed by the key in base64."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

PREFIX = "whsec_"
MIN_KEY_BYTES = 24  # the scheme's lower bound for a key


def signing_key(secret: str) -> bytes:
    """The HMAC key, decoded as the reference libraries decode it, so that a receiver given the
    same string computes the same key (even from the development placeholder)."""
    return base64.b64decode(secret.removeprefix(PREFIX) + "==")


def is_webhook_secret(secret: str) -> bool:
    """A real secret: the prefix, then strict base64 of a key long enough."""
    if not secret.startswith(PREFIX):
        return False
    try:
        key = base64.b64decode(secret.removeprefix(PREFIX), validate=True)
    except binascii.Error:
        return False
    return len(key) >= MIN_KEY_BYTES


def signature_headers(key: bytes, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }
