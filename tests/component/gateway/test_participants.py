"""Registration and the participant life-cycle."""

from __future__ import annotations

import pytest

from gateway import participants
from rldomain.errors import Conflict, Invalid, NotFound
from rldomain.lifecycle import REGISTERED, WITHDRAWN
from rldomain.study import Study
from tests.component.gateway.conftest import baseline
from tests.component.gateway.fakes import InMemoryParticipants


async def test_a_scheduled_study_refuses_a_participant_without_baseline(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    with pytest.raises(Invalid) as refused:
        await participants.register(registry, studies["miwaves"], "p-1", None)
    assert refused.value.code == "baseline_required"
    assert registry.rows == {}


async def test_a_registered_participant_gets_the_schedule_of_their_baseline(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    view = await participants.register(registry, studies["miwaves"], "p-1", baseline())
    assert view.status == REGISTERED
    assert view.schedule is not None and view.schedule.morning == (900,) * 7
    assert await participants.find(registry, "miwaves", "p-1") == view


async def test_registering_the_same_participant_twice_is_a_conflict(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    await participants.register(registry, studies["justin"], "p-1", None)
    with pytest.raises(Conflict) as refused:
        await participants.register(registry, studies["justin"], "p-1", None)
    assert refused.value.code == "participant_exists"


async def test_an_invalid_transition_is_refused_and_the_status_kept(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    await participants.register(registry, studies["justin"], "p-1", None)
    with pytest.raises(Conflict) as refused:
        await participants.change_status(registry, "justin", "p-1", "ENDED", "op")
    assert refused.value.code == "invalid_transition"
    assert (await participants.find(registry, "justin", "p-1")).status == REGISTERED


async def test_a_registered_participant_can_withdraw(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    await participants.register(registry, studies["justin"], "p-1", None)
    changed = await participants.change_status(registry, "justin", "p-1", WITHDRAWN, "op")
    assert changed.status == WITHDRAWN
    assert (await participants.find(registry, "justin", "p-1")).status == WITHDRAWN


async def test_changing_an_unknown_participant_is_not_found(
    registry: InMemoryParticipants,
) -> None:
    with pytest.raises(NotFound) as refused:
        await participants.change_status(registry, "justin", "nobody", WITHDRAWN, "op")
    assert refused.value.code == "participant_not_found"
