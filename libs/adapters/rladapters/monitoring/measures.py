"""One function per health check: the check's number for a study at `now` (the service
clock), from the study's tables, over a bounded range, with the evidence an analyst can follow
(a route or a query; ids and counts, never answers). rldomain.monitoring.checks says what each
means; the grading is rldomain.monitoring.grading's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy import Float, cast, func, select, tuple_
from sqlalchemy.orm import Session

from rladapters.participant_store import view_of
from rladapters.policy_controls import current as current_controls
from rldomain.lifecycle import ACCEPTS_ACTIONS
from rldomain.monitoring.checks import Status
from rldomain.monitoring.grading import Measured
from rldomain.monitoring.rules import (
    allocation_outliers,
    at_bound,
    integrity_z,
    longest_run,
    outside_burden,
)
from rldomain.schedule import StudyCalendar, decision_index, last_closed, window
from rldomain.study import Study
from rlkernel.db.models import (
    AuditRun,
    DeadLetter,
    Decision,
    Participant,
    PolicyVersion,
    RefusedVersion,
    SlotConflict,
    UpdateRequest,
    WindowRecord,
)

DAY, WEEK = timedelta(days=1), timedelta(days=7)
Measure = Callable[[Session, Study, datetime], Measured]


def missing_decisions(session: Session, study: Study, now: datetime) -> Measured:
    """Windows of active participants (REGISTERED, STARTED) that ended in the last day, after
    the participant was registered, with no decision. Daily schedules only: a client-indexed
    study has no windows to expect."""
    if study.schedule.kind != "daily":
        return Measured(0, "the study's schedule is client-indexed: no windows to expect", False)
    calendar = StudyCalendar.of(study)
    expected: list[tuple[str, int]] = []
    rows = session.scalars(
        select(Participant).where(
            Participant.study_id == study.id, Participant.status.in_(ACCEPTS_ACTIONS)
        )
    )
    for row in rows:
        schedule = view_of(row).schedule
        if schedule is None:
            continue
        first = max(decision_index(calendar, schedule, now - DAY), 0)
        for index in range(first, last_closed(calendar, schedule, now) + 1):
            w = window(calendar, schedule, index)
            ended_in_range = now - DAY <= w.end <= now and w.end > row.created_at
            opened_on = w.start.astimezone(calendar.timezone).date()
            if ended_in_range and opened_on <= schedule.rl_end_date:
                expected.append((row.participant_id, index))
    decided = set()
    if expected:
        slot = tuple_(Decision.participant_id, Decision.decision_index)
        found = session.execute(
            select(Decision.participant_id, Decision.decision_index).where(
                Decision.study_id == study.id, slot.in_(expected)
            )
        )
        decided = {(pid, index) for pid, index in found}
    missing = sorted(set(expected) - decided)
    evidence = f"{len(missing)} of {len(expected)} windows ended in the last day undecided"
    if missing:
        p, index = missing[0]
        evidence += f"; first: GET /v1/studies/{study.id}/participants/{p}/timeline (index {index})"
    return Measured(len(missing), evidence)


def duplicate_decisions(session: Session, study: Study, now: datetime) -> Measured:
    count = session.scalar(
        select(func.count()).where(
            SlotConflict.study_id == study.id, SlotConflict.seen_at >= now - DAY
        )
    )
    return Measured(
        count or 0,
        _query("*", "slot_conflicts", study, f"seen_at >= '{(now - DAY).isoformat()}'"),
    )


def fallback_rate(session: Session, study: Study, now: datetime) -> Measured:
    """The share of the last day's decisions that fell back, with their causes."""
    causes = session.execute(
        select(Decision.fallback_reason, func.count())
        .where(Decision.study_id == study.id, Decision.decided_at >= now - DAY, Decision.fallback)
        .group_by(Decision.fallback_reason)
        .order_by(func.count().desc())
    )
    by_cause = {reason or "unknown": n for reason, n in causes}
    total = session.scalar(
        select(func.count()).where(Decision.study_id == study.id, Decision.decided_at >= now - DAY)
    )
    fallbacks = sum(by_cause.values())
    named = ", ".join(f"{reason}: {n}" for reason, n in list(by_cause.items())[:5])
    evidence = f"{fallbacks} of {total or 0} decisions in the last day" + (
        f" ({named})" if named else ""
    )
    return Measured(fallbacks / total if total else 0.0, evidence)


