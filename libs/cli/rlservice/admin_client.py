"""The tools' admin: created once with ADMIN_TOKEN, then a client that logs in like any other.

`rlservice up`, the simulator, the tests and the benchmarks need to create clients. They log in
as ADMIN_USERNAME with ADMIN_PASSWORD (both from .env), creating that admin first if the
deployment has none yet (POST /v1/bootstrap, the one thing ADMIN_TOKEN still does)."""

from __future__ import annotations

import httpx

from rlkernel.settings import Settings


def bootstrap(http: httpx.Client, settings: Settings) -> None:
    """Creates the tools' admin if no admin exists yet (a 409 says one does)."""
    password = settings.admin_password.get_secret_value()
    if len(password) < 12:
        raise SystemExit("ADMIN_PASSWORD in .env must be a real secret (make up writes one)")
    response = http.post(
        "/v1/bootstrap",
        json={"username": settings.admin_username, "password": password},
        headers={"Authorization": f"Bearer {settings.admin_token.get_secret_value()}"},
    )
    if response.status_code not in (201, 409):
        response.raise_for_status()


def login(http: httpx.Client, username: str, password: str) -> str:
    response = http.post("/v1/tokens", json={"username": username, "password": password})
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


def admin_token(base_url: str, settings: Settings) -> str:
    """An admin's access token for the deployment at `base_url`."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        bootstrap(http, settings)
        try:
            return login(http, settings.admin_username, settings.admin_password.get_secret_value())
        except httpx.HTTPStatusError as exc:
            raise SystemExit(
                f"cannot log in as the admin {settings.admin_username} (HTTP "
                f"{exc.response.status_code}): this deployment's first admin was made with "
                "another ADMIN_USERNAME/ADMIN_PASSWORD than .env holds"
            ) from None


def create_client(
    base_url: str,
    by: str,
    username: str,
    password: str,
    roles: list[tuple[str, str]],
    admin: bool = False,
) -> str:
    """Creates, with the admin token `by`, a client holding `roles` ((study, role) pairs), a
    deployment admin too if `admin`; returns the new client's access token."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        body = {
            "username": username,
            "password": password,
            "roles": [{"study_id": s, "role": r} for s, r in roles],
            "admin": admin,
        }
        http.post(
            "/v1/clients", json=body, headers={"Authorization": f"Bearer {by}"}
        ).raise_for_status()
        return login(http, username, password)
