"""A study's fallback probability must lie inside its own clipping bounds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rldomain.study import load_study

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "studies" / "miwaves.yaml"


def write_study(directory: Path, fallback: float) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["fallback_probability"] = fallback
    path = directory / "study.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize("fallback", [0.1, 0.9, 0.0, 1.0])
def test_a_study_file_whose_fallback_lies_outside_its_clip_is_refused_at_load(
    tmp_path: Path, fallback: float
) -> None:
    clip = yaml.safe_load(EXAMPLE.read_text())["algorithm"]["clip"]
    low, high = clip["low"], clip["high"]
    message = f"fallback_probability {fallback} lies outside the clip bounds [{low}, {high}]"
    with pytest.raises(ValueError, match=re.escape(message)):
        load_study(write_study(tmp_path, fallback))


@pytest.mark.parametrize("fallback", [0.2, 0.5, 0.8])
def test_a_fallback_inside_or_on_the_clip_bounds_loads(tmp_path: Path, fallback: float) -> None:
    assert load_study(write_study(tmp_path, fallback)).fallback_probability == fallback
