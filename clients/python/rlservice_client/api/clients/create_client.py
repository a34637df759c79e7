from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_created import ClientCreated
from ...models.client_in import ClientIn
from ...models.failure import Failure
from ...types import Response


def _get_kwargs(
    *,
    body: ClientIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/clients",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientCreated | Failure | None:
    if response.status_code == 201:
        response_201 = ClientCreated.from_dict(response.json())

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
) -> Response[ClientCreated | Failure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientIn,
) -> Response[ClientCreated | Failure]:
    """Create Client

     Create a client: an admin, and/or roles in studies (backend, analyst, operator).

    Args:
        body (ClientIn): A new client: a deployment admin (manages clients and roles) and/or roles
            in studies.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientCreated | Failure]
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
    body: ClientIn,
) -> ClientCreated | Failure | None:
    """Create Client

     Create a client: an admin, and/or roles in studies (backend, analyst, operator).

    Args:
        body (ClientIn): A new client: a deployment admin (manages clients and roles) and/or roles
            in studies.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientCreated | Failure
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientIn,
) -> Response[ClientCreated | Failure]:
    """Create Client

     Create a client: an admin, and/or roles in studies (backend, analyst, operator).

    Args:
        body (ClientIn): A new client: a deployment admin (manages clients and roles) and/or roles
            in studies.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientCreated | Failure]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ClientIn,
) -> ClientCreated | Failure | None:
    """Create Client

     Create a client: an admin, and/or roles in studies (backend, analyst, operator).

    Args:
        body (ClientIn): A new client: a deployment admin (manages clients and roles) and/or roles
            in studies.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientCreated | Failure
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
