"""API clients, JWT access tokens and their revocation.

Roles: "client" (a study's backend), "admin", "analyst" (read-only). ADMIN_TOKEN from settings
acts as an admin credential for creating clients. Logout revokes the token's id until the token
would have expired anyway (kept in PostgreSQL, cached in Redis: rladapters.revocations).
"""

from __future__ import annotations

import hmac
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from gateway.errors import ApiError
from rladapters.revocations import Revocations
from rlkernel.settings import Settings

ROLES = ("client", "admin", "analyst")
CHECKED_TOKENS = 10_000
_hasher = PasswordHasher()
# Verifying against a dummy hash when the user is unknown keeps timing from telling which.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Caller:
    username: str
    role: str
    token_id: str | None
    expires_at: int | None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, InvalidHashError):
        return False


class Tokens:
    def __init__(self, settings: Settings, revocations: Revocations) -> None:
        self.secret = settings.jwt_secret.get_secret_value()
        self.admin_token = settings.admin_token.get_secret_value()
        self.ttl = settings.jwt_ttl_seconds
        self.revocations = revocations
        self._checked: dict[str, dict[str, Any]] = {}  # token -> its verified claims

    def issue(self, username: str, role: str) -> str:
        now = int(time.time())
        claims = {
            "sub": username,
            "role": role,
            "jti": uuid.uuid4().hex,
            "iat": now,
            "exp": now + self.ttl,
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    async def verify(self, token: str) -> Caller:
        if self.admin_token and hmac.compare_digest(token, self.admin_token):
            return Caller("admin-token", "admin", None, None)
        claims = self._checked.get(token)
        if claims is None:
            claims = self._decode(token)
        elif claims["exp"] <= time.time():
            raise ApiError(401, "token_expired", "the token has expired; log in again")
        if claims["role"] not in ROLES:
            raise ApiError(401, "token_invalid", "the token is not valid")
        if await self.revocations.is_revoked(claims["jti"]):
            raise ApiError(401, "token_revoked", "the token was revoked by a logout")
        return Caller(claims["sub"], claims["role"], claims["jti"], int(claims["exp"]))

    def _decode(self, token: str) -> dict[str, Any]:
        """Checks the signature once per token: a client sends the same token for its whole
        life, and HMAC plus JSON parsing on each request was a tenth of the gateway's work.
        The expiry is checked on every use, the revocation list on every request."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                options={"require": ["exp", "sub", "jti", "role"]},
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
        if caller.token_id is None or caller.expires_at is None:
            raise ApiError(400, "cannot_revoke", "the admin token cannot be logged out")
        expires = datetime.fromtimestamp(caller.expires_at, UTC)
        await self.revocations.revoke(caller.token_id, expires)
