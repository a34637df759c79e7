"""Where the gateway caches a participant (cache-aside over PostgreSQL)."""

from __future__ import annotations


def cache_key(namespace: str, study_id: str, participant_id: str) -> str:
    """Whoever changes a participant deletes this key after the commit."""
    return f"{namespace}:participant:{study_id}:{participant_id}"
