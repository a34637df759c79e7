"""A study's health checks and incidents (rldomain.monitoring), for its analysts and operators;
an operator marks an incident resolved with a note. The trainer evaluates the checks
(MONITORING_EVERY_SECONDS); these routes read what it stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from gateway.deps import AnalystOrOperator, HealthDep, Operator
from gateway.responses import IncidentReply, Incidents, StudyHealth, errors_for
from gateway.schemas import ResolveIn
from rladapters.monitoring.health import MAX_INCIDENTS, CheckView
from rldomain.monitoring.checks import CHECKS, worst
from rlkernel.db.models import Incident

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["health"])

IncidentId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Query(ge=1, le=MAX_INCIDENTS, description="at most this many")]
Before = Annotated[
    int | None, Query(ge=1, le=2**63 - 1, description="older than this incident (next page)")
]
OpenOnly = Annotated[
    bool | None, Query(alias="open", description="true: open only; false: closed only")
]


def check_view(c: CheckView) -> dict[str, Any]:
    return {
        "check": c.check,
        "meaning": CHECKS[c.check].meaning,
        "status": c.status,
        "value": c.value,
        "threshold": c.threshold,
        "since": c.since.isoformat(),
        "evidence": c.evidence,
        "evaluated_at": c.evaluated_at.isoformat(),
        "incident_id": c.incident_id,
    }


def incident_view(i: Incident) -> dict[str, Any]:
    return {
        "id": i.id,
        "check": i.check,
        "severity": i.severity,
        "opened_at": i.opened_at.isoformat(),
        "closed_at": i.closed_at.isoformat() if i.closed_at else None,
        "resolved_at": i.resolved_at.isoformat() if i.resolved_at else None,
        "resolved_by": i.resolved_by,
        "note": i.note,
    }


@router.get(
    "/health",
    operation_id="getStudyHealth",
    response_model=StudyHealth,
    responses=errors_for(401, 403, 404, 422),
)
async def study_health(scope: AnalystOrOperator, health: HealthDep) -> dict[str, Any]:
    """Each check's latest result (status, value, threshold, since when, evidence), in the
    catalog's order, and the study's status: the worst of them."""
    found = {c.check: c for c in await health.store.checks(scope.study.id)}
    checks = [found[name] for name in CHECKS if name in found]
    return {
        "study_id": scope.study.id,
        "status": worst([c.status for c in checks]) if checks else "unknown",
        "checks": [check_view(c) for c in checks],
    }


@router.get(
    "/incidents",
    operation_id="listIncidents",
    response_model=Incidents,
    responses=errors_for(401, 403, 404, 422),
)
async def incidents(
    scope: AnalystOrOperator,
    health: HealthDep,
    open_only: OpenOnly = None,
    limit: Limit = 100,
    before: Before = None,
) -> dict[str, Any]:
    """The study's incidents, newest first, a page at a time."""
    found = await health.store.incidents(scope.study.id, open_only, limit, before)
    more = len(found) == limit
    return {
        "incidents": [incident_view(i) for i in found],
        "next_before": found[-1].id if more else None,
    }


@router.post(
    "/incidents/{incident_id}/resolve",
    operation_id="resolveIncident",
    response_model=IncidentReply,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def resolve(
    incident_id: IncidentId,
    body: ResolveIn,
    scope: Operator,
    health: HealthDep,
) -> dict[str, Any]:
    """Record what was done about an incident, once (409 `incident_resolved` after that);
    audited. It stays open until its check is green again."""
    done = await health.store.resolve(
        scope.study.id, incident_id, scope.caller.username, body.note, health.now()
    )
    return incident_view(done)
