"""The gateway's long-lived clients, created in the lifespan, and the use cases' dependencies
built from them (reached by routes through deps.py)."""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import dataclass, field

import redis.asyncio as aioredis
from faststream.kafka import KafkaBroker
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from tenacity import AsyncRetrying, wait_exponential

from gateway.actions import ActionDeps
from gateway.auth import Tokens
from gateway.clients import ClientAdmin
from gateway.controls import ControlDeps
from gateway.daily import ByStateDeps, DailyDeps
from gateway.distribution import DistributionDeps
from gateway.learning import LearningDeps
from gateway.login_limits import LoginLimits
from gateway.notification_times import TimesDeps
from gateway.outages import PublishWithin
from gateway.participants import StaffDeps
from gateway.pilot import PilotDeps
from gateway.replies import ReplyWaiter, subscribe_replies
from gateway.simulations import SimulationDeps
from gateway.studies import Studies
from gateway.study_health import HealthDeps
from rladapters.access import AccessStore
from rladapters.daily import SqlDaily
from rladapters.decision_record import PostgresDecisionRecord
from rladapters.exclusions import ExclusionStore
from rladapters.history import RewardHistory
from rladapters.learning_queries import FailedWindowStore, UpdateRequestStore
from rladapters.listings import SqlListings
from rladapters.monitoring.health import PostgresHealth
from rladapters.participant_store import ParticipantStore
from rladapters.pilot import PilotStore, forget_caches
from rladapters.policies import PolicyMirror, PolicyVersions
from rladapters.policy_controls import PolicyControlStore
from rladapters.revocations import Revocations
from rladapters.state_probabilities import SqlStateProbabilities
from rldomain.seeds import study_key
from rldomain.study import load_studies
from rlkernel.callback_targets import CallbackTargets
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.health import Probe, postgres_probe, redis_probe
from rlkernel.kafka import ensure_topics, make_broker
from rlkernel.logs import get_logger
from rlkernel.publishing import Publisher
from rlkernel.redis_client import make_redis
from rlkernel.settings import Settings
from rlkernel.topics import Topics

log = get_logger(__name__)


@dataclass
class GatewayState:
    settings: Settings
    kafka_ready: asyncio.Event = field(default_factory=asyncio.Event)
    replies: ReplyWaiter = field(default_factory=ReplyWaiter)

    def __post_init__(self) -> None:
        s = self.settings
        if not s.instance_id:
            s.instance_id = f"{socket.gethostname()}-{os.getpid()}"
        elif s.gateway_workers > 1:  # workers share the settings: each its own reply topic
            s.instance_id = f"{s.instance_id}-{os.getpid()}"
        self.topics = Topics(s.rls_namespace)
        self.broker: KafkaBroker = make_broker(s, "gateway")
        self.publisher = Publisher(self.broker, self.topics)
        self.redis: aioredis.Redis = make_redis(s)
        self.engine: Engine = make_engine(s)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        self.studies = Studies(load_studies(s.studies_dir))
        self.access = AccessStore(self.sessions)
        revocations = Revocations(self.redis, s.rls_namespace, self.sessions)
        self.tokens = Tokens(s, revocations, self.access)
        self.clients = ClientAdmin(self.access, revocations, self.studies)
        self.logins = LoginLimits(self.redis, s)
        self.clock = s.clock()
        self.reply_topic = self.topics.replies(s.instance_id)
        self.participants = ParticipantStore(
            self.sessions, self.redis, s.rls_namespace, self.clock.now
        )
        self.listings = SqlListings(self.sessions)
        self.staff = StaffDeps(
            self.participants, PublishWithin(self.publisher, s.decision_timeout_seconds)
        )
        self.times = TimesDeps(
            self.participants,
            PublishWithin(self.publisher, s.decision_timeout_seconds),
            self.clock.now,
        )
        mirror = PolicyMirror(self.redis, s.rls_namespace)
        self.actions = ActionDeps(
            participants=self.participants,
            record=PostgresDecisionRecord(
                self.sessions, self.studies.by_id, self.participants.cache
            ),
            publisher=self.publisher,
            replies=self.replies,
            policy_version=mirror.version,
            now=self.clock.now,
            study_keys={
                study.id: study_key(s.seed_secret.get_secret_value(), study.id)
                for study in self.studies
            },
            reply_topic=self.reply_topic,
            instance=s.instance_id,
            timeout_seconds=s.decision_timeout_seconds,
        )
        self.learning = LearningDeps(
            participants=self.participants,
            publisher=PublishWithin(self.publisher, s.decision_timeout_seconds),
            updates=UpdateRequestStore(self.sessions),
            failed_windows=FailedWindowStore(self.sessions),
            now=self.clock.now,
            callbacks=CallbackTargets(allow_private=s.callback_allow_private_networks),
        )
        self.distribution = DistributionDeps(
            versions=PolicyVersions(self.sessions),
            history=RewardHistory(self.redis, s.rls_namespace, self.sessions),
            participants=self.participants,
        )
        self.controls = ControlDeps(
            store=PolicyControlStore(self.sessions),
            refresh=lambda study: mirror.refresh(self.sessions, study, self.clock.now()),
            publisher=PublishWithin(self.publisher, s.decision_timeout_seconds),
            now=self.clock.now,
        )
        self.exclusions = ExclusionStore(self.sessions)
        self.health = HealthDeps(PostgresHealth(self.sessions), self.clock.now)
        self.daily = DailyDeps(SqlDaily(self.sessions), self.clock.now)
        self.by_state = ByStateDeps(SqlStateProbabilities(self.sessions), self.clock.now)
        self.pilot = PilotDeps(
            store=PilotStore(self.sessions),
            refresh=self.controls.refresh,
            forget=lambda study_id: forget_caches(self.redis, s.rls_namespace, study_id),
            publisher=PublishWithin(self.publisher, s.decision_timeout_seconds),
            now=self.clock.now,
        )
        self.simulations = SimulationDeps(s.simulations_dir.resolve())
        subscribe_replies(self.broker, self.reply_topic, self.replies)

    @property
    def instance(self) -> str:
        return self.settings.instance_id

    async def connect_kafka(self) -> None:
        """Runs in the background: the API starts (and /healthz answers) while Kafka is down."""
        async for attempt in AsyncRetrying(wait=wait_exponential(max=5)):
            with attempt:
                await ensure_topics(self.settings, [self.topics.reply_spec(self.instance)])
                await self.broker.start()
        self.kafka_ready.set()
        log.info("kafka_connected", instance=self.instance)

    def probes(self) -> dict[str, Probe]:
        async def kafka() -> bool:
            return self.kafka_ready.is_set() and bool(await self.broker.ping(timeout=1.0))

        return {
            "kafka": kafka,
            "redis": redis_probe(self.redis),
            "postgres": postgres_probe(self.engine),
        }

    async def close(self) -> None:
        await self.broker.stop()
        await self.redis.aclose()
        self.engine.dispose()
