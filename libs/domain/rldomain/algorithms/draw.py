"""The uniform behind every action draw, written out so it outlives any numpy version.

Every stored decision was drawn as `numpy.random.default_rng(seed).random() < probability`.
numpy promises stream stability only loosely, so the same number is computed here from integer
arithmetic alone. Specification (all words unsigned; "mod 2^32" etc. means wrap-around):

1. Entropy: the seed (0 <= seed < 2^64) as four 32-bit words, least significant first:
   e = [seed mod 2^32, seed >> 32, 0, 0]. (numpy passes only the non-zero high words, but it
   fills the rest of the pool by hashing 0, which is the same thing.)
2. Pool (numpy's SeedSequence, pool size 4). A hash constant h starts at 0x43b0d7e5; each call
   of hashmix(v): v ^= h; h = h * 0x931e8875 mod 2^32; v = v * h mod 2^32; v ^= v >> 16.
   mix(x, y): r = (0xca01f9dd * x - 0x4973f715 * y) mod 2^32; r ^= r >> 16.
   pool[i] = hashmix(e[i]) for i = 0..3; then for src = 0..3, for dst = 0..3 with dst != src:
   pool[dst] = mix(pool[dst], hashmix(pool[src])), in that order (h keeps running).
3. State words (SeedSequence.generate_state(4, uint64)). A new constant g starts at 0x8b51f9dd;
   for i = 0..7: v = pool[i mod 4] ^ g; g = g * 0x58f38ded mod 2^32; v = v * g mod 2^32;
   v ^= v >> 16; w[i] = v. Then s[k] = w[2k] + w[2k+1] * 2^32 for k = 0..3.
4. PCG64 (XSL-RR 128/64) seeding, all mod 2^128, M = 0x2360ED051FC65DA44385DF649FCCF645:
   initstate = s[0] * 2^64 + s[1]; initseq = s[2] * 2^64 + s[3];
   inc = (initseq << 1) | 1 (the top bit of initseq falls off); state = 0; step;
   state += initstate; step; where step is state = state * M + inc.
5. First output: step; x = (state >> 64) XOR (state mod 2^64); rotate x right by
   (state >> 122) bits within 64 bits (a rotation by 0 leaves x as it is).
6. Uniform: (output >> 11) * 2^-53, exact in IEEE binary64, so it lies in [0, 1).
The action is 1 if that uniform < probability, else 0 (see base.draw_action).
Test vectors (seed -> uniform as float.hex): tests/unit/algorithms/test_draw.py.
"""

from __future__ import annotations

__all__ = ["seeded_uniform"]

_MASK32 = 0xFFFF_FFFF
_MASK64 = 0xFFFF_FFFF_FFFF_FFFF
_MASK128 = (1 << 128) - 1
_POOL_SIZE = 4
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_MULT_L, _MIX_MULT_R = 0xCA01F9DD, 0x4973F715
_XSHIFT = 16
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_TO_UNIT = 2.0**-53


def _hash_constants(init: int, mult: int, count: int) -> list[tuple[int, int]]:
    """(xor, multiplier) of each successive hash call: the running constant ignores the data,
    so it is computed once here and the hot path only multiplies."""
    out: list[tuple[int, int]] = []
    h = init
    for _ in range(count):
        nxt = (h * mult) & _MASK32
        out.append((h, nxt))
        h = nxt
    return out


# Pool hashing: 4 calls fill the pool, then 12 mix it (4 sources x 3 destinations).
_POOL_HASHES = _hash_constants(_INIT_A, _MULT_A, _POOL_SIZE * _POOL_SIZE)
_FILL = tuple(_POOL_HASHES[:_POOL_SIZE])
_MIX_PAIRS = [(src, dst) for src in range(_POOL_SIZE) for dst in range(_POOL_SIZE) if dst != src]
_MIX = tuple(
    (src, dst, xor, mult)
    for (src, dst), (xor, mult) in zip(_MIX_PAIRS, _POOL_HASHES[_POOL_SIZE:], strict=True)
)
# Output: 8 words, cycling over the pool.
_OUTPUT = tuple(
    (i % _POOL_SIZE, xor, mult)
    for i, (xor, mult) in enumerate(_hash_constants(_INIT_B, _MULT_B, 2 * _POOL_SIZE))
)


def _state_words(seed: int) -> list[int]:
    """Steps 1-3: SeedSequence(seed).generate_state(4, uint64) as eight 32-bit words."""
    pool = []
    for word, (xor, mult) in zip((seed & _MASK32, seed >> 32, 0, 0), _FILL, strict=True):
        v = ((word ^ xor) * mult) & _MASK32
        pool.append(v ^ (v >> _XSHIFT))
    for src, dst, xor, mult in _MIX:
        v = ((pool[src] ^ xor) * mult) & _MASK32
        r = (_MIX_MULT_L * pool[dst] - _MIX_MULT_R * (v ^ (v >> _XSHIFT))) & _MASK32
        pool[dst] = r ^ (r >> _XSHIFT)
    words = []
    for i, xor, mult in _OUTPUT:
        v = ((pool[i] ^ xor) * mult) & _MASK32
        words.append(v ^ (v >> _XSHIFT))
    return words


def _pcg64_first_output(initstate: int, initseq: int) -> int:
    """Steps 4-5."""
    inc = ((initseq << 1) | 1) & _MASK128
    state = inc  # 0 * M + inc
    state = ((state + initstate) * _PCG_MULT + inc) & _MASK128
    state = (state * _PCG_MULT + inc) & _MASK128
    x = ((state >> 64) ^ state) & _MASK64
    rot = state >> 122
    return ((x >> rot) | (x << (64 - rot))) & _MASK64


def seeded_uniform(seed: int) -> float:
    """numpy's `default_rng(seed).random()` for 0 <= seed < 2^64, from integers alone."""
    if not 0 <= seed <= _MASK64:
        raise ValueError(f"seed must lie in [0, 2**64), got {seed}")
    w = _state_words(seed)
    initstate = (w[1] << 96) | (w[0] << 64) | (w[3] << 32) | w[2]
    initseq = (w[5] << 96) | (w[4] << 64) | (w[7] << 32) | w[6]
    return (_pcg64_first_output(initstate, initseq) >> 11) * _TO_UNIT
