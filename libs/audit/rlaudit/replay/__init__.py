"""Re-deriving decisions and policy versions from what was logged: the audit's arithmetic.

Pure apart from its inputs: the study file, the study's seed key, the stored policy versions and
the logged decisions. `rlservice replay` feeds it from the Kafka log and PostgreSQL, or from a
trial archive.
"""

from __future__ import annotations

from .comparison import log_vs_db, unique_events
from .pilot_reset import since_reset
from .records import Finding, StoredPolicy
from .verifier import Verifier

__all__ = ["Finding", "StoredPolicy", "Verifier", "log_vs_db", "since_reset", "unique_events"]
