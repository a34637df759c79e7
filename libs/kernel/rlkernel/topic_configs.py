"""What each topic's settings should be, held against what Kafka reports (pure; rlkernel.kafka
applies it): retention and min.insync.replicas are corrected in place, a replication factor
below the wanted one is reported with the command that raises it, since that moves data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rlkernel.settings import Settings
from rlkernel.topics import FOREVER, TopicSpec


def wanted_configs(spec: TopicSpec, settings: Settings) -> dict[str, str]:
    """The topic-level settings we own. An audit topic keeps everything, by age and by size (a
    broker's log.retention.bytes must not trim it either); any topic's write is acknowledged
    only once min.insync.replicas copies have it (producers use acks=all)."""
    configs = {
        "retention.ms": spec.retention_ms,
        "min.insync.replicas": str(settings.kafka_min_insync_replicas),
    }
    if spec.audit:
        configs |= {"retention.ms": FOREVER, "retention.bytes": "-1", "cleanup.policy": "delete"}
    return configs


def config_changes(wanted: Mapping[str, str], current: Mapping[str, str]) -> dict[str, str]:
    """The settings whose value Kafka reports differently (or not at all)."""
    return {name: value for name, value in wanted.items() if current.get(name) != value}


@dataclass(frozen=True)
class Shortfall:
    """A topic with fewer copies of some partition than wanted: never silently accepted."""

    topic: str
    replicas: int  # the fewest copies of any of its partitions
    wanted: int

    def advice(self, bootstrap: str) -> str:
        return (
            f"topic {self.topic} has {self.replicas} replica(s) per partition, "
            f"KAFKA_REPLICATION_FACTOR wants {self.wanted}: raising it moves data, so it is not "
            f"done here. Write a plan listing {self.wanted} brokers per partition and run "
            f"kafka-reassign-partitions.sh --bootstrap-server {bootstrap} "
            f"--reassignment-json-file plan.json --execute (docs/production.md, "
            f'"Kafka replication")'
        )


def shortfall(topic: str, partitions_replicas: list[list[int]], wanted: int) -> Shortfall | None:
    """`partitions_replicas`: the broker ids holding each partition, as Kafka describes them."""
    fewest = min((len(r) for r in partitions_replicas), default=0)
    return Shortfall(topic, fewest, wanted) if fewest < wanted else None
