"""Structured logging: one JSON object per line on stderr, the same shape in every service.

Participants' data is health data: log ids, counts, field names and error types, never answers,
contexts, baselines or records. Log calls pass only those; as a safety net for what nobody
chose to log (a library's traceback, an unexpected crash), every exception, of structlog or of
the standard logging module, is rendered by rlkernel.redaction: frames and types, no values.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from rlkernel.redaction import describe, render_exception


class _Formatter(logging.Formatter):
    """The libraries' records about an exception (uvicorn's "Exception in ASGI application",
    FastStream's "<type>: <message>", asyncio's "Task exception was never retrieved ... <repr>")
    with the exception's own words replaced by describe()'s, in the message and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        failure = record.exc_info[1] if record.exc_info else None
        if failure is not None:
            message = record.getMessage()
            for own_words in (repr(failure), str(failure)):
                if own_words:
                    message = message.replace(own_words, describe(failure))
            record = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None})
        return super().format(record)

    def formatException(self, ei: Any) -> str:
        return render_exception(ei)


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter("%(message)s"))
    logging.basicConfig(handlers=[handler], level=level.upper(), force=True)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.ExceptionRenderer(render_exception),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    # Libraries log through the standard logging module; keep them quiet but visible on errors.
    for noisy in ("aiokafka", "faststream", "uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # A process that dies of an exception logs it like any other, not as Python's full print.
    sys.excepthook = lambda *ei: get_logger("crash").critical("crashed", exc_info=ei)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]
