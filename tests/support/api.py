"""An authenticated HTTP client for a test stack, and helpers to register participants."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

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
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.admin_token = stack.settings().admin_token.get_secret_value()
        self.retries = RetryPolicy(idempotent_posts=RESENDABLE_POSTS)
        self.http = httpx.Client(
            base_url=stack.url, timeout=30, transport=ResilientTransport(self.retries)
        )
        username, password = new_id("client"), uuid.uuid4().hex
        self.post(
            "/v1/clients", {"username": username, "password": password}, token=self.admin_token
        ).raise_for_status()
        self.token = self.http.post(
            "/v1/tokens", json={"username": username, "password": password}
        ).json()["access_token"]

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
