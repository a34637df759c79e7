"""Who may do what, against the real stack: every route of the OpenAPI document against every
kind of caller, each cell's status asserted (docs/design.md, "Security model"), then the audit
trail those calls left, and how fast a disabled client or a revoked role stops working.

The study under test is justin; the foreign callers hold the same roles in miwaves. A MiWaves-
or JustIn-compatible route acts for the caller's own study, so the foreign backend is let
through there, and what it then finds (or not) is miwaves', never justin's."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from rlkernel.db.models import STUDY_ROLES
from rlservice.admin_client import create_client, login
from tests.support.api import Api, miwaves_baseline, new_id
from tests.support.records import rows, written
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
STUDY, FOREIGN = "justin", "miwaves"
# The columns: no token, the deployment's ADMIN_TOKEN as a bearer token, an admin holding no
# study role, each role in justin, and each role in miwaves (a client of another study).
CALLERS = (
    "none",
    "admin_token",
    "admin",
    *STUDY_ROLES,
    *(f"foreign_{role}" for role in STUDY_ROLES),
)
MEMBERS = {role: 200 for role in STUDY_ROLES}
WHEN = "2025-01-01T12:00:00Z"
TEMPERATURE = {"temperature": 21.0}
TEMPERATURE_JSON = quote(json.dumps(TEMPERATURE))
CONTROLS = "/v1/studies/justin/controls"
SESSION = "20260101-120000-a5e5"  # a simulation session of justin, in SIMULATIONS_DIR


@dataclass(frozen=True)
class Caller:
    token: str | None
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class Setup:
    """The callers, and justin data for an allowed call to act on."""

    api: Api
    callers: dict[str, Caller]
    participant: str  # registered in justin; its decision 0 is made
    decided: dict[str, Any]  # that decision's action and probability
    update_id: str  # an update request of justin
    letters: dict[str, int]  # a dead letter of justin per caller: each is re-driven once
    target: str  # a client without roles that the admin cells change
    incident: int  # a closed incident of justin, for the operator to resolve
    credentials: dict[str, str]  # of a client without roles, for the login cells

    def send(
        self, caller: str, method: str, path: str, body: Any = None, fresh: bool = False
    ) -> httpx.Response:
        """`fresh`: with a token of its own (a logout cell must not end the caller's)."""
        who = self.callers[caller]
        token = who.token
        if fresh and who.password:
            token = self.log_in(who.username or "", who.password)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.api.http.request(method, path, json=body, headers=headers)

    def log_in(self, username: str, password: str) -> str:
        response = self.api.post("/v1/tokens", {"username": username, "password": password})
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    def new_participant(self) -> str:
        return register(self.api)

    def upload(self) -> dict[str, Any]:
        """An outcome of the decision made."""
        decided = {"action": self.decided["action"], "action_prob": self.decided["probability"]}
        return {"context": TEMPERATURE, "outcome": {"clicks": 1}} | decided


Send = Callable[[Setup, str], httpx.Response]


def anyone(status: int) -> dict[str, int]:
    return dict.fromkeys(CALLERS, status)


def any_token(status: int) -> dict[str, int]:
    """Every client's token; no token and ADMIN_TOKEN (not an access token) are 401."""
    return anyone(status) | {"none": 401, "admin_token": 401}


def only(**allowed: int) -> dict[str, int]:
    """The callers named get their status, every other client 403 (no token and ADMIN_TOKEN
    401)."""
    return any_token(403) | allowed


PARTICIPANTS = "/v1/studies/justin/participants"
# (operation as the OpenAPI document names it, the status per caller, the request). Run in this
# order; a request that changes something acts on ids of its own, so no cell breaks another.
TABLE: list[tuple[str, dict[str, int], Send]] = [
    ("GET /healthz", anyone(200), lambda s, c: s.send(c, "GET", "/healthz")),
    (
        "POST /auth/register",
        only(admin=201),
        lambda s, c: s.send(
            c, "POST", "/auth/register", {"api_user": new_id("m"), "api_pass": uuid.uuid4().hex}
        ),
    ),
    (
        "POST /auth/login",
        anyone(200),
        lambda s, c: s.send(
            c,
            "POST",
            "/auth/login",
            {"api_user": s.credentials["username"], "api_pass": s.credentials["password"]},
        ),
    ),
    ("POST /v1/tokens", anyone(200), lambda s, c: s.send(c, "POST", "/v1/tokens", s.credentials)),
    (
        "POST /auth/logout",
        any_token(200),
        lambda s, c: s.send(c, "POST", "/auth/logout", fresh=True),
    ),
    (
        "POST /v1/bootstrap",  # ADMIN_TOKEN's one use, spent: an admin exists
        anyone(401) | {"admin_token": 409},
        lambda s, c: s.send(
            c, "POST", "/v1/bootstrap", {"username": new_id("a"), "password": "x" * 12}
        ),
    ),
    ("GET /v1/clients", only(admin=200), lambda s, c: s.send(c, "GET", "/v1/clients")),
    (
        "POST /v1/clients",
        only(admin=201),
        lambda s, c: s.send(
            c, "POST", "/v1/clients", {"username": new_id("c"), "password": uuid.uuid4().hex}
        ),
    ),
    (
        "PUT /v1/clients/{username}/roles/{study_id}/{role}",
        only(admin=200),
        lambda s, c: s.send(c, "PUT", f"/v1/clients/{s.target}/roles/justin/analyst"),
    ),
    (
        "DELETE /v1/clients/{username}/roles/{study_id}/{role}",
        only(admin=200),
        lambda s, c: s.send(c, "DELETE", f"/v1/clients/{s.target}/roles/justin/analyst"),
    ),
    (
        "POST /v1/clients/{username}/disable",
        only(admin=200),
        lambda s, c: s.send(c, "POST", f"/v1/clients/{s.target}/disable"),
    ),
    (
        "POST /v1/clients/{username}/enable",
        only(admin=200),
        lambda s, c: s.send(c, "POST", f"/v1/clients/{s.target}/enable"),
    ),
    ("GET /v1/audit", only(admin=200), lambda s, c: s.send(c, "GET", "/v1/audit")),
    (
        "GET /v1/studies/{study_id}/audit",
        only(operator=200),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/audit"),
    ),
    ("GET /v1/studies", any_token(200), lambda s, c: s.send(c, "GET", "/v1/studies")),
    (
        "POST /v1/studies/{study_id}/participants",
        only(backend=201),
        lambda s, c: s.send(c, "POST", PARTICIPANTS, {"participant_id": new_id()}),
    ),
    (
        "GET /v1/studies/{study_id}/participants/{participant_id}",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", f"{PARTICIPANTS}/{s.participant}"),
    ),
    (
        "POST /v1/studies/{study_id}/participants/{participant_id}/status",
        only(operator=200),
        lambda s, c: s.send(
            c, "POST", f"{PARTICIPANTS}/{s.new_participant()}/status", {"status": "WITHDRAWN"}
        ),
    ),
    (
        "GET /v1/studies/{study_id}/participants",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", f"{PARTICIPANTS}?status=STARTED&limit=5"),
    ),
    (
        "GET /v1/studies/{study_id}/participants/{participant_id}/history",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", f"{PARTICIPANTS}/{s.participant}/history"),
    ),
    (
        "PUT /v1/studies/{study_id}/participants/{participant_id}/notification-times",
        only(backend=409, operator=409),  # let through; justin sets no participant times
        lambda s, c: s.send(
            c,
            "PUT",
            f"{PARTICIPANTS}/{s.participant}/notification-times",
            {"notification_times": [[900, 2000]]},
        ),
    ),
    (
        "GET /v1/studies/{study_id}/participants/{participant_id}/notification-times",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", f"{PARTICIPANTS}/{s.participant}/notification-times"),
    ),
    (
        "POST /v1/studies/{study_id}/actions",
        only(backend=200),
        lambda s, c: s.send(
            c,
            "POST",
            "/v1/studies/justin/actions",
            {"participant_id": s.participant, "context": TEMPERATURE, "decision_index": 0},
        ),
    ),
    (
        "POST /v1/studies/{study_id}/participants/{participant_id}/windows/close",
        only(backend=409),  # let through; justin has no decision windows
        lambda s, c: s.send(c, "POST", f"{PARTICIPANTS}/{s.participant}/windows/close", {}),
    ),
    (
        "POST /v1/studies/{study_id}/participants/{participant_id}/decisions/{decision_index}/data",
        only(backend=202),
        lambda s, c: s.send(
            c, "POST", f"{PARTICIPANTS}/{s.participant}/decisions/0/data", s.upload()
        ),
    ),
    (
        "GET /v1/studies/{study_id}/windows/failed",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/windows/failed"),
    ),
    (
        "POST /v1/studies/{study_id}/windows/failed/retry",
        only(operator=200),
        lambda s, c: s.send(c, "POST", "/v1/studies/justin/windows/failed/retry"),
    ),
    (
        "POST /v1/studies/{study_id}/updates",
        only(backend=202, operator=202),
        lambda s, c: s.send(c, "POST", "/v1/studies/justin/updates", {}),
    ),
    (
        "GET /v1/updates/{update_id}",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", f"/v1/updates/{s.update_id}"),
    ),
    (
        "GET /v1/studies/{study_id}/policies",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/policies"),
    ),
    (
        "GET /v1/studies/{study_id}/policies/{version}/distribution",
        only(**MEMBERS),
        lambda s, c: s.send(
            c, "GET", f"/v1/studies/justin/policies/1/distribution?context={TEMPERATURE_JSON}"
        ),
    ),
    (
        "GET /v1/studies/{study_id}/controls",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/controls"),
    ),
    # Each control change is let through once (the operator's), so each undoes the one before.
    (
        "POST /v1/studies/{study_id}/controls/freeze",
        only(operator=200),
        lambda s, c: s.send(c, "POST", f"{CONTROLS}/freeze", {"reason": "access test"}),
    ),
    (
        "POST /v1/studies/{study_id}/controls/unfreeze",
        only(operator=200),
        lambda s, c: s.send(c, "POST", f"{CONTROLS}/unfreeze", {"reason": "access test"}),
    ),
    (
        "POST /v1/studies/{study_id}/controls/pin",
        only(operator=200),
        lambda s, c: s.send(c, "POST", f"{CONTROLS}/pin", {"version": 1, "reason": "access"}),
    ),
    (
        "POST /v1/studies/{study_id}/controls/unpin",
        only(operator=200),
        lambda s, c: s.send(c, "POST", f"{CONTROLS}/unpin", {"reason": "access test"}),
    ),
    (
        "POST /v1/studies/{study_id}/exclusions",
        only(operator=201),
        lambda s, c: s.send(
            c,
            "POST",
            "/v1/studies/justin/exclusions",
            {"participant_id": s.participant, "reason": "access test"},
        ),
    ),
    (
        "GET /v1/studies/{study_id}/exclusions",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/exclusions"),
    ),
    (
        "GET /v1/studies/{study_id}/health",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/health"),
    ),
    (
        "GET /v1/studies/{study_id}/daily",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/daily?days=7"),
    ),
    (
        "GET /v1/studies/{study_id}/probability-by-state",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/probability-by-state?days=7"),
    ),
    (
        "GET /v1/studies/{study_id}/incidents",
        only(analyst=200, operator=200),
        lambda s, c: s.send(c, "GET", "/v1/studies/justin/incidents?open=false&limit=5"),
    ),
    (
        "POST /v1/studies/{study_id}/incidents/{incident_id}/resolve",
        only(operator=200),
        lambda s, c: s.send(
            c, "POST", f"/v1/studies/justin/incidents/{s.incident}/resolve", {"note": "access"}
        ),
    ),
    (
        "GET /v1/dead-letters",  # justin's
        only(admin=200, operator=200),
        lambda s, c: s.send(c, "GET", "/v1/dead-letters?study_id=justin"),
    ),
    (
        "GET /v1/dead-letters",  # every study's, and those that name none
        only(admin=200),
        lambda s, c: s.send(c, "GET", "/v1/dead-letters"),
    ),
    (
        "GET /v1/dead-letters/{letter_id}",
        only(admin=200, operator=200),
        lambda s, c: s.send(c, "GET", f"/v1/dead-letters/{s.letters[c]}"),
    ),
    (
        "POST /v1/dead-letters/{letter_id}/redrive",
        only(admin=202, operator=202),
        lambda s, c: s.send(c, "POST", f"/v1/dead-letters/{s.letters[c]}/redrive"),
    ),
    (
        "GET /v1/studies/{study_id}/participants/{participant_id}/timeline",
        only(analyst=200),
        lambda s, c: s.send(c, "GET", f"{PARTICIPANTS}/{s.participant}/timeline"),
    ),
    # A simulation session of justin (`simulated`): any client lists the sessions of its own
    # studies; one session is for justin's members and admins.
    ("GET /v1/simulations", any_token(200), lambda s, c: s.send(c, "GET", "/v1/simulations")),
    *(
        (
            f"GET /v1/simulations/{{session_id}}{rest}",
            only(admin=200, **MEMBERS),
            lambda s, c, rest=rest: s.send(c, "GET", f"/v1/simulations/{SESSION}{rest}"),
        )
        for rest in ("", "/plots", "/progress")  # the progress of an ended run: at once
    ),
    # The compatible routes: a backend acts for its own study. The foreign backend names
    # justin's participant and finds nobody of that id in miwaves.
    (
        "POST /register",
        only(backend=200, foreign_backend=200),
        lambda s, c: s.send(
            c, "POST", "/register", miwaves_baseline(new_id(), datetime.now(UTC).date())
        ),
    ),
    (
        "POST /actions",
        only(backend=422, foreign_backend=404),  # justin's context is a temperature
        lambda s, c: s.send(
            c,
            "POST",
            "/actions",
            {
                "user_id": s.participant,
                "finished_ema": True,
                "activity_question_response": True,
                "app_use_flag": False,
                "cannabis_use": [0, 0, 0],
            },
        ),
    ),
    (
        "POST /end_decision_window",
        only(backend=409, foreign_backend=404),  # justin has no decision windows
        lambda s, c: s.send(c, "POST", "/end_decision_window", {"user_id": s.participant}),
    ),
    (
        "POST /api/v1/add_user",
        only(backend=201, foreign_backend=422),  # miwaves needs a baseline
        lambda s, c: s.send(c, "POST", "/api/v1/add_user", {"user_id": new_id()}),
    ),
    (
        "POST /api/v1/action",
        only(backend=201, foreign_backend=422),  # miwaves' context is not a temperature
        lambda s, c: s.send(
            c,
            "POST",
            "/api/v1/action",
            {
                "user_id": s.participant,
                "timestamp": WHEN,
                "decision_idx": 0,
                "context": TEMPERATURE,
            },
        ),
    ),
    (
        "POST /api/v1/upload_data",
        only(backend=201, foreign_backend=404),
        lambda s, c: s.send(
            c,
            "POST",
            "/api/v1/upload_data",
            {"user_id": s.participant, "timestamp": WHEN, "decision_idx": 0, "data": s.upload()},
        ),
    ),
    (
        "POST /api/v1/update",
        only(backend=202, foreign_backend=202),  # the foreign one updates miwaves
        lambda s, c: s.send(c, "POST", "/api/v1/update", {}),
    ),
    (
        "GET /api/v1/update/{update_id}",
        only(**MEMBERS),
        lambda s, c: s.send(c, "GET", f"/api/v1/update/{s.update_id}"),
    ),
    # Last: justin goes live (for good), so the admin's reset is refused and deletes nothing
    # that the rows above use.
    (
        "POST /v1/studies/{study_id}/live",
        only(admin=200),
        lambda s, c: s.send(c, "POST", "/v1/studies/justin/live"),
    ),
    (
        "POST /v1/studies/{study_id}/reset",
        only(admin=409),
        lambda s, c: s.send(c, "POST", "/v1/studies/justin/reset", {"confirm": "justin"}),
    ),
]


def register(api: Api) -> str:
    """A new participant of justin (registered by the fixture's client, a backend there)."""
    participant = new_id()
    response = api.post(PARTICIPANTS, {"participant_id": participant})
    assert response.status_code == 201, response.text
    return participant


def dead_letters(api: Api, count: int) -> list[int]:
    """`count` dead letters of justin: uploads for decisions never made."""
    owner = register(api)
    for index in range(count):
        data = {"context": TEMPERATURE, "action": 1, "action_prob": 0.5, "outcome": {"clicks": 1}}
        uploaded = api.post(f"{PARTICIPANTS}/{owner}/decisions/{index}/data", data)
        assert uploaded.status_code == 202, uploaded.text

    def letters() -> list[int]:
        listed = api.get("/v1/dead-letters?study_id=justin", token=api.admin_token)
        assert listed.status_code == 200, listed.text
        return [d["id"] for d in listed.json()["dead_letters"] if d["key"] == owner]

    return wait_for(letters, lambda ids: len(ids) == count, 60, f"{count} dead letters of justin")


def closed_incident(api: Api) -> int:
    """Closed, so that the trainer's own checks of justin never meet it."""
    made = written(
        api.stack,
        'INSERT INTO incidents (study_id, "check", severity, opened_at, closed_at) '
        "VALUES ('justin', 'missing_decisions', 'red', now(), now()) RETURNING id",
    )
    return int(made[0].id)


def prepare(api: Api) -> Setup:
    def client(*roles: tuple[str, str], admin: bool = False) -> Caller:
        username, password = new_id("client"), uuid.uuid4().hex
        body = {
            "username": username,
            "password": password,
            "admin": admin,
            "roles": [{"study_id": study, "role": role} for study, role in roles],
        }
        created = api.post("/v1/clients", body, token=api.admin_token)
        assert created.status_code == 201, created.text
        return Caller(login(api.http, username, password), username, password)

    admin_token = api.stack.settings().admin_token.get_secret_value()
    callers = {
        "none": Caller(None),
        "admin_token": Caller(admin_token),
        "admin": client(admin=True),
    }
    for role in STUDY_ROLES:
        callers[role] = client((STUDY, role))
        callers[f"foreign_{role}"] = client((FOREIGN, role))
    participant = register(api)
    made = api.post(
        "/v1/studies/justin/actions",
        {"participant_id": participant, "context": TEMPERATURE, "decision_index": 0},
    )
    assert made.status_code == 200, made.text
    update = api.post("/v1/studies/justin/updates", {})
    assert update.status_code == 202, update.text
    someone = client()
    return Setup(
        api=api,
        callers=callers,
        participant=participant,
        decided=made.json(),
        update_id=update.json()["update_id"],
        letters=dict(zip(CALLERS, dead_letters(api, len(CALLERS)), strict=True)),
        target=client().username or "",
        incident=closed_incident(api),
        credentials={"username": someone.username or "", "password": someone.password or ""},
    )


def simulated(root: Path) -> Path:
    """A finished simulation session of justin, as `rlservice simulate` leaves it."""
    (root / SESSION / "studies").mkdir(parents=True)
    (root / SESSION / "studies" / "justin.yaml").write_text("id: justin\n")
    (root / SESSION / "results.json").write_text('{"study": "justin", "decisions": 0}')
    return root


@pytest.fixture
def everything(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    """Every service: /healthz answers 200, and dead letters are made (ingest)."""
    stack.extra_env["SIMULATIONS_DIR"] = str(simulated(tmp_path / "simulations"))
    for service in ("gateway", "decision", "ingest", "trainer"):
        stack.start(service)
    stack.wait_until(lambda r: r.get("status") == "ok", 120, "every service healthy")
    client = Api(stack)
    yield client
    client.http.close()


def test_every_route_answers_every_caller_as_documented_and_is_audited(
    everything: Api, stack: Stack
) -> None:
    api, started = everything, datetime.now(UTC)
    documented = api.http.get("/openapi.json").json()["paths"]
    operations = {f"{m.upper()} {path}" for path, ops in documented.items() for m in ops}
    assert {row[0] for row in TABLE} == operations, "a route without a row, or a row without one"

    setup = prepare(api)
    mismatches = []
    for operation, expected, send in TABLE:
        for caller in CALLERS:
            got = send(setup, caller)
            if got.status_code != expected[caller]:
                cell = f"{operation} as {caller}: {got.status_code}, not {expected[caller]}"
                mismatches.append(f"{cell}: {got.text[:160]}" if got.is_error else cell)
    assert not mismatches, "\n".join([f"{len(mismatches)} cells differ:", *mismatches])

    seen = {c: api.get("/v1/studies", token=setup.callers[c].token).json() for c in CALLERS[2:]}
    assert [s["id"] for s in seen["foreign_analyst"]["studies"]] == [FOREIGN]
    assert seen["backend"]["studies"][0]["roles"] == ["backend"]
    assert [s["id"] for s in seen["backend"]["studies"]] == [STUDY]
    assert [(s["id"], s["roles"]) for s in seen["admin"]["studies"]] == [
        (study, []) for study in api.studies
    ]  # every study, holding no role in any

    assert_compatible_routes_act_for_own_study(setup)
    assert_audited(setup, started)
    assert_audit_log_append_only(stack)


def assert_compatible_routes_act_for_own_study(s: Setup) -> None:
    """/register registers the justin backend's participant in justin, the miwaves backend's
    in miwaves."""
    ours, theirs, today = new_id(), new_id(), datetime.now(UTC).date()
    for caller, user in (("backend", ours), ("foreign_backend", theirs)):
        registered = s.send(caller, "POST", "/register", miwaves_baseline(user, today))
        assert registered.status_code == 200, registered.text

    def found(caller: str, study: str, user: str) -> int:
        return s.send(caller, "GET", f"/v1/studies/{study}/participants/{user}").status_code

    assert (found("analyst", STUDY, ours), found("analyst", STUDY, theirs)) == (200, 404)
    assert found("foreign_analyst", FOREIGN, theirs) == 200


def assert_audited(s: Setup, started: datetime) -> None:
    """The admin's actions and the operators' left entries with who, what, where and when;
    the study's log is justin's alone."""
    whole = s.api.get("/v1/audit?limit=1000", token=s.callers["admin"].token)
    study = s.api.get("/v1/studies/justin/audit?limit=1000", token=s.callers["operator"].token)
    assert whole.status_code == study.status_code == 200, (whole.text, study.text)
    everywhere, justin = whole.json()["entries"], study.json()["entries"]
    assert justin and {e["study_id"] for e in justin} == {STUDY}
    for e in everywhere:
        assert (
            started - timedelta(minutes=1) <= datetime.fromisoformat(e["at"]) <= datetime.now(UTC)
        ), e

    def held(entries: list[dict[str, Any]], caller: str, action: str, study: str | None) -> bool:
        actor = s.callers[caller].username
        return any(
            (e["actor"], e["action"], e["study_id"]) == (actor, action, study) for e in entries
        )

    made: list[tuple[str, str, str | None]] = [
        ("admin", "role_granted", STUDY),
        ("admin", "role_revoked", STUDY),
        ("admin", "dead_letter_redriven", STUDY),
        ("operator", "participant_status_changed", STUDY),
        ("operator", "failed_windows_repulled", STUDY),
        ("operator", "update_requested", STUDY),
        ("operator", "dead_letter_redriven", STUDY),
        ("backend", "update_requested", STUDY),
        *(("operator", f"policy_{done}", STUDY) for done in ("frozen", "unfrozen")),
        *(("operator", f"policy_{done}", STUDY) for done in ("pinned", "unpinned")),
        ("operator", "data_excluded", STUDY),
        ("operator", "incident_resolved", STUDY),
        ("admin", "study_marked_live", STUDY),
    ]
    missing = [m for m in made if not held(everywhere, *m) or not held(justin, *m)]
    made_elsewhere = [("admin", "client_disabled", None), ("admin", "client_enabled", None)]
    missing += [m for m in made_elsewhere if not held(everywhere, *m)]
    assert not missing, f"not in the audit log: {missing}"
    granted = [e for e in justin if e["action"] == "role_granted" and e["target"] == s.target]
    assert [e["details"] for e in granted] == [{"role": "analyst"}]


def assert_audit_log_append_only(stack: Stack) -> None:
    before = rows(stack, "SELECT count(*) AS n FROM audit_log")[0].n
    assert before > 0
    for change in (
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            rows(stack, change)
    assert rows(stack, "SELECT count(*) AS n FROM audit_log")[0].n == before


def test_a_disabled_client_and_a_revoked_role_are_refused_from_the_next_request(
    api: Api,
) -> None:
    username, password = new_id("client"), uuid.uuid4().hex
    token = create_client(api.stack.url, api.admin_token, username, password, [(STUDY, "analyst")])
    failed = "/v1/studies/justin/windows/failed"  # analysts and operators
    role = f"/v1/clients/{username}/roles/justin/analyst"
    admin = {"Authorization": f"Bearer {api.admin_token}"}
    assert api.get(failed, token=token).status_code == 200

    assert api.http.delete(role, headers=admin).status_code == 200
    assert api.get(failed, token=token).status_code == 403
    assert api.http.put(role, headers=admin).status_code == 200
    assert api.get(failed, token=token).status_code == 200

    assert (
        api.post(f"/v1/clients/{username}/disable", None, token=api.admin_token).status_code == 200
    )
    refused = api.get(failed, token=token)
    assert (refused.status_code, refused.json()["code"]) == (401, "client_disabled")
    credentials = {"username": username, "password": password}
    assert api.post("/v1/tokens", credentials).status_code == 401
    assert api.post("/auth/login", {"api_user": username, "api_pass": password}).status_code == 401

    assert (
        api.post(f"/v1/clients/{username}/enable", None, token=api.admin_token).status_code == 200
    )
    again = api.post("/v1/tokens", credentials)
    assert again.status_code == 200, again.text
    assert api.get(failed, token=again.json()["access_token"]).status_code == 200
    assert api.get(failed, token=token).status_code == 401  # tokens from before stay refused

    entries = api.get("/v1/audit", token=api.admin_token).json()["entries"]
    mine = [(e["action"], e["study_id"]) for e in entries if e["target"] == username]
    assert mine[:4] == [  # newest first
        ("client_enabled", None),
        ("client_disabled", None),
        ("role_granted", STUDY),
        ("role_revoked", STUDY),
    ]
