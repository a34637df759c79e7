"""What every route answers, as the OpenAPI document shows it: the success bodies, and the
error body `{"status": "failure", "code", "message"}` with the statuses each route can send.

The models mirror the dicts that the routes and gateway.views build, field for field and in
order: a route declaring one as its response_model sends the same bytes as before. They are
closed (no other field): the MiWaves and JustIn bodies are promised exactly, and a view that
grows a field fails its route's response validation, and the fuzz test, instead of changing a
contract silently. Times are strings as `isoformat()` writes them (typed `datetime`, Pydantic
would rewrite "+00:00" as "Z")."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

Time = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
Uuid = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]
Role = Literal["backend", "analyst", "operator"]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- Errors ---------------------------------------------------------------------------------


class Failure(Closed):
    """Every 4xx and 503 body (gateway.errors); `code` is stable, clients branch on it."""

    status: Literal["failure"]
    code: str
    message: str


_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before asking again",
        "required": True,
        "schema": {"type": "integer"},
    }
}
_WHY = {
    400: "The user exists already (JustIn's contract)",
    401: "No valid token (none, invalid, expired, revoked, of a disabled client), or on a "
    "login, an unknown user or a wrong password",
    403: "The caller lacks the role this needs",
    404: "A study, participant, client, update or dead letter that does not exist",
    409: "The current state refuses the request",
    413: "The request body is larger than GATEWAY_MAX_BODY_BYTES",
    422: "The request is not valid (the message names the fields, never their values)",
    429: "Too many failed logins for this username or address, or too many progress streams open",
    503: "A store or the event log is unavailable: try again after Retry-After",
}


def errors_for(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that can answer the error body with `statuses`, and 503: every
    route but /healthz reads a store (the token's revocation, at least)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*statuses, 503}):
        documented[status] = {"model": Failure, "description": _WHY[status]}
        if status in (429, 503):
            documented[status]["headers"] = _RETRY_AFTER
    return documented


# --- Health and logins ----------------------------------------------------------------------


class ServiceHealth(Closed):
    status: Literal["ok", "degraded", "down", "unknown"]  # unknown: Redis, with heartbeats, away
    instances: int


class DependencyHealth(Closed):
    status: Literal["ok", "down"]


class Health(Closed):
    status: Literal["ok", "degraded"]
    services: dict[str, ServiceHealth]
    dependencies: dict[str, DependencyHealth]


class MiWavesToken(Closed):
    status: Literal["success"]
    message: str
    auth_token: str


class Message(Closed):
    status: Literal["success"]
    message: str


class AccessToken(Closed):
    status: Literal["success"]
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int = Field(description="seconds")


# --- Clients, roles, audit ------------------------------------------------------------------


class RoleGrant(Closed):
    study_id: str
    role: Role


class Bootstrapped(Closed):
    status: Literal["success"]
    username: str
    admin: Literal[True]


class ClientCreated(Closed):
    status: Literal["success"]
    username: str
    admin: bool
    roles: list[RoleGrant]


class ClientSummary(Closed):
    username: str
    admin: bool
    disabled: bool
    roles: list[RoleGrant]
    created_at: Time


class ClientList(Closed):
    clients: list[ClientSummary]


class RoleChanged(Closed):
    status: Literal["success"]
    username: str
    study_id: str
    role: Role


class ClientState(Closed):
    status: Literal["success"]
    username: str
    disabled: bool


class AuditEntry(Closed):
    id: int
    at: Time
    actor: str
    action: str
    study_id: str | None
    target: str | None
    details: dict[str, Any]


class AuditLog(Closed):
    entries: list[AuditEntry]


# --- Studies and participants ---------------------------------------------------------------


class StudySummary(Closed):
    id: str
    name: str
    algorithm: str
    schedule: str
    roles: list[Role] = Field(description="the caller's roles in the study")


class StudyList(Closed):
    studies: list[StudySummary]


class Participant(Closed):
    study_id: str
    participant_id: str
    status: Literal["REGISTERED", "STARTED", "COMPLETED_AWAITING_REVIEW", "ENDED", "WITHDRAWN"]
    baseline: dict[str, Any] = Field(description="as registered; {} without one")
    rl_start_date: date | None
    rl_end_date: date | None


class ParticipantReply(Closed):
    status: Literal["success"]
    participant: Participant


Status = Literal["REGISTERED", "STARTED", "COMPLETED_AWAITING_REVIEW", "ENDED", "WITHDRAWN"]


class ParticipantRow(Closed):
    """A participant as the study team reviews them: no baseline, no answers."""

    participant_id: str
    status: Status
    registered_at: Time
    status_changed_at: Time | None
    rl_start_date: date | None
    rl_end_date: date | None
    decisions: int = Field(description="decisions made for the participant")
    last_decision_at: Time | None


class ParticipantPage(Closed):
    participants: list[ParticipantRow]
    next_after: str | None = Field(
        description="pass as `after` for the next page; null: this was the last"
    )


class StatusChangeEntry(Closed):
    change_id: int
    at: Time
    by: str = Field(description="a client; `registration` or `decisions` for the automatic ones")
    from_status: Status | None = Field(description="null: the registration")
    to_status: Status
    note: str | None = Field(description="the staff's note (a review's outcome)")


class StatusHistory(Closed):
    study_id: str
    participant_id: str
    changes: list[StatusChangeEntry] = Field(description="oldest first")


WeekTimesField = Field(description="per weekday, Monday first, the day's HHMM times")


class TimesVersion(Closed):
    at: Time | None = Field(description="when rl-service learnt them; null: at registration")
    source: Literal["registration", "api", "miwaves_ema"]
    actor: str | None = Field(description="a client, `ingest` for an EMA record's; null: none")
    notification_times: list[list[int]] = WeekTimesField


class TimesVersions(Closed):
    study_id: str
    participant_id: str
    versions: list[TimesVersion] = Field(description="oldest first; the last is in force")


class TimesChanged(Closed):
    status: Literal["success"]
    study_id: str
    participant_id: str
    changed: bool = Field(description="false: these times were in force already, none stored")
    at: Time | None = Field(description="when the change was learnt; null if none")
    notification_times: list[list[int]] = WeekTimesField
    first_new_window: int | None = Field(
        description="the first decision index whose window opens at the new times"
    )
    first_new_window_start: Time | None


# --- Decisions: the native body, and MiWaves' and JustIn's (gateway.views) ------------------


class Decision(Closed):
    status: Literal["success"]
    study_id: str
    participant_id: str
    decision_index: int
    rid: int
    action: int = Field(ge=0, description="the action's number: 0 is no treatment")
    action_name: str = Field(description="its name in the study file")
    probability: float = Field(description="of action 1 (for any number of actions)")
    probabilities: list[float] = Field(description="of every action, by its number")
    seed: int
    policy_version: int
    fallback: bool
    fallback_reason: str | None
    decided_at: Time


class MiWavesDecision(Closed):
    status: Literal["success"]
    action: Literal[0, 1]
    seed: int
    act_prob: float
    policy_id: int
    decision_index: int
    act_gen_timestamp: Time
    rid: int
    fallback: bool


class JustInDecision(Closed):
    status: Literal["success"]
    user_id: str
    action: Literal[0, 1]
    action_prob: float
    state: list[float]
    timestamp: Time
    seed: int
    rid: int
    policy_id: int
    fallback: bool


class MiWavesRegistered(Closed):
    status: Literal["success"]
    message: str
    user_id: str


class WindowEnded(Closed):
    status: Literal["success"]
    message: str
    decision_index: int


class JustInUserAdded(Closed):
    message: str
    status: Literal["success"]
    user_id: str


class JustInUploaded(Closed):
    message: str
    status: Literal["success"]


# --- The learning path ----------------------------------------------------------------------


class WindowAccepted(Closed):
    status: Literal["accepted"]
    decision_index: int


class Accepted(Closed):
    status: Literal["accepted"]


class FailedWindow(Closed):
    participant_id: str
    decision_index: int
    reason: str | None
    attempts: int
    updated_at: Time


class FailedWindows(Closed):
    windows: list[FailedWindow]


class Repulled(Closed):
    status: Literal["accepted"]
    windows: int = Field(description="how many failed windows are pulled again")


class UpdateAccepted(Closed):
    status: Literal["processing"]
    update_id: Uuid


class UpdateStatus(Closed):
    status: Literal["processing", "succeeded", "failed"]
    update_id: Uuid
    study_id: str
    policy_version: int | None
    reason: str | None
    callback_status: Literal["delivered", "failed"] | None
    requested_at: Time
    finished_at: Time | None


class Policy(Closed):
    version: int
    parent_version: int | None
    algorithm: str
    hyperparameters: dict[str, Any]
    fit_on: dict[str, Any]
    code_version: str
    created_at: Time


class Policies(Closed):
    policies: list[Policy]


class ActionProbability(Closed):
    action: int
    probability: float


class AdvantagePosterior(Closed):
    action: int
    mean: float = Field(description="of its expected reward minus action 0's, in this state")
    sd: float


class PolicyDistribution(Closed):
    study_id: str
    policy_version: int
    state: list[float]
    probabilities: list[ActionProbability] = Field(description="one per action, by its number")
    advantages: list[AdvantagePosterior] | None = Field(
        description="the posterior of actions 1..K-1's advantages; null: a policy without one"
    )


class Exclusion(Closed):
    id: int
    participant_id: str | None
    from_decision_index: int | None
    to_decision_index: int | None = Field(description="inclusive")
    from_time: Time | None
    to_time: Time | None = Field(description="exclusive")
    reason: str
    created_by: str
    created_at: Time


class Exclusions(Closed):
    exclusions: list[Exclusion] = Field(description="oldest first")


class PolicyControls(Closed):
    study_id: str
    frozen: bool = Field(description="learning frozen: the trainer writes no version")
    pinned_version: int | None = Field(description="served instead of the newest, if set")
    served_version: int | None = Field(description="what decisions use; None: no version yet")
    newest_version: int | None
    reason: str | None = Field(description="of the last change")
    changed_by: str | None
    changed_at: Time | None


class StudyLive(Closed):
    study_id: str
    phase: Literal["live"]
    live_at: Time
    by: str


class StudyReset(Closed):
    study_id: str
    phase: Literal["pilot"]
    reset_at: Time = Field(description="replay leaves out the decisions made before it")
    by: str
    deleted: dict[str, int] = Field(description="rows deleted, by table")


# --- A study's health (rldomain.monitoring) ------------------------------------------------


class HealthCheck(Closed):
    check: str
    meaning: str
    status: Literal["green", "yellow", "red"]
    value: float
    threshold: float | None = Field(description="the level reached, or for green the next one")
    since: Time = Field(description="the open incident's opening, else when this status began")
    evidence: str = Field(description="a route or a query to follow")
    evaluated_at: Time
    incident_id: int | None = Field(description="the open incident, if any")


class StudyHealth(Closed):
    study_id: str
    status: Literal["green", "yellow", "red", "unknown"] = Field(
        description="the worst check's; unknown until the checks were first evaluated"
    )
    checks: list[HealthCheck]


class IncidentReply(Closed):
    id: int
    check: str
    severity: Literal["yellow", "red"]
    opened_at: Time
    closed_at: Time | None = Field(description="when the check was green again")
    resolved_at: Time | None
    resolved_by: str | None
    note: str | None


class Incidents(Closed):
    incidents: list[IncidentReply]
    next_before: int | None = Field(description="pass as `before` for the next page")


class StudyDay(Closed):
    day: date = Field(description="a day in the study's time zone")
    policy: int = Field(description="decisions the policy (or its warm-up) made")
    fallback: int = Field(description="decisions the study's fallback made")
    treated: int = Field(description="decisions of an action other than the first")
    mean_probability: float | None = Field(description="of treatment; null without decisions")
    p10: float | None
    median: float | None
    p90: float | None


class StudyDaily(Closed):
    study_id: str
    timezone: str
    days: list[StudyDay] = Field(description="oldest first, days without decisions included")
    participants: dict[str, int] = Field(description="participants by life-cycle state, now")


class StateProbability(Closed):
    state: list[float] | None = Field(description="the stored state; null: every other state")
    decisions: int
    mean_probability: float = Field(description="of treatment, over these decisions")
    min_probability: float
    max_probability: float


class StudyProbabilityByState(Closed):
    study_id: str
    timezone: str
    names: list[str] = Field(description="the study's state entries, in a state's order")
    decisions: int = Field(description="policy decisions in the range (fallbacks have no state)")
    distinct: int = Field(
        description="states seen; with a continuous entry nearly every decision is its own"
    )
    states: list[StateProbability] = Field(
        description="the most frequent states first, at most 24, then one row for the others"
    )


# --- A participant's timeline (rlaudit.timeline): one event kind per model ------------------


class _Step(Closed):
    step: int
    at: Time


class Registered(_Step):
    kind: Literal["registered"]
    status: str


class Requested(_Step):
    kind: Literal["request"]
    request_id: Uuid
    decision_index: int
    context: dict[str, Any]


class Decided(_Step):
    kind: Literal["decision"]
    decision_index: int
    rid: int
    action: int
    probability: float = Field(description="of action 1")
    probabilities: list[float] = Field(description="of every action, by its number")
    seed: str = Field(description="63 bits: a string, which every JSON reader keeps exact")
    policy_version: int
    state: list[float]
    recent_rewards: list[float]
    fallback: bool
    fallback_reason: str | None
    decided_by: str


class Observed(_Step):
    kind: Literal["observation"]
    decision_index: int
    rid: int
    source: str
    record: dict[str, Any]
    reward: float


class WindowEvent(_Step):
    kind: Literal["window"]
    decision_index: int
    status: str
    reason: str | None
    attempts: int
    closed_by: Literal["backend", "sweep"] = Field(
        description="backend: a close call or a re-pull; sweep: no call closed it, the sweep of "
        "expired windows did once the study's grace had passed"
    )


class PolicyUsed(_Step):
    kind: Literal["policy_version"]
    version: int
    parent_version: int | None
    algorithm: str
    fit_on: dict[str, Any]
    code_version: str


class ControlChanged(_Step):
    kind: Literal["policy_control"]
    change: Literal["freeze", "unfreeze", "pin", "unpin", "reset"]  # reset: a pilot reset's
    frozen: bool
    pinned_version: int | None
    changed_by: str
    reason: str


TimelineEvent = Annotated[
    Registered | Requested | Decided | Observed | WindowEvent | PolicyUsed | ControlChanged,
    Field(discriminator="kind"),
]


class Timeline(Closed):
    study_id: str
    participant_id: str
    events: list[TimelineEvent]


# --- Dead letters ---------------------------------------------------------------------------


class DeadLetterSummary(Closed):
    id: int
    event_id: Uuid
    study_id: str | None
    service: str
    source_topic: str
    partition: int | None
    offset: int | None
    reason: str
    key: str | None
    created_at: Time
    redriven_at: Time | None
    redriven_by: str | None


class DeadLetters(Closed):
    dead_letters: list[DeadLetterSummary]


class DeadLetter(DeadLetterSummary):
    payload: Any = Field(description="the message kept: its decoded JSON, or its raw text")


# Bases in this order put `status` first, as the route's dict has it: Pydantic takes the fields
# of the last base first.
class Redriven(DeadLetterSummary, Accepted):
    pass


# --- Simulation sessions --------------------------------------------------------------------


class SimulationRow(Closed):
    session: str
    started: Time = Field(description="when the run began")
    study: str | None = Field(description="the study simulated; null in a run's first instants")
    running: bool
    decisions: int | None = Field(description="null until the run has finished")
    replay_mismatches: int | None


class Simulations(Closed):
    sessions: list[SimulationRow]
    next_before: str | None = Field(description="`before` for the next page; null: no more")


class SimulationProgress(Closed):
    done: int = Field(description="windows played")
    total: int = Field(description="windows in the run")
    day: int = Field(description="the study day of the last window played, from 1")
    days: int
    decisions: int = Field(description="answered so far")


class Simulation(SimulationRow):
    progress: SimulationProgress | None
    results: dict[str, Any] | None = Field(description="results.json; null until it finished")


class PlotSeries(Closed):
    label: str
    values: list[float | None] = Field(description="one per day; null: a day without any")


class SimulationPlot(Closed):
    name: str
    title: str
    x_label: str
    y_label: str
    x: list[int]
    series: list[PlotSeries]


class SimulationPlots(Closed):
    plots: list[SimulationPlot]
