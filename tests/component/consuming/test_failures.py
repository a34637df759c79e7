"""What counts as a dependency being away (waited for) and what as a failure of the message or
the code (retried a few times, then dead-lettered). How one is described: test_log_privacy."""

from __future__ import annotations

import httpx
import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, UnknownTopicOrPartitionError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from rlkernel.consuming.failures import is_infrastructure


class PgError(Exception):
    def __init__(self, message: str, pgcode: str | None) -> None:
        super().__init__(message)
        self.pgcode = pgcode


def database(kind: type[Exception], message: str, pgcode: str | None) -> Exception:
    return kind("INSERT INTO t VALUES (%(v)s)", {"v": 2147483648}, PgError(message, pgcode))


def caused_by(cause: Exception) -> Exception:
    try:
        raise RuntimeError("could not store") from cause
    except RuntimeError as exc:
        return exc


AWAY = [
    database(OperationalError, "could not connect to server: Connection refused", None),
    database(OperationalError, "terminating connection due to administrator command", "57P01"),
    database(OperationalError, "deadlock detected", "40P01"),
    RedisConnectionError("Connection refused"),
    RedisTimeoutError("Timeout reading from socket"),
    KafkaConnectionError("no broker"),
    KafkaTimeoutError(),
    UnknownTopicOrPartitionError(),  # retriable for aiokafka: metadata not there yet
    httpx.ConnectTimeout("timed out"),
    ConnectionResetError("reset by peer"),
    TimeoutError("timed out"),
    caused_by(ConnectionRefusedError("refused")),
    ExceptionGroup("both away", [TimeoutError(), ConnectionError()]),
]
OWN = [
    database(DataError, "integer out of range", "22003"),
    database(IntegrityError, "duplicate key value violates unique constraint", "23505"),
    database(OperationalError, "canceling statement due to statement timeout", "57014"),
    ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value"),
    ValueError("unknown study"),
    KeyError("action"),
    FileNotFoundError("studies/x.yaml"),
    ExceptionGroup("one is a bug", [TimeoutError(), ValueError()]),
]


@pytest.mark.parametrize("failure", AWAY, ids=lambda e: type(e).__name__)
def test_a_dependency_that_is_away_is_infrastructure(failure: Exception) -> None:
    assert is_infrastructure(failure)


@pytest.mark.parametrize("failure", OWN, ids=lambda e: type(e).__name__)
def test_a_failure_of_the_message_or_the_code_is_not_infrastructure(failure: Exception) -> None:
    assert not is_infrastructure(failure)
