"""A policy never takes a probability outside the study's bounds, whatever its parameters."""

from __future__ import annotations

import pytest

from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.events import DecisionMade
from tests.component.decision.harness import Service, request
from tests.component.fakes import FakePublisher, InMemoryRecord


def bounded_justin(justin: Study, low: float, high: float) -> Study:
    """The example's flat study with bounds narrower than [0, 1], so clipping can show."""
    algorithm = {**justin.algorithm, "clip": {"low": low, "high": high}}
    return Study.model_validate({**justin.model_dump(), "id": "bounded", "algorithm": algorithm})


@pytest.mark.parametrize(("fitted", "clipped"), [(0.97, 0.9), (0.01, 0.1), (0.4, 0.4)])
async def test_the_probability_is_clipped_to_the_study_bounds(
    studies: dict[str, Study], fitted: float, clipped: float
) -> None:
    bounded = bounded_justin(studies["justin"], 0.1, 0.9)
    service = Service({"bounded": bounded}, InMemoryRecord(), FakePublisher())
    params = {"algorithm": "flat", "probability": fitted}
    service.policies.serve(Policy("bounded", 2, "flat", params))

    async with service.broker() as broker:
        await broker.publish_batch(request("bounded"), topic=service.topics.actions_requested)

    [decision] = service.publisher.events
    assert isinstance(decision, DecisionMade)
    assert decision.probability == clipped
