"""Every error is a 4xx JSON body with a stable code: {"status": "failure", "code", "message"}.

Use cases raise domain errors (rldomain.errors); this is the one place they become HTTP
statuses. `ApiError` is for what only the edge knows: authentication, and a client contract
that answers with another status than ours (JustIn's 400 for a known user).
Validation errors name the fields, never echo the values (they may be health data)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rldomain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Unavailable

STATUS_OF: dict[type[DomainError], int] = {
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    Unavailable: 503,
}


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers  # e.g. a 429's Retry-After


def body(code: str, message: str) -> dict[str, str]:
    return {"status": "failure", "code": code, "message": message}


def status_of(error: DomainError) -> int:
    """The status of the error's nearest mapped kind; a kind nobody mapped is a bug: 500."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 500


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def refused(_: Request, exc: DomainError) -> JSONResponse:
        headers = (
            {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, Unavailable) else None
        )
        return JSONResponse(
            body(exc.code, exc.message), status_code=status_of(exc), headers=headers
        )

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            body(exc.code, exc.message), status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}"
            for e in exc.errors()
        ]
        return JSONResponse(body("invalid_request", "; ".join(problems)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        return JSONResponse(
            body(codes.get(exc.status_code, "http_error"), str(exc.detail)),
            status_code=exc.status_code,
        )
