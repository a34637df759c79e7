from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.revoke_role_role import RevokeRoleRole
from ...models.role_changed import RoleChanged
from ...types import Response


def _get_kwargs(
    username: str,
    study_id: str,
    role: RevokeRoleRole,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/clients/{username}/roles/{study_id}/{role}".format(
            username=quote(str(username), safe=""),
            study_id=quote(str(study_id), safe=""),
            role=quote(str(role), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | RoleChanged | None:
    if response.status_code == 200:
        response_200 = RoleChanged.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Failure.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Failure.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Failure.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Failure | RoleChanged]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    username: str,
    study_id: str,
    role: RevokeRoleRole,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | RoleChanged]:
    """Revoke Role

     Take a role away; the client's next request already goes without it.

    Args:
        username (str):
        study_id (str):
        role (RevokeRoleRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | RoleChanged]
    """

    kwargs = _get_kwargs(
        username=username,
        study_id=study_id,
        role=role,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    username: str,
    study_id: str,
    role: RevokeRoleRole,
    *,
    client: AuthenticatedClient,
) -> Failure | RoleChanged | None:
    """Revoke Role

     Take a role away; the client's next request already goes without it.

    Args:
        username (str):
        study_id (str):
        role (RevokeRoleRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | RoleChanged
    """

    return sync_detailed(
        username=username,
        study_id=study_id,
        role=role,
        client=client,
    ).parsed


async def asyncio_detailed(
    username: str,
    study_id: str,
    role: RevokeRoleRole,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | RoleChanged]:
    """Revoke Role

     Take a role away; the client's next request already goes without it.

    Args:
        username (str):
        study_id (str):
        role (RevokeRoleRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | RoleChanged]
    """

    kwargs = _get_kwargs(
        username=username,
        study_id=study_id,
        role=role,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    username: str,
    study_id: str,
    role: RevokeRoleRole,
    *,
    client: AuthenticatedClient,
) -> Failure | RoleChanged | None:
    """Revoke Role

     Take a role away; the client's next request already goes without it.

    Args:
        username (str):
        study_id (str):
        role (RevokeRoleRole):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | RoleChanged
    """

    return (
        await asyncio_detailed(
            username=username,
            study_id=study_id,
            role=role,
            client=client,
        )
    ).parsed