def clipped_run(session: Session, study: Study, now: datetime) -> Measured:
    """The longest run of one participant's consecutive decisions in the last 7 days whose
    allocation sat at a clip bound; fallbacks are the study's fixed allocation, left out."""
    rows = session.execute(
        select(Decision.participant_id, Decision.probability, Decision.probabilities)
        .where(Decision.study_id == study.id, Decision.decided_at >= now - WEEK, ~Decision.fallback)
        .order_by(Decision.participant_id, Decision.decision_index)
    )
    longest, who = 0, ""
    for participant, decisions in groupby(rows, key=lambda r: r[0]):
        run = longest_run(at_bound(p, ps, study.clip) for _, p, ps in decisions)
        if run > longest:
            longest, who = run, participant
    evidence = f"clip bounds {list(study.clip)}"
    if who:
        evidence += f"; longest: GET /v1/studies/{study.id}/participants/{who}/timeline"
    return Measured(longest, evidence)


def randomization_integrity(session: Session, study: Study, now: datetime) -> Measured:
    """The largest |z| per day (the study's time zone) and action over the last 7 days."""
    day = func.date_trunc("day", func.timezone(study.timezone, Decision.decided_at))
    largest, where = 0.0, ""
    for k in range(1, study.n_actions):
        # A binary decision stores action 1's probability only; with K actions, the vector.
        p = Decision.probability if study.n_actions == 2 else Decision.probabilities[k + 1]
        taken = func.count().filter(Decision.action == k)
        daily = session.execute(
            select(day, cast(taken, Float), func.sum(p), func.sum(p * (1 - p)))
            .where(Decision.study_id == study.id, Decision.decided_at >= now - WEEK)
            .group_by(day)
        )
        for d, n, expected, variance in daily:
            z = integrity_z(n or 0.0, expected or 0.0, variance or 0.0)
            if z > largest:
                largest, where = (
                    z,
                    f"action {k} on {d.date().isoformat()}: {n:.0f} taken, "
                    + (f"{expected:.1f} expected"),
                )
    evidence = "per day and action over the last 7 days" + (f"; largest: {where}" if where else "")
    return Measured(largest, evidence)


def failed_windows(session: Session, study: Study, now: datetime) -> Measured:
    count, oldest = session.execute(
        select(func.count(), func.min(WindowRecord.updated_at)).where(
            WindowRecord.study_id == study.id, WindowRecord.status == "failed"
        )
    ).one()
    evidence = f"GET /v1/studies/{study.id}/windows/failed"
    if oldest is not None:
        evidence += f"; oldest failed at {oldest.isoformat()}"
    return Measured(count, evidence)


def dead_letters(session: Session, study: Study, now: datetime) -> Measured:
    count, oldest = session.execute(
        select(func.count(), func.min(DeadLetter.created_at)).where(
            DeadLetter.study_id == study.id, DeadLetter.redriven_at.is_(None)
        )
    ).one()
    evidence = f"GET /v1/dead-letters?study_id={study.id}"
    if oldest is not None:
        evidence += f"; oldest from {oldest.isoformat()}"
    return Measured(count, evidence)


def policy_age(session: Session, study: Study, now: datetime) -> Measured:
    """Hours since the newest version was written; means nothing while learning is frozen or
    the study never updates its posterior."""
    newest = session.scalar(
        select(func.max(PolicyVersion.created_at)).where(PolicyVersion.study_id == study.id)
    )
    if newest is None:  # the trainer writes version 1 from the priors when it starts
        return Measured(0, "no policy version yet: is the trainer running?", False)
    hours = (now - newest).total_seconds() / 3600
    evidence = (
        _query("version, created_at", "policy_versions", study)
        + f"; GET /v1/studies/{study.id}/controls"
    )
    if current_controls(session, study.id).frozen:
        return Measured(hours, f"learning is frozen; {evidence}", False)
    if study.update.posterior == "never":
        return Measured(hours, f"the study never updates its posterior; {evidence}", False)
    return Measured(max(hours, 0.0), evidence)


def update_failures(session: Session, study: Study, now: datetime) -> Measured:
    count = session.scalar(
        select(func.count()).where(
            UpdateRequest.study_id == study.id,
            UpdateRequest.status == "failed",
            UpdateRequest.requested_at >= now - WEEK,
        )
    )
    return Measured(
        count or 0,
        _query(
            "update_id, reason",
            "update_requests",
            study,
            f"status = 'failed' AND requested_at >= '{(now - WEEK).isoformat()}'",
        ),
    )


