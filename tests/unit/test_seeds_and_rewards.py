"""Seeds are 63-bit, reproducible with the secret, different per slot, study and secret."""

from __future__ import annotations

import uuid

from rldomain.seeds import slot_seed, study_key


def test_a_slot_seed_is_reproducible_and_63_bits_wide() -> None:
    key = study_key("s3cret", "miwaves")
    seeds = [slot_seed(key, f"p{i}", j) for i in range(50) for j in range(20)]
    assert seeds == [
        slot_seed(study_key("s3cret", "miwaves"), f"p{i}", j) for i in range(50) for j in range(20)
    ]
    assert all(0 <= s < 2**63 for s in seeds)
    assert len(set(seeds)) == len(seeds)
    assert max(seeds) > 2**62  # uses the whole range, not a small one


def test_seeds_depend_on_the_study_and_the_secret() -> None:
    pid = uuid.uuid4().hex
    base = slot_seed(study_key("a", "s1"), pid, 0)
    assert base != slot_seed(study_key("a", "s2"), pid, 0)
    assert base != slot_seed(study_key("b", "s1"), pid, 0)


def test_participant_and_index_cannot_be_confused() -> None:
    key = study_key("k", "s")
    assert slot_seed(key, "p1", 12) != slot_seed(key, "p11", 2)
