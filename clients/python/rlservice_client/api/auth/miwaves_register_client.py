from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.mi_waves_credentials import MiWavesCredentials
from ...models.mi_waves_token import MiWavesToken
from ...types import Response


def _get_kwargs(
    *,
    body: MiWavesCredentials,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/register",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | MiWavesToken | None:
    if response.status_code == 201:
        response_201 = MiWavesToken.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Failure.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Failure.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Failure.from_dict(response.json())

        return response_413

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
) -> Response[Failure | MiWavesToken]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MiWavesCredentials,
) -> Response[Failure | MiWavesToken]:
    """Register Client

     Register the MiWaves study's backend client (with an admin's token); it gets the role
    backend in the study MIWAVES_STUDY names, and its first token (MiWaves).

    Args:
        body (MiWavesCredentials):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | MiWavesToken]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: MiWavesCredentials,
) -> Failure | MiWavesToken | None:
    """Register Client

     Register the MiWaves study's backend client (with an admin's token); it gets the role
    backend in the study MIWAVES_STUDY names, and its first token (MiWaves).

    Args:
        body (MiWavesCredentials):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | MiWavesToken
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MiWavesCredentials,
) -> Response[Failure | MiWavesToken]:
    """Register Client

     Register the MiWaves study's backend client (with an admin's token); it gets the role
    backend in the study MIWAVES_STUDY names, and its first token (MiWaves).

    Args:
        body (MiWavesCredentials):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | MiWavesToken]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: MiWavesCredentials,
) -> Failure | MiWavesToken | None:
    """Register Client

     Register the MiWaves study's backend client (with an admin's token); it gets the role
    backend in the study MIWAVES_STUDY names, and its first token (MiWaves).

    Args:
        body (MiWavesCredentials):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | MiWavesToken
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
