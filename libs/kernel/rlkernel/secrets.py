"""Secrets a study file refers to by name (its backend's credential): from the environment, or
from the git-ignored .env; never from the study file itself."""

from __future__ import annotations

import os

from dotenv import dotenv_values

from rlkernel.settings import PROJECT_ROOT


def secret(name: str | None) -> str | None:
    if not name:
        return None
    return os.environ.get(name) or dotenv_values(PROJECT_ROOT / ".env").get(name)
