"""Seeds and slots: reproducible by whoever holds the study's secret, unpredictable otherwise."""

from __future__ import annotations

import hashlib
import hmac


def study_key(seed_secret: str, study_id: str) -> bytes:
    """The per-study secret, derived so one deployment secret serves every study."""
    return hmac.new(seed_secret.encode(), f"study:{study_id}".encode(), hashlib.sha256).digest()


def slot_seed(key: bytes, participant_id: str, decision_index: int) -> int:
    """63 bits of HMAC-SHA256 over (participant, decision index)."""
    digest = hmac.new(key, f"{participant_id}\x00{decision_index}".encode(), hashlib.sha256)
    return int.from_bytes(digest.digest()[:8], "big") >> 1
