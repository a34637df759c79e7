"""Failures are described and logged without the values they failed on: those may be answers.
(tests/e2e/test_log_privacy.py checks the real services' and PostgreSQL's logs.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DataError, IntegrityError

from rlkernel.db.engine import make_engine
from rlkernel.redaction import describe
from rlkernel.settings import Settings

MARKER = "zebra-quartz-answer"


class PgError(Exception):
    def __init__(self, message: str, pgcode: str) -> None:
        super().__init__(message)
        self.pgcode = pgcode


class Answers(BaseModel):
    cannabis_use: int


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (
            DataError(
                "INSERT INTO t VALUES (%(v)s)",
                {"v": MARKER},
                PgError(f'invalid input syntax for type integer: "{MARKER}"', "22P02"),
            ),
            "DataError: invalid input syntax for type integer: (value hidden)",
        ),
        (
            IntegrityError(
                "INSERT INTO t VALUES (%(v)s)",
                {"v": MARKER},
                PgError(f"violates check constraint\nDETAIL: Failing row contains ({MARKER})", "1"),
            ),
            "IntegrityError: violates check constraint",
        ),
        (ValueError(f"could not convert string to float: '{MARKER}'"), "ValueError: could not"),
        (ValueError(f"first line\n{MARKER}"), "ValueError: first line"),
    ],
    ids=["data", "row", "conversion", "second-line"],
)
def test_a_failure_is_described_by_its_type_and_first_line_without_values(
    failure: Exception, said: str
) -> None:
    assert describe(failure).startswith(said) and MARKER not in describe(failure)


def test_a_validation_error_is_described_by_its_fields() -> None:
    with pytest.raises(ValidationError) as invalid:
        Answers.model_validate({"cannabis_use": MARKER})
    assert MARKER in str(invalid.value)  # what pydantic itself would print
    assert describe(invalid.value) == (
        "ValidationError (Answers): cannabis_use: Input should be a valid integer, "
        "unable to parse string as an integer"
    )


def test_the_engines_hide_a_failing_statements_parameters() -> None:
    url = "postgresql+psycopg2://user:secret@127.0.0.1:1/none"
    assert make_engine(Settings(database_url=url)).hide_parameters


# A service process: a library logs a traceback, so does our code, then it dies of one.
SERVICE = textwrap.dedent(f"""
    import logging
    from pydantic import BaseModel
    from rlkernel.logs import configure_logging, get_logger

    class Answers(BaseModel):
        cannabis_use: int

    def validate():
        Answers.model_validate({{"cannabis_use": "{MARKER}"}})

    configure_logging("test")
    try:
        validate()
    except Exception:
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    try:
        validate()
    except Exception as exc:
        logging.getLogger("faststream").error(f"ValidationError: {{exc}}", exc_info=exc)
    try:
        validate()
    except Exception:
        get_logger("test").exception("handler_crashed")
    try:
        float("{MARKER}")
    except ValueError as exc:
        raise RuntimeError("storing failed") from exc
""")


def test_tracebacks_are_logged_with_frames_and_types_but_no_values() -> None:
    run = subprocess.run(
        [sys.executable, "-c", SERVICE], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 1
    logged = run.stderr
    assert MARKER not in logged
    assert "Exception in ASGI application" in logged and "handler_crashed" in logged
    assert logged.count("in validate") == 3  # the frames are there
    # In the faststream record's message too, and its traceback: 4.
    assert logged.count("ValidationError (Answers): cannabis_use: Input should be") == 4
    assert '"event": "crashed"' in logged
    assert "ValueError: could not convert string to float: (value hidden)" in logged
    assert "RuntimeError: storing failed" in logged
