"""Study files load and contexts are checked against their schema."""

from __future__ import annotations

import pytest

from gateway.contexts import validate_context
from rldomain.errors import Invalid
from rldomain.study import Study, load_studies
from rlkernel.settings import Settings


@pytest.fixture(scope="module")
def studies() -> dict[str, Study]:
    return load_studies(Settings().studies_dir)


def test_the_shipped_studies_load(studies: dict[str, Study]) -> None:
    assert studies["miwaves"].clip == (0.2, 0.8)
    assert studies["miwaves"].schedule.decisions_per_participant == 60
    assert studies["justin"].schedule.kind == "client_indexed"


def test_a_valid_context_passes(studies: dict[str, Study]) -> None:
    ctx = {
        "finished_ema": False,
        "activity_question_response": "NA",
        "app_use_flag": True,
        "cannabis_use": "NA",
    }
    assert validate_context(studies["miwaves"], ctx) == ctx


@pytest.mark.parametrize(
    ("context", "problem"),
    [
        ({}, "temperature: missing"),
        ({"temperature": 20, "x": 1}, "x: not a field"),
        ({"temperature": "warm"}, "temperature: must be float"),
        ({"temperature": True}, "temperature: must be float"),
    ],
)
def test_a_bad_context_is_refused_by_field(
    studies: dict[str, Study], context: dict[str, object], problem: str
) -> None:
    with pytest.raises(Invalid) as err:
        validate_context(studies["justin"], context)
    assert err.value.code == "invalid_context" and problem in err.value.message


def test_a_study_with_inverted_clip_bounds_is_refused(studies: dict[str, Study]) -> None:
    data = studies["justin"].model_dump()
    data["algorithm"]["clip"] = {"low": 0.9, "high": 0.1}
    with pytest.raises(ValueError, match="clip bounds"):
        Study.model_validate(data)


def test_placeholder_secrets_are_refused_outside_development() -> None:
    with pytest.raises(ValueError, match="ADMIN_TOKEN"):
        Settings(
            rls_env="production",
            admin_token="change-me",
            jwt_secret="x" * 32,
            seed_secret="y" * 32,
            _env_file=None,
        )
