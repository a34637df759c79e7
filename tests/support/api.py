"""An authenticated HTTP client for a test stack, and helpers to register participants."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from rldomain.study import load_studies
from rlkernel.db.models import STUDY_ROLES
from rlservice.admin_client import admin_token, create_client
from rlservice.live_simulation.resilient_http import ResilientTransport, RetryPolicy
from tests.support.stack import Stack

# Sent again on a lost connection: an action for a slot (the same decision comes back) and
# reads. Anything else would change what a test sees (a second upload, a 409 on registration),
# so only the short keep-alive protects it.
RESENDABLE_POSTS = ("/actions", "/api/v1/action")


def wait_ready(stack: Stack) -> None:
    """Until the gateway reaches Kafka and a decision replica heartbeats ok."""
    stack.wait_until(
        lambda r: (
            r.get("dependencies", {}).get("kafka", {}).get("status") == "ok"
            and r["services"]["decision"]["status"] == "ok"
        ),
        60,
        "gateway and decision",
    )


def new_id(prefix: str = "p") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Api:
    """A client holding every role (backend, analyst, operator) in every study of the stack;
    `admin_token` is the deployment admin's (rlservice.admin_client)."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.retries = RetryPolicy(idempotent_posts=RESENDABLE_POSTS)
        self.http = httpx.Client(
            base_url=stack.url, timeout=30, transport=ResilientTransport(self.retries)
        )
        self.admin_token = admin_token(stack.url, stack.settings())
        self.studies = sorted(load_studies(stack.settings().studies_dir))
        self.username = new_id("client")
        roles = [(s, r) for s in self.studies for r in STUDY_ROLES]
        self.token = create_client(
            stack.url, self.admin_token, self.username, uuid.uuid4().hex, roles
        )

    def client(self, *roles: tuple[str, str], admin: bool = False) -> str:
        """The token of a new client holding `roles` ((study, role) pairs)."""
        password = uuid.uuid4().hex
        return create_client(
            self.stack.url, self.admin_token, new_id("client"), password, list(roles), admin
        )

    def post(self, path: str, body: Any, token: str | None = None) -> httpx.Response:
        return self.http.post(path, json=body, headers=self._auth(token))

    def get(self, path: str, token: str | None = None) -> httpx.Response:
        return self.http.get(path, headers=self._auth(token))

    def _auth(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def add_justin_user(self) -> str:
        user = new_id("u")
        assert self.post("/api/v1/add_user", {"user_id": user}).status_code == 201
        return user

    def justin_action(self, user: str, index: int, temperature: float = 23) -> httpx.Response:
        return self.post(
            "/api/v1/action",
            {
                "user_id": user,
                "timestamp": "2025-01-01T12:00:00Z",
                "decision_idx": index,
                "context": {"temperature": temperature},
            },
        )

    def register_miwaves(self, days_ago: int = 0, evening_from: int = 2359) -> str:
        """A MiWaves participant whose current window is the morning one of RL day `days_ago`
        (or, with evening_from=1, the evening one)."""
        user = new_id("m")
        # Dates in the study's own time zone, as the service computes windows in it.
        start = (datetime.now(ZoneInfo(MIWAVES_TZ)) - timedelta(days=days_ago)).date()
        body = miwaves_baseline(user, start, evening_from)
        response = self.post("/register", body)
        assert response.status_code == 200, response.text
        return user


def miwaves_baseline(user: str, start: Any, evening_from: int = 2359) -> dict[str, Any]:
    return {
        "user_id": user,
        "morning_notification_time_start": [0] * 7,
        "evening_notification_time_start": [evening_from] * 7,
        "consent_start_date": start.isoformat(),
        "consent_end_date": (start + timedelta(days=29)).isoformat(),
        "rl_start_date": start.isoformat(),
        "rl_end_date": (start + timedelta(days=29)).isoformat(),
    }


MIWAVES_TZ = "America/Detroit"
MIWAVES_ACTION = {
    "finished_ema": True,
    "activity_question_response": True,
    "app_use_flag": False,
    "cannabis_use": [0, 0, 0],
}
