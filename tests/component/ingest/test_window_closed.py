"""A closed window: pulled once, checked, stored once, each observation published in order."""

from __future__ import annotations

from ingest.backend import PullFailed
from tests.component.ingest.builders import ema_record, window
from tests.component.ingest.conftest import Ingest


async def test_a_closed_windows_records_are_stored_and_published_in_index_order(
    ingest: Ingest,
) -> None:
    me = ingest.participant
    ingest.backend.ema[me] = {
        "e3": ema_record(3, rid=33, finished=True, active=True),  # reward 3
        "e1": ema_record(1, rid=11, finished=False),  # reward 1
        "e2": ema_record(2, rid=22, finished=True, active=False),  # reward 2
    }
    await ingest.close(window(3))
    assert ingest.backend.calls == [(me, window(3))]
    assert sorted(i for _, _, i in ingest.records.observations) == [1, 2, 3]
    published = ingest.published()
    assert [(e.decision_index, e.rid, e.reward) for e in published] == [
        (1, 11, 1.0),
        (2, 22, 2.0),
        (3, 33, 3.0),
    ]
    assert ingest.rewards.published == [e.observation_id for e in published]
    assert ingest.rewards.refreshed == [("miwaves", me)], "the history is re-read once"
    assert ingest.records.windows[("miwaves", me, 3)] == "pulled"
    assert ingest.dead.letters == []


async def test_a_window_whose_pull_fails_is_dead_lettered_and_marked_failed(
    ingest: Ingest,
) -> None:
    ingest.backend.fail_with = PullFailed("backend answered 401")
    closed = await ingest.close(window(0))
    [letter] = ingest.dead.letters
    assert letter.source_topic == ingest.topics.windows_closed
    assert letter.reason == "backend answered 401"
    assert letter.payload == closed.model_dump(mode="json") and letter.key == ingest.participant
    assert ingest.records.windows[("miwaves", ingest.participant, 0)] == "failed"
    assert ingest.publisher.events == []


async def test_malformed_records_are_dead_lettered_by_field_name_and_the_rest_stored(
    ingest: Ingest,
) -> None:
    bad = {**ema_record(1, rid=11), "act_prob": 7.25, "cannabis_use": "secret-grams"}
    ingest.backend.ema[ingest.participant] = {"good": ema_record(0, rid=10), "bad": bad}
    await ingest.close(window(1))
    assert [e.rid for e in ingest.published()] == [10]
    [letter] = ingest.dead.letters
    assert "record bad: invalid or missing act_prob" in letter.reason
    assert "7.25" not in letter.reason and "secret-grams" not in letter.reason
    assert ingest.records.windows[("miwaves", ingest.participant, 1)] == "failed"


async def test_an_already_pulled_window_is_not_pulled_again(ingest: Ingest) -> None:
    ingest.backend.ema[ingest.participant] = {"e0": ema_record(0, rid=10)}
    await ingest.close(window(0))
    await ingest.close(window(0))  # a repeated close, or Kafka redelivering it
    assert len(ingest.backend.calls) == 1
    assert len(ingest.published()) == 1


async def test_a_study_without_an_ema_endpoint_is_dead_lettered_not_pulled(
    ingest: Ingest,
) -> None:
    await ingest.close(window(0), study_id="justin")
    [letter] = ingest.dead.letters
    assert letter.reason == "study 'justin' has no EMA endpoint"
    assert ingest.backend.calls == [] and ingest.records.windows == {}


async def test_a_record_answering_no_stored_decision_is_refused_not_waited_for(
    ingest: Ingest,
) -> None:
    # A decision is stored before it is answered: none stored means none of ours.
    ingest.records.unrecorded.add(0)
    ingest.backend.ema[ingest.participant] = {"e0": ema_record(0, rid=10)}
    await ingest.close(window(0))
    [letter] = ingest.dead.letters
    assert letter.reason == "record for rid 10 answers no decision of ours"
    assert ingest.publisher.events == []
