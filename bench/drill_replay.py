"""The audit at the end of a drill: `rlservice replay` of the study over the deployment's log
and database (both, so the two are compared too), by its library function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rldomain.study import load_studies
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlservice.deployment import Deployment
from rlservice.replay.run import replay

KEPT = (
    "decisions",
    "decisions_mismatched",
    "policy_versions",
    "policy_versions_mismatched",
    "log_vs_db_differences",
    "mismatches",
    "seconds",
)


def replay_study(dep: Deployment, study_id: str, report: Path) -> dict[str, Any]:
    settings = dep.settings()
    study = load_studies(settings.studies_dir)[study_id]
    engine = make_engine(settings)
    try:
        code = replay(settings, make_sessionmaker(engine), study, "both", report)
    finally:
        engine.dispose()
    summary = json.loads(report.read_text())
    return {"exit_code": code, "report": str(report), **{k: summary[k] for k in KEPT}}
