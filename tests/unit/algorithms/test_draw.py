"""The action draw is pinned twice: against numpy while numpy is here, and by written-out vectors
that hold whatever numpy does next."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rldomain.algorithms import draw_action
from rldomain.algorithms.draw import seeded_uniform

PROBABILITIES = (0.2, 0.5, 0.8)
# seed -> numpy's default_rng(seed).random() as float.hex, and the actions at PROBABILITIES.
# Computed with numpy 2.4.6 when the pure-integer draw replaced it. NEVER EDIT these rows: a
# failure here means past decisions would no longer replay.
VECTORS: list[tuple[int, str, tuple[int, int, int]]] = [
    (0x0, "0x1.461fd79fb3850p-1", (0, 0, 1)),
    (0x1, "0x1.060d7be6f245cp-1", (0, 0, 1)),
    (0x2, "0x1.0be40d2359ad6p-2", (0, 1, 1)),
    (0x3, "0x1.5ed1a93cfbec0p-4", (1, 1, 1)),
    (0x2A, "0x1.8c43f79a2db24p-1", (0, 0, 1)),
    (0x3039, "0x1.d1958c6d97fe0p-3", (0, 1, 1)),
    (0x80000000, "0x1.ce44c51c4671ep-1", (0, 0, 0)),
    (0xFFFFFFFF, "0x1.01fd7ea4c363ep-2", (0, 1, 1)),
    (0x100000000, "0x1.c78bd7c50b582p-1", (0, 0, 0)),
    (0x100000001, "0x1.53d65b36133d2p-2", (0, 1, 1)),
    (0x4000000000000000, "0x1.622882667e18fp-1", (0, 0, 1)),
    (0x7FFFFFFFFFFFFFFF, "0x1.675ac88b7d938p-3", (1, 1, 1)),
    (0x655A668D14B09A5B, "0x1.0d4cd4d8fa378p-3", (1, 1, 1)),
    (0x4A59DEB91374BE0B, "0x1.f21f6bfede9eep-1", (0, 0, 0)),
    (0x351A2C6E2773CDDF, "0x1.2454147ff5d3cp-1", (0, 0, 1)),
    (0x79387EFE0A985EE1, "0x1.51199ed2614bcp-1", (0, 0, 1)),
    (0x124573048170059B, "0x1.28cf1d39f516cp-3", (1, 1, 1)),
    (0x3B67D1D076D86F4B, "0x1.3d3855aec7967p-1", (0, 0, 1)),
    (0x4CA387569727B74B, "0x1.d495417dc621cp-2", (0, 1, 1)),
    (0x45350998BD74D179, "0x1.3220a38c2d55ep-1", (0, 0, 1)),
    (0x8DAA643B, "0x1.5ded4d60687cap-1", (0, 0, 1)),
    (0xCA7AAA73, "0x1.22b408afd5a32p-2", (0, 1, 1)),
    (0xBEA426AE, "0x1.4ee4ccb199f80p-1", (0, 0, 1)),
]
EDGE_SEEDS = [0, 1, 2, 2**31, 2**32 - 1, 2**32, 2**32 + 1, 2**62, 2**63 - 1]


@pytest.mark.parametrize(("seed", "uniform", "actions"), VECTORS)
def test_the_draw_reproduces_the_written_out_vectors(
    seed: int, uniform: str, actions: tuple[int, int, int]
) -> None:
    assert seeded_uniform(seed).hex() == uniform
    assert tuple(draw_action(p, seed) for p in PROBABILITIES) == actions


def test_the_uniform_is_numpys_default_rng_for_thousands_of_seeds() -> None:
    rng = np.random.default_rng()  # fresh seeds every run widen the coverage over time
    seeds = EDGE_SEEDS + [int(s) for s in rng.integers(0, 2**63, 3000, dtype=np.uint64)]
    seeds += [int(s) for s in rng.integers(0, 2**32, 1000, dtype=np.uint64)]
    mismatched = [s for s in seeds if seeded_uniform(s) != np.random.default_rng(s).random()]
    assert mismatched == []


def test_the_uniform_also_matches_numpy_for_64_bit_seeds() -> None:
    assert seeded_uniform(2**64 - 1) == np.random.default_rng(2**64 - 1).random()
    with pytest.raises(ValueError, match="seed"):
        seeded_uniform(2**64)


def test_the_action_is_one_only_strictly_below_the_probability() -> None:
    for seed, uniform, _ in VECTORS[:5]:
        u = float.fromhex(uniform)
        assert draw_action(u, seed) == 0
        assert draw_action(math.nextafter(u, 1.0), seed) == 1


def test_the_action_draw_keeps_refusing_bad_arguments() -> None:
    with pytest.raises(ValueError, match="seed"):
        draw_action(0.5, 2**64 - 1)  # a valid uniform seed, but not a 63-bit decision seed
    with pytest.raises(ValueError, match="probability"):
        draw_action(float("nan"), 1)
    with pytest.raises(ValueError, match="probability"):
        draw_action(1.5, 1)