def _slots_of_latest_day(
    session: Session, study: Study, now: datetime
) -> tuple[list[tuple[int, int, float, int]], str]:
    """The latest complete day's policy decisions (the study's time zone) per decision time:
    (slot, decisions, mean P(treatment), treated); the slot is a daily schedule's window of the
    day, else 0 (the whole day). Fallbacks are the fixed allocation, left out."""
    zone = ZoneInfo(study.timezone)
    day = now.astimezone(zone).date() - DAY
    start = datetime.combine(day, time(), zone)
    windows = study.schedule.windows if study.schedule.kind == "daily" else None
    treatment = Decision.probability if study.n_actions == 2 else 1 - Decision.probabilities[1]
    query = select(
        func.count(), func.avg(treatment), func.count().filter(Decision.action != 0)
    ).where(
        Decision.study_id == study.id,
        Decision.decided_at >= start,
        Decision.decided_at < start + DAY,
        ~Decision.fallback,
    )
    if windows:  # one row per window of the day
        slot = Decision.decision_index % windows
        query = query.add_columns(slot).group_by(slot).order_by(slot)
    rows = session.execute(query)
    found = [(int(k[0]) if k else 0, n, float(mean), t) for n, mean, t, *k in rows if n]
    return found, day.isoformat()


def mean_probability(session: Session, study: Study, now: datetime) -> Measured:
    slots, day = _slots_of_latest_day(session, study, now)
    a = study.monitoring.allocation
    outside, _ = allocation_outliers(slots, a.probability, a.treated_share, a.min_decisions)
    means = ", ".join(f"time {k}: {mean:.2f} of {n}" for k, n, mean, _ in slots)
    return Measured(len(outside), f"{day}, bounds {list(a.probability)}; {means or 'no decisions'}")


def treated_share(session: Session, study: Study, now: datetime) -> Measured:
    slots, day = _slots_of_latest_day(session, study, now)
    a = study.monitoring.allocation
    _, outside = allocation_outliers(slots, a.probability, a.treated_share, a.min_decisions)
    shares = ", ".join(f"time {k}: {t} of {n}" for k, n, _, t in slots)
    return Measured(
        len(outside), f"{day}, bounds {list(a.treated_share)}; {shares or 'no decisions'}"
    )


def treatment_burden(session: Session, study: Study, now: datetime) -> Measured:
    """Participants treated more than the cap, or (active for the whole 7 days) less than the
    floor, over the last 7 days."""
    cap, floor = study.monitoring.burden.cap, study.monitoring.burden.floor
    if cap is None and floor is None:
        return Measured(0, "the study sets no burden cap or floor", False)
    treated = func.count(Decision.id).filter(Decision.action != 0)
    rows = session.execute(
        select(Participant.participant_id, treated)
        .outerjoin(
            Decision,
            (Decision.study_id == Participant.study_id)
            & (Decision.participant_id == Participant.participant_id)
            & (Decision.decided_at >= now - WEEK),
        )
        .where(
            Participant.study_id == study.id,
            Participant.status.in_(ACCEPTS_ACTIONS),
            Participant.created_at <= now - WEEK,
        )
        .group_by(Participant.participant_id)
        .order_by(treated.desc())
    )
    over = [p for p, n in rows if outside_burden(n, cap, floor)]
    evidence = f"cap {cap}, floor {floor} a week; {len(over)} participants outside"
    if over:
        evidence += f"; first: GET /v1/studies/{study.id}/participants/{over[0]}/timeline"
    return Measured(len(over), evidence)


def ema_missing(session: Session, study_id: str, start: datetime, end: datetime) -> tuple[int, int]:
    """(windows without outcome data, windows closed) among those that ended in [start, end):
    a window pulled with no record or whose pull failed has none; one still pending is not
    closed yet."""
    missing, closed = session.execute(
        select(func.count().filter(WindowRecord.records == 0), func.count()).where(
            WindowRecord.study_id == study_id,
            WindowRecord.end_time >= start,
            WindowRecord.end_time < end,
            WindowRecord.status != "pending",
        )
    ).one()
    return missing, closed


def ema_missingness(session: Session, study: Study, now: datetime) -> Measured:
    missing, closed = ema_missing(session, study.id, now - DAY, now)
    evidence = f"{missing} of {closed} windows closed in the last day have no outcome data"
    if not closed:
        return Measured(0, evidence, False)
    return Measured(missing / closed, evidence + f"; GET /v1/studies/{study.id}/windows/failed")


def ema_missingness_drift(session: Session, study: Study, now: datetime) -> Measured:
    """The last day's missing share less the 7 days' before it: missingness that grows."""
    missing, closed = ema_missing(session, study.id, now - DAY, now)
    before, closed_before = ema_missing(session, study.id, now - DAY - WEEK, now - DAY)
    evidence = f"last day {missing} of {closed}; the 7 days before {before} of {closed_before}"
    if not closed or not closed_before:
        return Measured(0, evidence, False)
    return Measured(max(missing / closed - before / closed_before, 0.0), evidence)


