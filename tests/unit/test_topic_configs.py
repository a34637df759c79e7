"""The settings -> topic settings mapping, and what counts as a change or a shortfall."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rlkernel.settings import Settings
from rlkernel.topic_configs import config_changes, shortfall, wanted_configs
from rlkernel.topics import HOUR_MS, Topics

CLUSTER = Settings(kafka_replication_factor=3, kafka_min_insync_replicas=2)


def test_audit_topics_are_kept_forever_by_age_and_size_with_the_insync_wanted() -> None:
    for spec in Topics("rls").specs():
        assert wanted_configs(spec, CLUSTER) == {
            "retention.ms": "-1",
            "retention.bytes": "-1",
            "cleanup.policy": "delete",
            "min.insync.replicas": "2",
        }


def test_reply_topics_keep_their_hour() -> None:
    spec = Topics("rls").reply_spec("gw-1")
    one_broker = Settings(kafka_replication_factor=1, kafka_min_insync_replicas=1)
    assert wanted_configs(spec, one_broker) == {"retention.ms": HOUR_MS, "min.insync.replicas": "1"}


def test_changes_are_the_settings_kafka_reports_otherwise_or_not_at_all() -> None:
    wanted = {"retention.ms": "-1", "min.insync.replicas": "2", "retention.bytes": "-1"}
    current = {"retention.ms": "604800000", "min.insync.replicas": "2", "segment.ms": "1"}
    assert config_changes(wanted, current) == {"retention.ms": "-1", "retention.bytes": "-1"}


def test_a_partition_with_fewer_copies_than_wanted_is_a_shortfall() -> None:
    assert shortfall("t", [[1, 2, 3], [2, 3, 1]], 3) is None
    found = shortfall("t", [[1, 2, 3], [2]], 3)
    assert found is not None and (found.replicas, found.wanted) == (1, 3)
    assert "kafka-reassign-partitions.sh --bootstrap-server b:1" in found.advice("b:1")


def test_more_insync_replicas_than_copies_is_refused() -> None:
    with pytest.raises(ValidationError, match="KAFKA_MIN_INSYNC_REPLICAS"):
        Settings(kafka_replication_factor=1, kafka_min_insync_replicas=2)
