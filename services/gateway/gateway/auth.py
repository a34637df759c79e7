"""Access tokens, and who the caller is on every request.

A token (JWT, HS256) names its client, its audience and issuer, and expires; it carries no role.
What the caller may do is read on every request from the client's grants (rladapters.access):
held in memory per client, stamped with the access version that every change of a client or a
role bumps in Redis, and read again from PostgreSQL when the stamp differs or it is older than
GRANTS_MAX_AGE. So a disabled client, a revoked role or a logged-out token stops working on the
next request, on every gateway. ADMIN_TOKEN is accepted by one route only: creating the first
admin (routes/clients.py).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from gateway.errors import ApiError
from rladapters.access import AccessStore, Grants
from rladapters.revocations import Revocations
from rlkernel.settings import Settings

AUDIENCE = "rl-service"
CHECKED_TOKENS = 10_000
GRANTS_HELD = 10_000
# A backstop only: if bumping the access version in Redis failed after a change was committed,
# a gateway still sees the change within this many seconds.
GRANTS_MAX_AGE = 30.0
_hasher = PasswordHasher()
# Verifying against a dummy hash when the user is unknown keeps timing from telling which.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Caller:
    grants: Grants
    token_id: str
    expires_at: int

    @property
    def username(self) -> str:
        return self.grants.username

    @property
    def admin(self) -> bool:
        return self.grants.admin


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, InvalidHashError):
        return False


@dataclass(frozen=True)
class _Held:
    grants: Grants | None  # None: unknown or disabled
    stamp: str
    read_at: float


class Tokens:
    def __init__(self, settings: Settings, revocations: Revocations, access: AccessStore) -> None:
        self.secret = settings.jwt_secret.get_secret_value()
        self.issuer = f"rl-service/{settings.rls_namespace}"
        self.ttl = settings.jwt_ttl_seconds
        self.revocations, self.access = revocations, access
        self._checked: dict[str, dict[str, Any]] = {}  # token -> its verified claims
        self._held: dict[str, _Held] = {}  # username -> grants and the stamp they were read at

    def issue(self, username: str) -> str:
        now = time.time()
        claims = {
            "sub": username,
            "aud": AUDIENCE,
            "iss": self.issuer,
            "jti": uuid.uuid4().hex,
            # To the microsecond: a client disabled and enabled again within one second gets
            # its new tokens accepted and its old ones refused (Grants.tokens_valid_after).
            "iat": round(now, 6),
            "exp": int(now) + self.ttl,
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    async def verify(self, token: str) -> Caller:
        claims = self._checked.get(token)
        if claims is None:
            claims = self._decode(token)
        elif claims["exp"] <= time.time():
            raise ApiError(401, "token_expired", "the token has expired; log in again")
        revoked, stamp = await self.revocations.check(claims["jti"])
        if revoked:
            raise ApiError(401, "token_revoked", "the token was revoked by a logout")
        grants = await self._grants(claims["sub"], stamp)
        if grants is None or claims["iat"] < grants.tokens_valid_after:
            raise ApiError(401, "client_disabled", "the client was disabled; ask an admin")
        return Caller(grants, claims["jti"], int(claims["exp"]))

    async def _grants(self, username: str, stamp: str) -> Grants | None:
        held = self._held.get(username)
        if held and held.stamp == stamp and time.monotonic() - held.read_at < GRANTS_MAX_AGE:
            return held.grants
        read_at = time.monotonic()
        grants = await self.access.grants(username)  # read after the stamp: never staler
        if len(self._held) >= GRANTS_HELD:
            self._held.clear()  # bounded: the next requests read their grants again
        self._held[username] = _Held(grants, stamp, read_at)
        return grants

    def _decode(self, token: str) -> dict[str, Any]:
        """Checks the signature once per token: a client sends the same token for its whole
        life, and HMAC plus JSON parsing on each request was a tenth of the gateway's work.
        The expiry is checked on every use, the revocation list on every request."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                audience=AUDIENCE,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "jti", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "token_expired", "the token has expired; log in again") from None
        except jwt.InvalidTokenError:
            raise ApiError(401, "token_invalid", "the token is not valid") from None
        if len(self._checked) >= CHECKED_TOKENS:
            self._checked.clear()  # bounded: the next requests check their signatures again
        self._checked[token] = claims
        return claims

    async def revoke(self, caller: Caller) -> None:
        expires = datetime.fromtimestamp(caller.expires_at, UTC)
        await self.revocations.revoke(caller.token_id, expires)