def posterior_sanity(session: Session, study: Study, now: datetime) -> Measured:
    """Posteriors the gate refused since the newest version was written: a refusal stays red
    until an update passes (after the offending observations are excluded)."""
    newest = session.scalar(
        select(func.max(PolicyVersion.created_at)).where(PolicyVersion.study_id == study.id)
    )
    refused = select(func.count(), func.max(RefusedVersion.cause)).where(
        RefusedVersion.study_id == study.id
    )
    if newest is not None:
        refused = refused.where(RefusedVersion.refused_at > newest)
    count, cause = session.execute(refused).one()
    evidence = _query("parent_version, cause, fit_on, refused_at", "refused_versions", study) + (
        f"; e.g. {cause}" if cause else ""
    )
    return Measured(count, evidence)


def update_latency(session: Session, study: Study, now: datetime) -> Measured:
    """Minutes from a request to its version (or its failure), the longest over 7 days; a
    request not finished counts its wait so far."""
    waited = func.coalesce(UpdateRequest.finished_at, now) - UpdateRequest.requested_at
    longest = session.scalar(
        select(func.max(func.extract("epoch", waited))).where(
            UpdateRequest.study_id == study.id, UpdateRequest.requested_at >= now - WEEK
        )
    )
    evidence = _query(
        "update_id, status, requested_at, finished_at",
        "update_requests",
        study,
        f"requested_at >= '{(now - WEEK).isoformat()}'",
    )
    return Measured(max(float(longest or 0) / 60, 0.0), evidence)


def replay_audit(session: Session, study: Study, now: datetime) -> Measured:
    """The latest scheduled audit's mismatches; at least yellow once the oldest decision no
    audit has checked (made after the latest run, or any without one) is older than
    `monitoring.audit_max_age_hours`: a new study is not due yet, a finished one stays green."""
    latest = session.scalars(
        select(AuditRun)
        .where(AuditRun.study_id == study.id)
        .order_by(AuditRun.ran_at.desc(), AuditRun.id.desc())
        .limit(1)
    ).first()
    unaudited = select(func.min(Decision.decided_at)).where(Decision.study_id == study.id)
    if latest is not None:
        unaudited = unaudited.where(Decision.decided_at > latest.ran_at)
    waiting_since = session.scalar(unaudited)
    max_age = study.monitoring.audit_max_age_hours
    rerun = f"re-run: rlservice replay --study {study.id} --record"
    stale = ""
    if waiting_since is not None and waiting_since <= now - timedelta(hours=max_age):
        stale = (
            f"overdue: decisions since {waiting_since.isoformat()} unaudited over {max_age:g} h; "
        )
    floor: Status = "yellow" if stale else "green"
    if latest is None:  # nothing to grade but whether one is due
        evidence = "no audit has run; " + (stale or "none due yet; ") + rerun
        return Measured(0, evidence, applies=bool(stale), at_least=floor)
    evidence = (
        f"audit of {latest.ran_at.isoformat()} ({latest.code_version}): {latest.mismatches} "
        f"mismatches in {latest.decisions} decisions, {latest.policy_versions} policy versions"
    )
    if latest.first_participant_id is not None:
        evidence += (
            f"; first: GET /v1/studies/{study.id}/participants/{latest.first_participant_id}"
            f"/timeline (index {latest.first_decision_index})"
        )
    elif latest.first_policy_version is not None:
        evidence += f"; first: policy version {latest.first_policy_version}"
    evidence += "; " + stale + rerun
    return Measured(latest.mismatches, evidence, at_least=floor)


def _query(columns: str, table: str, study: Study, condition: str = "") -> str:
    """Evidence: a query for the analyst to run, never run here (a study id is [a-z0-9_-])."""
    where = f"study_id = '{study.id}'" + (f" AND {condition}" if condition else "")
    return f"SELECT {columns} FROM {table} WHERE {where}"  # noqa: S608  shown, not executed


MEASURES: dict[str, Measure] = {
    "missing_decisions": missing_decisions,
    "duplicate_decisions": duplicate_decisions,
    "fallback_rate": fallback_rate,
    "clipped_run": clipped_run,
    "randomization_integrity": randomization_integrity,
    "failed_windows": failed_windows,
    "dead_letters": dead_letters,
    "policy_age": policy_age,
    "update_failures": update_failures,
    "mean_probability": mean_probability,
    "treated_share": treated_share,
    "treatment_burden": treatment_burden,
    "ema_missingness": ema_missingness,
    "ema_missingness_drift": ema_missingness_drift,
    "posterior_sanity": posterior_sanity,
    "update_latency": update_latency,
    "replay_audit": replay_audit,
}
