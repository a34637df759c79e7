"""Outcome data a study backend uploads itself: stored and published like a pulled record."""

from __future__ import annotations

from tests.component.ingest.conftest import Ingest


async def test_an_upload_is_stored_and_published_without_a_pull(ingest: Ingest) -> None:
    record = {"action": 1, "action_prob": 0.5, "outcome": {"clicks": 4}}
    uploaded = await ingest.upload(2, record)
    assert ingest.backend.calls == []
    stored = ingest.records.observations[("justin", ingest.participant, 2)]
    assert (stored.source, stored.source_id, stored.record) == (
        "upload",
        str(uploaded.event_id),
        record,
    )
    [event] = ingest.published()
    assert (event.study_id, event.decision_index, event.reward) == ("justin", 2, 4.0)
    assert ingest.rewards.published == [event.observation_id]
    assert ingest.rewards.refreshed == [("justin", ingest.participant)]
    assert ingest.dead.letters == []


async def test_an_upload_for_a_slot_stored_before_is_not_published_again(ingest: Ingest) -> None:
    record = {"action": 0, "action_prob": 0.5, "outcome": {"clicks": 0}}
    await ingest.upload(0, record)
    await ingest.upload(0, record)
    assert len(ingest.published()) == 1
