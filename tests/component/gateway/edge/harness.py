"""The whole gateway app over the in-memory fakes, for tests of what its edge lets in: every
store a request could reach is a fake the test can look into afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any, cast

import httpx
from pydantic import SecretStr

from gateway.actions import ActionDeps
from gateway.app import create_app
from gateway.auth import Tokens
from gateway.controls import ControlDeps
from gateway.distribution import DistributionDeps
from gateway.learning import LearningDeps
from gateway.notification_times import TimesDeps
from gateway.participants import StaffDeps
from gateway.studies import Studies
from rladapters.access import Grants
from rlkernel.db.models import STUDY_ROLES, DeadLetter, PolicyVersion
from rlkernel.settings import Settings
from tests.component.gateway.fakes import InMemoryParticipants

ADMIN = "component-admin-token-0123456789"
JSON = {"content-type": "application/json"}


@dataclass
class RecordingListings:
    limits: list[int] = field(default_factory=list)

    async def policies(self, study_id: str) -> list[PolicyVersion]:
        return []

    async def dead_letters(
        self,
        limit: int,
        source_topic: str | None = None,
        service: str | None = None,
        study_id: str | None = None,
    ) -> list[DeadLetter]:
        self.limits.append(limit)
        return []

    async def dead_letter(self, letter_id: int) -> DeadLetter | None:
        return None


class NoRevocations:
    """No token is revoked; the access version never changes."""

    async def check(self, token_id: str) -> tuple[bool, str]:
        return False, "access=1"


class EveryRole:
    """The component tests' caller: an admin holding every role in every study."""

    def __init__(self, studies: Studies) -> None:
        self.studies = studies

    async def grants(self, username: str) -> Grants:
        roles = {s.id: frozenset(STUDY_ROLES) for s in self.studies}
        return Grants(username, admin=True, roles=roles)


@dataclass
class EdgeState:
    """What deps.py reads from GatewayState, each part a fake."""

    settings: Settings
    studies: Studies
    participants: InMemoryParticipants
    actions: ActionDeps
    learning: LearningDeps
    listings: RecordingListings
    tokens: Tokens
    distribution: DistributionDeps | None = None  # set by the tests of the policy routes
    controls: ControlDeps | None = None
    staff: StaffDeps | None = None  # set by the tests of the participant routes
    times: TimesDeps | None = None  # set by the tests of the notification-times routes
    exclusions: Any = None
    pilot: Any = None  # set by the tests of the pilot routes
    health: Any = None  # set by the tests of the study health routes
    daily: Any = None  # set by the tests of the daily summary route
    by_state: Any = None  # set by the tests of the probability-by-state route
    simulations: Any = None  # set by the tests of the simulation routes
    logins: Any = None  # set by the tests of the login routes

    def sessions(self) -> Any:
        raise AssertionError("a refused request must not reach SQL")

    @property
    def clients(self) -> Any:
        return NoAccounts()

    @property
    def access(self) -> Any:
        return NoAccounts()


class NoAccounts:
    """Client accounts and the audit log: any use is a test failure."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"a refused request must not reach the client accounts ({name})")


def edge_state(
    studies: Studies, registry: InMemoryParticipants, actions: ActionDeps, learning: LearningDeps
) -> EdgeState:
    settings = Settings(
        _env_file=None,  # the machine's .env holds the real stack's settings
        admin_token=SecretStr(ADMIN),
        jwt_secret=SecretStr("component-jwt-secret-0123456789abcdef"),
    )
    # Tokens names the concrete stores
    tokens = Tokens(settings, cast(Any, NoRevocations()), cast(Any, EveryRole(studies)))
    # No decision service answers: an accepted action gets the study's fallback at once.
    actions = replace(actions, timeout_seconds=0)
    return EdgeState(settings, studies, registry, actions, learning, RecordingListings(), tokens)


@asynccontextmanager
async def serve(
    state: EdgeState, peer: tuple[str, int] = ("127.0.0.1", 123)
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app, an admin with every role, connecting from `peer`. The lifespan does
    not run: it would connect to the real Kafka, Redis and PostgreSQL. A server error raises in
    the test."""
    app = create_app(state.settings)
    app.state.gateway = state
    transport = httpx.ASGITransport(app=app, client=peer)
    headers = {"Authorization": f"Bearer {state.tokens.issue('component-client')}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://gateway", headers=headers
    ) as client:
        yield client


def refused(response: httpx.Response, status: int, code: str) -> str:
    """The refusal's message, once its status, shape and code are the expected ones."""
    assert (response.status_code, response.json()["status"]) == (status, "failure"), response.text
    assert response.json()["code"] == code, response.text
    return str(response.json()["message"])
