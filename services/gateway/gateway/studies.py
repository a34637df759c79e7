"""The studies this deployment serves, looked up by id."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rldomain.errors import NotFound
from rldomain.study import Study


@dataclass(frozen=True)
class Studies:
    by_id: Mapping[str, Study]

    def get(self, study_id: str) -> Study:
        study = self.by_id.get(study_id)
        if study is None:
            raise NotFound("study_not_found", f"no study {study_id!r}")
        return study

    def __iter__(self) -> Iterator[Study]:
        return iter(self.by_id.values())
