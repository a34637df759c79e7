"""The trainer service: the real dependencies of its handlers, subscribed on the runtime's
broker, and its housekeeping (reconcile, then the schedule) as a job of the runtime."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from rladapters.monitoring.health import PostgresHealth
from rladapters.policies import PolicyMirror
from rldomain.study import load_studies
from rlkernel.callback_targets import CallbackTargets
from rlkernel.runtime import ServiceRuntime
from rlkernel.webhooks import signing_key
from trainer.backups import Backups
from trainer.callbacks import Callbacks, callback_client, finish_request
from trainer.dependencies import Monitoring, TrainerDeps
from trainer.deployment_health import DeploymentProbe
from trainer.metrics import scheduled
from trainer.redis_state import RedisPolicies
from trainer.schedule import housekeeping
from trainer.subscribers import subscribe
from trainer.updating import PostgresUpdates


def build() -> ServiceRuntime:
    rt = ServiceRuntime("trainer")
    s = rt.settings
    studies = load_studies(s.studies_dir)
    callbacks = Callbacks(
        http=callback_client(),
        studies=studies,
        targets=CallbackTargets(allow_private=s.callback_allow_private_networks),
        key=signing_key(s.callback_signing_secret.get_secret_value()),
    )
    deps = TrainerDeps(
        studies=studies,
        publisher=rt.publisher,
        updates=PostgresUpdates(rt.sessions),
        policies=RedisPolicies(PolicyMirror(rt.redis, s.rls_namespace), rt.sessions),
        finish_request=partial(finish_request, rt.sessions, callbacks),
        clock=s.clock(),
        dead_letter=rt.dead_letter,
        backups=Backups(s),
        monitoring=Monitoring(
            PostgresHealth(rt.sessions, DeploymentProbe(s, rt.engine)),
            timedelta(seconds=s.monitoring_every_seconds) if s.monitoring_every_seconds else None,
        ),
    )
    subscribe(rt.broker, rt.topics, deps)
    scheduled(studies.values())
    rt.jobs.append(partial(housekeeping, deps, s.trainer_schedule_check_seconds))
    return rt
