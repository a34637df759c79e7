"""The study a command's --study option names, or a usage error listing the known ones."""

from __future__ import annotations

import typer

from rldomain.study import Study, load_studies
from rlkernel.settings import Settings


def study_named(settings: Settings, study_id: str) -> Study:
    studies = load_studies(settings.studies_dir)
    if study_id not in studies:
        raise typer.BadParameter(f"no study {study_id!r}; known: {', '.join(sorted(studies))}")
    return studies[study_id]
