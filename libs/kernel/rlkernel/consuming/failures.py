"""Which failures wait for a dependency (how one is described: rlkernel.redaction).

A dependency that is away (PostgreSQL, Redis, Kafka, a study backend, the network) fails every
message alike, and coming back fixes them all: such a failure is retried without limit. Any
other failure belongs to the message or to the code and is retried only a few times.
"""

from __future__ import annotations

import httpx
import redis.exceptions
from aiokafka.errors import KafkaConnectionError, KafkaError, KafkaTimeoutError
from sqlalchemy import exc as sa

# SQLSTATEs (or their classes) of a database that is away or busy, not of a wrong statement:
# 08 connection exceptions, 53 insufficient resources, 57P01-03 shutting down or starting up,
# 40001/40P01 serialization failure and deadlock (PostgreSQL's advice is to retry).
DATABASE_AWAY = ("08", "53", "57P01", "57P02", "57P03", "40001", "40P01")
# OSErrors about local files are mistakes of the code or its deployment, not an outage.
LOCAL_FILES = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)


def is_infrastructure(exc: BaseException) -> bool:
    """True when a dependency is unavailable: the message itself is fine."""
    if isinstance(exc, BaseExceptionGroup):
        return all(is_infrastructure(e) for e in exc.exceptions)
    if isinstance(exc, sa.DBAPIError):
        return _database_away(exc)
    if isinstance(exc, sa.TimeoutError | sa.DisconnectionError):  # pool exhausted, link lost
        return True
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return True
    if isinstance(exc, KafkaError):
        return isinstance(exc, KafkaConnectionError | KafkaTimeoutError) or bool(exc.retriable)
    if isinstance(exc, httpx.TransportError):
        return True
    if isinstance(exc, OSError):  # ConnectionError and TimeoutError among them
        return not isinstance(exc, LOCAL_FILES)
    # A failure raised `from` an outage is that outage, said in other words.
    return exc.__cause__ is not None and is_infrastructure(exc.__cause__)


def _database_away(exc: sa.DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, sa.OperationalError | sa.InterfaceError):
        return False  # DataError, IntegrityError, ProgrammingError: the statement is wrong
    code = getattr(exc.orig, "pgcode", None)
    return code is None or str(code).startswith(DATABASE_AWAY)  # no code: never reached it
