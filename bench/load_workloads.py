"""Who asks for what in the load benchmark, all through the gateway's JustIn API as a client
would. Set-up (closed loop, unmeasured): a client and its token, users, and for users with
history a first decision each with its outcome uploaded, so their later decisions read recent
rewards. Then the measured requests, each sent once:
  steady  a new decision index for a user with history
  first   a never-seen user's first decision (the morning burst is this, at its own rate)
  repeat  the steady run's requests sent again: a client retrying slots already decided
and, through the MiWaves API, the morning burst: participants registered with a decision window
open now, each asking for its first action (a reBandit randomization of the scheduled study).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.load_vegeta import Hit, Target, Vegeta
from rlkernel.settings import Settings
from rlservice.admin_client import admin_token, create_client


class SetupFailed(RuntimeError):
    pass


def new_token(base: str, settings: Settings) -> str:
    """A new client, the backend of the JustIn and MiWaves studies, and its bearer token."""
    user, password = f"load-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    roles = [(settings.justin_study, "backend"), (settings.miwaves_study, "backend")]
    return create_client(base, admin_token(base, settings), user, password, roles)


class JustIn:
    def __init__(self, vegeta: Vegeta, base: str) -> None:
        self.vegeta, self.base = vegeta, base
        self.timestamp = datetime.now(UTC).isoformat()  # one per run: a retry's body is equal
        self.next_index: dict[str, int] = {}  # users with history: their next decision index

    def action(self, user: str, index: int) -> Target:
        body = {
            "user_id": user,
            "timestamp": self.timestamp,
            "decision_idx": index,
            "context": {"temperature": 20.5},
        }
        return Target(f"{self.base}/api/v1/action", body)

    def add_users(self, n: int) -> list[str]:
        users = [f"load-{uuid.uuid4().hex[:12]}" for _ in range(n)]
        add = [Target(f"{self.base}/api/v1/add_user", {"user_id": u}) for u in users]
        _all_ok(self.vegeta.closed_loop(add), n, "add_user")
        return users

    def add_users_with_history(self, n: int) -> None:
        users = self.add_users(n)
        decided = _all_ok(self.vegeta.closed_loop([self.action(u, 0) for u in users]), n, "action")
        uploads = [self._upload(h.body, i) for i, h in enumerate(decided)]
        _all_ok(self.vegeta.closed_loop(uploads), n, "upload_data")
        self.next_index.update(dict.fromkeys(users, 1))

    def _upload(self, decision: dict[str, Any], i: int) -> Target:
        """The outcome of a decision, with the action and probability it got (JustIn's body)."""
        body = {
            "user_id": decision["user_id"],
            "timestamp": self.timestamp,
            "decision_idx": 0,
            "data": {
                "context": {"temperature": 20.5},
                "action": decision["action"],
                "action_prob": decision["action_prob"],
                "outcome": {"clicks": i % 4},
            },
        }
        return Target(f"{self.base}/api/v1/upload_data", body)

    def steady(self, n: int) -> list[Target]:
        """n new slots, taken in turn from the users with history."""
        users = list(self.next_index)
        targets = []
        for i in range(n):
            user = users[i % len(users)]
            targets.append(self.action(user, self.next_index[user]))
            self.next_index[user] += 1
        return targets

    def first(self, n: int) -> list[Target]:
        """n users registered now, each target the first decision of one of them."""
        return [self.action(u, 0) for u in self.add_users(n)]


MIWAVES_CONTEXT = {
    "finished_ema": True,
    "activity_question_response": True,
    "app_use_flag": False,
    "cannabis_use": [0, 0],
}


def miwaves_baseline() -> dict[str, Any]:
    """A MiWaves participant's registration whose morning window is open all day today (it
    starts at 00:00 and the evening one at 23:59, in the study's time zone), for 30 days."""
    today = datetime.now(ZoneInfo("America/Detroit")).date()
    end = str(today + timedelta(days=29))
    return {
        "morning_notification_time_start": [0] * 7,
        "evening_notification_time_start": [2359] * 7,
        "consent_start_date": str(today),
        "consent_end_date": end,
        "rl_start_date": str(today),
        "rl_end_date": end,
    }


class MiWaves:
    """The MiWaves routes: /register with a baseline, /actions with an EMA's context."""

    def __init__(self, vegeta: Vegeta, base: str) -> None:
        self.vegeta, self.base = vegeta, base

    def first(self, n: int) -> list[Target]:
        """n participants registered now (`miwaves_baseline`); each target the first action of
        one of them."""
        users = [f"burst-{uuid.uuid4().hex[:12]}" for _ in range(n)]
        baseline = miwaves_baseline()
        register = [Target(f"{self.base}/register", {"user_id": u, **baseline}) for u in users]
        _all_ok(self.vegeta.closed_loop(register), n, "register")
        return [Target(f"{self.base}/actions", {"user_id": u, **MIWAVES_CONTEXT}) for u in users]


def _all_ok(hits: list[Hit], n: int, what: str) -> list[Hit]:
    """Set-up must work whole, or the measured runs would measure something else."""
    ok = [h for h in hits if h.ok]
    if len(ok) != n:
        failed = next((h for h in hits if not h.ok), None)
        example = f"{failed.code} {failed.error or failed.body}" if failed else "none sent"
        raise SetupFailed(f"{what}: {len(ok)} of {n} succeeded; e.g. {example}")
    return ok
