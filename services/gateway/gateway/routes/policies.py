"""A study's policy versions as tools: what a version would do for a state, and the operators'
controls (freeze learning, pin the served version, leave data out of updates)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from gateway import controls
from gateway.deps import ControlsDep, DistributionDep, ExclusionsDep, Member, Operator
from gateway.distribution import distribution
from gateway.inputs import INT32_MAX, DecisionIndex, Id
from gateway.responses import (
    Exclusion,
    Exclusions,
    PolicyControls,
    PolicyDistribution,
    errors_for,
)
from gateway.schemas import ControlIn, ExclusionIn, PinIn
from rladapters.exclusions import Criteria
from rlkernel.db.models import UpdateExclusion

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["policies"])
MAX_QUERY_JSON = 8192  # characters of a context or state sent in the query


@router.get(
    "/policies/{version}/distribution",
    operation_id="getPolicyDistribution",
    response_model=PolicyDistribution,
    responses=errors_for(401, 403, 404, 422),
)
async def policy_distribution(
    version: Annotated[int, Path(ge=1, le=INT32_MAX)],
    scope: Member,
    deps: DistributionDep,
    context: Annotated[
        str | None,
        Query(max_length=MAX_QUERY_JSON, description="a context of the study, as JSON text"),
    ] = None,
    state: Annotated[
        str | None,
        Query(max_length=MAX_QUERY_JSON, description="a state, as a JSON list of numbers"),
    ] = None,
    participant_id: Annotated[
        Id | None, Query(description="whose recent rewards (and own posterior) to use")
    ] = None,
    decision_index: Annotated[
        DecisionIndex, Query(description="the slot a context is for (its time of day)")
    ] = 0,
) -> dict[str, Any]:
    """The probability of each action under this version for a context or a state, and the
    posterior of each action's advantage over action 0 there (null for a flat policy): nothing
    is drawn, stored or published."""
    found = await distribution(
        deps,
        scope.study,
        version,
        context=context,
        state=state,
        participant_id=participant_id,
        decision_index=decision_index,
    )
    return {
        "study_id": scope.study.id,
        "policy_version": version,
        "state": list(found.state),
        "probabilities": [
            {"action": action, "probability": p} for action, p in enumerate(found.probabilities)
        ],
        "advantages": None
        if found.advantages is None
        else [
            {"action": action, "mean": mean, "sd": sd}
            for action, (mean, sd) in enumerate(zip(*found.advantages, strict=True), start=1)
        ],
    }


@router.get(
    "/controls",
    operation_id="getPolicyControls",
    response_model=PolicyControls,
    responses=errors_for(401, 403, 404, 422),
)
async def get_controls(scope: Member, deps: ControlsDep) -> dict[str, Any]:
    """Whether learning is frozen, which version is pinned, and which is served."""
    return await controls.view(deps, scope.study)


@router.post(
    "/controls/freeze",
    operation_id="freezeLearning",
    response_model=PolicyControls,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def freeze(body: ControlIn, scope: Operator, deps: ControlsDep) -> dict[str, Any]:
    """Stop learning: the served version stays, and no update writes a new one (audited)."""
    return await controls.change(deps, scope.study, "freeze", scope.caller.username, body.reason)


@router.post(
    "/controls/unfreeze",
    operation_id="unfreezeLearning",
    response_model=PolicyControls,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def unfreeze(body: ControlIn, scope: Operator, deps: ControlsDep) -> dict[str, Any]:
    """Learn again: the next update fits every observation since the newest version (audited)."""
    return await controls.change(deps, scope.study, "unfreeze", scope.caller.username, body.reason)


@router.post(
    "/controls/pin",
    operation_id="pinPolicy",
    response_model=PolicyControls,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def pin(body: PinIn, scope: Operator, deps: ControlsDep) -> dict[str, Any]:
    """Serve this version instead of the newest, e.g. an earlier one to roll back (audited).
    Decisions name the version they used, so replay needs nothing more."""
    return await controls.change(
        deps, scope.study, "pin", scope.caller.username, body.reason, body.version
    )


@router.post(
    "/controls/unpin",
    operation_id="unpinPolicy",
    response_model=PolicyControls,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def unpin(body: ControlIn, scope: Operator, deps: ControlsDep) -> dict[str, Any]:
    """Serve the newest version again (audited)."""
    return await controls.change(deps, scope.study, "unpin", scope.caller.username, body.reason)


@router.post(
    "/exclusions",
    operation_id="excludeData",
    status_code=status.HTTP_201_CREATED,
    response_model=Exclusion,
    responses=errors_for(401, 403, 404, 413, 422),
)
async def exclude(body: ExclusionIn, scope: Operator, store: ExclusionsDep) -> dict[str, Any]:
    """Leave data out of every update from now on: a participant's, a range of decision
    indexes, decisions made in a time range, or where the criteria given meet. What a version
    was fit on already stays in it (audited)."""
    criteria = Criteria(
        body.participant_id,
        body.from_decision_index,
        body.to_decision_index,
        body.from_time,
        body.to_time,
    )
    return exclusion(await store.add(scope.study.id, criteria, scope.caller.username, body.reason))


@router.get(
    "/exclusions",
    operation_id="listExclusions",
    response_model=Exclusions,
    responses=errors_for(401, 403, 404, 422),
)
async def exclusions(scope: Member, store: ExclusionsDep) -> dict[str, Any]:
    """What updates leave out, oldest first."""
    return {"exclusions": [exclusion(e) for e in await store.of_study(scope.study.id)]}


def exclusion(row: UpdateExclusion) -> dict[str, Any]:
    return {
        "id": row.id,
        "participant_id": row.participant_id,
        "from_decision_index": row.from_index,
        "to_decision_index": row.to_index,
        "from_time": row.from_time.isoformat() if row.from_time else None,
        "to_time": row.to_time.isoformat() if row.to_time else None,
        "reason": row.reason,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
    }
