"""A study's days at a glance (rladapters.daily) and its probability of treatment by state
(rladapters.state_probabilities): the numbers behind its dashboard page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from gateway.deps import AnalystOrOperator, ByStateDep, DailyDep
from gateway.responses import StudyDaily, StudyProbabilityByState, errors_for
from rladapters.daily import MAX_DAYS

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["health"])

Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="this many days, ending today")]


@router.get(
    "/daily",
    operation_id="getStudyDaily",
    response_model=StudyDaily,
    responses=errors_for(401, 403, 404, 422),
)
async def daily(scope: AnalystOrOperator, deps: DailyDep, days: Days = 30) -> dict[str, Any]:
    """Per day, in the study's time zone, up to today by the service clock: decisions by outcome
    (policy, fallback), treated decisions, the mean probability of treatment and its 10th, 50th
    and 90th percentiles; and the participants by life-cycle state now."""
    study = scope.study
    today = deps.now().astimezone(ZoneInfo(study.timezone)).date()
    found = await deps.store.of_study(study.id, study.timezone, today, days)
    return {
        "study_id": study.id,
        "timezone": study.timezone,
        "days": [asdict(d) for d in found.days],
        "participants": found.participants,
    }


@router.get(
    "/probability-by-state",
    operation_id="getStudyProbabilityByState",
    response_model=StudyProbabilityByState,
    responses=errors_for(401, 403, 404, 422),
)
async def probability_by_state(
    scope: AnalystOrOperator, deps: ByStateDep, days: Days = 30
) -> dict[str, Any]:
    """The policy's decisions of the last days grouped by their state: how many, and the mean,
    lowest and highest probability of treatment in each. A state with a continuous entry is
    rarely seen twice, so `distinct` may be close to `decisions`: then only the most frequent
    states show one by one, and the rest are summed into the last row (state null)."""
    study = scope.study
    today = deps.now().astimezone(ZoneInfo(study.timezone)).date()
    found = await deps.store.of_study(study.id, study.timezone, today, days)
    return {
        "study_id": study.id,
        "timezone": study.timezone,
        "names": list(study.state),
        "decisions": found.decisions,
        "distinct": found.distinct,
        "states": [asdict(g) for g in found.groups],
    }
