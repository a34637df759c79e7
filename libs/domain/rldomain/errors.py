"""What a use case refuses, and why, in the domain's words: the edge decides the HTTP status.

Every error carries a stable machine code (clients branch on it) and a message for people.
Messages name ids and fields, never values: those may be health data.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class NotFound(DomainError):
    """The thing asked about does not exist (a study, a participant, an update)."""


class Forbidden(DomainError):
    """The caller holds no role that allows this, in the study it touches."""


class Conflict(DomainError):
    """The request is well formed but the current state refuses it (already registered,
    not active, outside the RL dates, window not closed, transition not allowed)."""


class Invalid(DomainError):
    """The request contradicts the study's rules (a context off its schema, an index where
    the study derives it from the time, a missing baseline)."""


class Unavailable(DomainError):
    """A store the answer depends on is away; asking again later will work."""

    retry_after_seconds = 5
