"""`parse`: a backend's `ema_data` to candidates, refusing bad records by field name only."""

from __future__ import annotations

from ingest.parsing import parse
from tests.component.ingest.builders import ema_record


def test_valid_records_become_candidates_answering_their_rid() -> None:
    candidates, problems = parse({"e1": ema_record(index=4, rid=40)})
    assert problems == []
    [c] = candidates
    assert (c.source, c.source_id, c.rid, c.decision_index) == ("pull", "e1", 40, 4)
    assert (c.action, c.probability) == (1, 0.5)
    assert c.record["finished_ema"] is True


def test_a_record_the_backend_sent_twice_becomes_one_candidate() -> None:
    candidates, problems = parse({"e1": ema_record(1, rid=11), "e2": ema_record(1, rid=11)})
    assert [c.source_id for c in candidates] == ["e1"] and problems == []


def test_fields_a_backend_adds_are_kept_in_the_record() -> None:
    [c], _ = parse({"e1": {**ema_record(0, rid=1), "mood_slider": 4}})
    assert c.record["mood_slider"] == 4


def test_a_malformed_record_is_refused_naming_its_fields_and_never_their_values() -> None:
    bad = {**ema_record(2, rid=21), "act_prob": 7.25, "cannabis_use": "secret-grams"}
    del bad["seed"]
    candidates, problems = parse({"e1": ema_record(1, rid=11), "e2": bad})
    assert [c.rid for c in candidates] == [11]
    [problem] = problems
    assert problem.startswith("record e2: invalid or missing act_prob, cannabis_use")
    assert "seed" in problem
    assert "7.25" not in problem and "secret-grams" not in problem


def test_a_record_that_is_not_an_object_is_refused_without_echoing_it() -> None:
    candidates, problems = parse({"e9": "user said: private"})
    assert candidates == [] and len(problems) == 1
    assert problems[0].startswith("record e9:") and "private" not in problems[0]
